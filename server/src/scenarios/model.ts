/** A scenario as the service holds it (never sent to a share link as is: see view.ts). */
import type { RateCard } from '../../../shared/src/rateCard';
import type {
  Position,
  CostUnit,
  ScenarioAssumptions,
} from '../../../shared/src/contract/scenarioView';

export interface UpliftAssumptions {
  reviewYear: number;
  cpihChange: string;
  nlwChange: string;
  localWageChange?: string | null;
}

export interface Scenario {
  id: string;
  organisationId: string;
  title: string;
  base: { card: RateCard; status: string; approvedAt: string | null };
  proposed: { kind: 'version' | 'uplift'; card: RateCard; version: number | null; status: string };
  uplift: UpliftAssumptions | null;
  assumptions: ScenarioAssumptions;
  opensAt: string;
  closesAt: string;
  createdBy: string;
  createdAt: string;
}

export interface ShareLink {
  id: string;
  scenarioId: string;
  label: string;
  expiresAt: string | null;
  revokedAt: string | null;
  viewCount: number;
  lastViewedAt: string | null;
  createdBy: string;
  createdAt: string;
}

export interface StoredComment {
  category: string | null;
  band: string | null;
  text: string;
}

export interface StoredEvidence {
  category: string | null;
  band: string | null;
  description: string;
  amount: string;
  unit: CostUnit;
}

export interface StoredResponse {
  id: string;
  /** 8 characters the provider quotes: shown on the confirmation. */
  reference: string;
  scenarioId: string;
  linkId: string;
  linkLabel: string;
  organisationName: string;
  contactName: string;
  contactEmail: string;
  cqcLocationId: string | null;
  position: Position;
  comments: StoredComment[];
  costEvidence: StoredEvidence[];
  /** When it was first sent. */
  submittedAt: string;
  /** When it was last changed through its private link (submittedAt if never). */
  updatedAt: string;
}
