/**
 * What a share link shows: the public view of one scenario. Everything here is safe to hand to
 * anyone holding the link, so it carries no user ids or names, no organisation ids and nothing
 * about any other card. The provider page (browser) and the service both build on these types.
 */

export type WindowStatus = 'upcoming' | 'open' | 'closed';

/** Where a side of the comparison came from: provenance for the page and the notes sheet. */
export interface PublicCardRef {
  id: string;
  /** Null for an uplift proposal that is not (yet) a stored version. */
  version: number | null;
  title: string;
  commissioner: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** approved, draft, submitted...; "uplift" for a proposal computed from the assumptions. */
  status: string;
  /** The day the version was approved (YYYY-MM-DD), when it has been. */
  approvedOn: string | null;
}

export interface Amounts {
  hotel: string;
  care: string;
  /** The standard weekly fee, hotel + care. */
  weekly: string;
}

export interface Change {
  /** Signed pounds and pence, "12.34" or "-1.00". */
  pounds: string;
  /** Signed percent, 2 places half up as the engine's diff gives it ("3.80"); null when the old figure was zero or absent. */
  percent: string | null;
}

export interface ScenarioRow {
  /** "category" or "category/band": what a comment on this row names. */
  key: string;
  category: string;
  categoryName: string;
  band: string | null;
  bandName: string | null;
  /** Null when the row is new in the proposal. */
  current: Amounts | null;
  /** Null when the proposal drops the row. */
  proposed: Amounts | null;
  /** Change in the weekly fee; null when either side is missing. */
  change: Change | null;
  careChange: Change | null;
}

export interface ScenarioAssumptions {
  /** Decimal fractions as text: "0.038" is 3.8%. */
  cpihChange?: string;
  nlwChange?: string;
  localWageChange?: string;
  notes?: string;
}

export interface PublicScenario {
  title: string;
  commissioner: string;
  opensAt: string;
  closesAt: string;
  status: WindowStatus;
  current: PublicCardRef;
  proposed: PublicCardRef;
  hotel: { current: string; proposed: string; change: Change };
  rows: ScenarioRow[];
  assumptions: ScenarioAssumptions;
  /** The assumptions in plain English, one sentence each. */
  assumptionText: string[];
}

export const POSITIONS = ['support', 'support-with-changes', 'oppose'] as const;
export type Position = (typeof POSITIONS)[number];

export const POSITION_LABELS: Record<Position, string> = {
  support: 'Support',
  'support-with-changes': 'Support with changes',
  oppose: 'Oppose',
};

export const COST_UNITS = ['per-week', 'per-hour', 'per-year', 'one-off'] as const;
export type CostUnit = (typeof COST_UNITS)[number];

export const COST_UNIT_LABELS: Record<CostUnit, string> = {
  'per-week': 'a week',
  'per-hour': 'an hour',
  'per-year': 'a year',
  'one-off': 'one-off',
};
