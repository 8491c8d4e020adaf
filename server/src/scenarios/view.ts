/**
 * The public view of a scenario: current approved rates beside the proposed ones, the change
 * in pounds and percent from the engine's card diff, and the assumptions in plain English.
 * Pure: the service serves it to share links, the exports write it to files.
 */
import { diffCards, type CardDiff, type DiffRow } from '../../../shared/src/diff';
import { Decimal } from '../../../shared/src/money';
import type { RateCard } from '../../../shared/src/rateCard';
import { feeSchedule, type ScheduleRow } from '../../../shared/src/schedule';
import type { Scenario } from './model';
import type {
  Amounts,
  Change,
  PublicCardRef,
  PublicScenario,
  ScenarioRow,
  WindowStatus,
} from '../../../shared/src/contract/scenarioView';

export function windowStatus(opensAt: string, closesAt: string, now: Date): WindowStatus {
  const t = now.getTime();
  if (t < Date.parse(opensAt)) return 'upcoming';
  if (t >= Date.parse(closesAt)) return 'closed';
  return 'open';
}

/** A rate given as a fraction ("0.038") in words: "3.8%". */
export function percentWords(fraction: string): string {
  return `${new Decimal(fraction).times(100).toString()}%`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-04-01" → "1 April 2026". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

const pounds = (amount: string) =>
  `£${new Decimal(amount).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

const rowKey = (category: string, band: string | null) =>
  band === null ? category : `${category}/${band}`;

const ZERO_CHANGE: Change = { pounds: '0.00', percent: '0.00' };

function amounts(row: ScheduleRow): Amounts {
  // The standard weekly fee is the Silver fee: hotel + care, no quality adjustment.
  return { hotel: row.hotel, care: row.care, weekly: row.silver };
}

export interface RateComparison {
  diff: CardDiff;
  hotel: PublicScenario['hotel'];
  rows: ScenarioRow[];
}

/** Current beside proposed, row by row, with the changes the engine's diff reports. */
export function compareCards(current: RateCard, proposed: RateCard): RateComparison {
  const diff = diffCards(current, proposed);
  // An amount the diff saw move; unchanged ones (even from £0, which has no percent) show 0.00%.
  const moved = (r: DiffRow): Change | null =>
    r.status === 'changed' ? { pounds: r.change!, percent: r.percent } : null;
  const hotelChange = moved(diff.hotel) ?? ZERO_CHANGE;
  const careChanges = new Map<string, Change>();
  for (const r of diff.rows) {
    const change = r.kind === 'care' ? moved(r) : null;
    if (change) careChanges.set(rowKey(r.category!, r.band), change);
  }
  const weeklyChanges = new Map<string, Change>();
  for (const fee of diff.fees) {
    if (fee.kind !== 'changed' || fee.difference === undefined) continue;
    weeklyChanges.set(rowKey(fee.category, fee.band), {
      pounds: fee.difference,
      percent: fee.percent ?? null,
    });
  }

  const before = new Map(feeSchedule(current).map((r) => [rowKey(r.category, r.band), r]));
  const rows: ScenarioRow[] = [];
  for (const row of feeSchedule(proposed)) {
    const key = rowKey(row.category, row.band);
    const was = before.get(key);
    before.delete(key);
    rows.push({
      key,
      category: row.category,
      categoryName: row.categoryName,
      band: row.band,
      bandName: row.bandName,
      current: was ? amounts(was) : null,
      proposed: amounts(row),
      change: was ? (weeklyChanges.get(key) ?? ZERO_CHANGE) : null,
      careChange: was ? (careChanges.get(key) ?? ZERO_CHANGE) : null,
    });
  }
  for (const [key, was] of before) {
    rows.push({
      key,
      category: was.category,
      categoryName: was.categoryName,
      band: was.band,
      bandName: was.bandName,
      current: amounts(was),
      proposed: null,
      change: null,
      careChange: null,
    });
  }
  return {
    diff,
    hotel: { current: current.hotelCost, proposed: proposed.hotelCost, change: hotelChange },
    rows,
  };
}

/** The assumptions, one plain-English sentence each, as a provider would want them explained. */
export function describeAssumptions(scenario: Scenario, hotel: PublicScenario['hotel']): string[] {
  const a = scenario.assumptions;
  const lines: string[] = [];
  const proposed = scenario.proposed.card;
  lines.push(`The proposed rates would take effect on ${longDate(proposed.effectiveFrom)}.`);
  if (a.cpihChange !== undefined) {
    lines.push(
      `Hotel costs (accommodation, food and utilities) rise by CPIH, ${percentWords(a.cpihChange)}: from ${pounds(hotel.current)} to ${pounds(hotel.proposed)} a week.`,
    );
  } else if (hotel.current !== hotel.proposed) {
    lines.push(
      `The weekly hotel cost moves from ${pounds(hotel.current)} to ${pounds(hotel.proposed)}.`,
    );
  }
  const nlw = a.nlwChange;
  const local = a.localWageChange ?? undefined;
  if (nlw !== undefined && local !== undefined) {
    const localWins = new Decimal(local).gt(nlw);
    const wage = proposed.localCareWage?.name ?? 'the local care wage';
    lines.push(
      localWins
        ? `Care costs rise by the increase in ${wage}, ${percentWords(local)}, which is greater than the National Living Wage increase of ${percentWords(nlw)}.`
        : `Care costs rise by the National Living Wage increase, ${percentWords(nlw)}, which is at least the increase in ${wage} (${percentWords(local)}).`,
    );
  } else if (nlw !== undefined) {
    lines.push(`Care costs rise by the National Living Wage increase, ${percentWords(nlw)}.`);
  } else if (local !== undefined) {
    lines.push(`Care costs rise by the local care wage increase, ${percentWords(local)}.`);
  }
  const q = proposed.quality;
  lines.push(
    `Quality adjustments: Gold homes receive ${signedPercent(q.gold)} on the weekly fee, Silver the standard fee, and Bronze ${signedPercent(q.bronze)} once the time allowed for improvement has passed.`,
  );
  lines.push('Each rate is rounded to the nearest penny.');
  if (a.notes) lines.push(a.notes);
  return lines;
}

function signedPercent(fraction: string): string {
  const d = new Decimal(fraction);
  return `${d.isNegative() ? '−' : '+'}${d.abs().times(100).toString()}%`;
}

function cardRef(
  card: RateCard,
  version: number | null,
  status: string,
  approvedAt: string | null,
): PublicCardRef {
  return {
    id: card.id,
    version,
    title: card.title,
    commissioner: card.commissioner,
    effectiveFrom: card.effectiveFrom,
    effectiveTo: card.effectiveTo ?? null,
    status,
    approvedOn: approvedAt ? approvedAt.slice(0, 10) : null,
  };
}

/** Everything a share link may see of a scenario, and nothing more. */
export function publicScenario(scenario: Scenario, now: Date): PublicScenario {
  const { hotel, rows } = compareCards(scenario.base.card, scenario.proposed.card);
  return {
    title: scenario.title,
    commissioner: scenario.base.card.commissioner,
    opensAt: scenario.opensAt,
    closesAt: scenario.closesAt,
    status: windowStatus(scenario.opensAt, scenario.closesAt, now),
    current: cardRef(
      scenario.base.card,
      scenario.base.card.version,
      scenario.base.status,
      scenario.base.approvedAt,
    ),
    proposed: cardRef(
      scenario.proposed.card,
      scenario.proposed.version,
      scenario.proposed.status,
      null,
    ),
    hotel,
    rows,
    assumptions: scenario.assumptions,
    assumptionText: describeAssumptions(scenario, hotel),
  };
}
