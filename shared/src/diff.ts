/**
 * What changed between two versions of a rate card, row by row: the hotel cost, every category
 * and band's care cost, every CHC tier amount, each with old, new, the change in pounds and in
 * percent; rows only one card has are 'added' or 'removed'; every other field that changed is
 * listed as metadata; and what the change does to each weekly fee at each rating. Rows are
 * matched by id, never by position, so reordering categories is not a change.
 *
 * The approver reads it before approving, the task pane's diff view shows it, providers see its
 * £ and % columns on a shared scenario, the service returns it from its diff endpoint and after
 * an uplift; so it is plain JSON, and every amount is diffed here once.
 *
 * Percentages: (new − old) ÷ old as a percentage, rounded half up (away from zero) to 2 decimal
 * places ("3.10" is 3.10%; 10.80 ÷ 348.43 = 3.0996% → "3.10"), the figure the papers and the
 * pages show; null when old is 0 or a row is on one card only.
 */
import { Decimal, formatPounds, PERCENT_PLACES, toPercent } from './money';
import type { RateCard } from './rateCard';
import { feeSchedule, type ScheduleRow } from './schedule';

export type RowStatus = 'changed' | 'unchanged' | 'added' | 'removed';

export interface DiffRow {
  /** Stable across versions: "hotel", "care/older-residential", "care/ld/2", "chc/tier-1/weeklyFee". */
  key: string;
  kind: 'hotel' | 'care' | 'chc';
  /** In words, as the task pane shows it: "care cost: Learning disability band 2". */
  label: string;
  category: string | null;
  band: string | null;
  tier: string | null;
  /** For CHC rows: weeklyFee, baseWeeklyFee or staffing.hourlyRate. */
  field: string | null;
  status: RowStatus;
  /** Amounts as canonical pounds-and-pence text; null where the card has no such row. */
  old: string | null;
  new: string | null;
  /** new − old in pounds ("3.24", "-1.00"), exact; null for an added or removed row. */
  change: string | null;
  /** (new − old) ÷ old in percent, 2 places half up ("10.90" is 10.90%); see the module note. */
  percent: string | null;
}

export interface MetadataChange {
  /** Dotted path of the field, with ids for list items: "quality.gold", "categories.ld.name". */
  field: string;
  /** In words: "in force from", "quality adjustment: gold", "band name: Learning disability band 1". */
  label: string;
  old: string | null;
  new: string | null;
}

/** A weekly fee at each rating, as the schedule gives it. */
export type RatingFees = Pick<ScheduleRow, 'gold' | 'silver' | 'bronze'>;

export interface FeeChange {
  kind: 'added' | 'removed' | 'changed';
  category: string;
  band: string | null;
  /** Weekly fees at each rating on the older card, null when the row is new. */
  before: RatingFees | null;
  after: RatingFees | null;
  /** Change in the standard (Silver) weekly fee, when the row is on both cards. */
  difference?: string;
  /** That change as a percentage of the older Silver fee, 2 places half up; null from £0. */
  percent?: string | null;
}

export interface CardDiff {
  from: { id: string; version: number };
  to: { id: string; version: number };
  hotel: DiffRow;
  /** Every care and CHC row, in the newer card's order, then the removed ones. */
  rows: DiffRow[];
  /** Every other field that changed (id, version, title, dates, quality, names, staffing, notes). */
  metadata: MetadataChange[];
  /** Only weekly fees that moved at some rating, plus added and removed rows. */
  fees: FeeChange[];
  /** How many of hotel and rows are in each status. */
  summary: Record<RowStatus, number>;
}

/** (after − before) ÷ before in percent, half up to 2 places ("3.10"); null from zero. */
function percentChange(before: string, change: Decimal): string | null {
  return new Decimal(before).isZero()
    ? null
    : toPercent(change.div(before)).toFixed(PERCENT_PLACES);
}

type RowId = Pick<DiffRow, 'key' | 'kind' | 'label' | 'category' | 'band' | 'tier' | 'field'>;

function row(id: RowId, before: string | null, after: string | null): DiffRow {
  if (before === null || after === null) {
    return {
      ...id,
      status: after === null ? 'removed' : 'added',
      old: before,
      new: after,
      change: null,
      percent: null,
    };
  }
  const change = new Decimal(after).minus(before);
  return {
    ...id,
    status: change.isZero() ? 'unchanged' : 'changed',
    old: before,
    new: after,
    change: formatPounds(change),
    percent: percentChange(before, change),
  };
}

/** The amounts a card lists, by stable key, in card order. */
function amounts(card: RateCard): Map<string, { id: RowId; value: string }> {
  const out = new Map<string, { id: RowId; value: string }>();
  for (const c of card.categories) {
    if (c.bands) {
      for (const b of c.bands) {
        const key = `care/${c.id}/${b.id}`;
        out.set(key, {
          id: {
            key,
            kind: 'care',
            label: `care cost: ${c.name} band ${b.id}`,
            category: c.id,
            band: b.id,
            tier: null,
            field: null,
          },
          value: b.careCost,
        });
      }
    } else {
      const key = `care/${c.id}`;
      out.set(key, {
        id: {
          key,
          kind: 'care',
          label: `care cost: ${c.name}`,
          category: c.id,
          band: null,
          tier: null,
          field: null,
        },
        value: c.careCost!,
      });
    }
  }
  for (const t of card.chcTiers ?? []) {
    const fields: Array<[string, string, string]> =
      t.kind === 'fixed'
        ? [['weeklyFee', 'weekly fee', t.weeklyFee]]
        : [
            ['baseWeeklyFee', 'base weekly fee', t.baseWeeklyFee],
            ['staffing.hourlyRate', 'staff hourly rate', t.staffing.hourlyRate],
          ];
    for (const [field, words, value] of fields) {
      const key = `chc/${t.id}/${field}`;
      out.set(key, {
        id: {
          key,
          kind: 'chc',
          label: `CHC tier: ${t.name} ${words}`,
          category: null,
          band: null,
          tier: t.id,
          field,
        },
        value,
      });
    }
  }
  return out;
}

type Scalar = string | number | null | undefined;
type Field = { label: string; value: string | null };

/** Every non-amount field of a card, flattened to dotted paths (ids, not positions, for lists). */
function metadataFields(card: RateCard): Map<string, Field> {
  const out = new Map<string, Field>();
  const put = (field: string, label: string, value: Scalar) =>
    out.set(field, { label, value: value === undefined || value === null ? null : String(value) });
  put('id', 'id', card.id);
  put('version', 'version', card.version);
  put('title', 'title', card.title);
  put('commissioner', 'commissioner', card.commissioner);
  put('effectiveFrom', 'in force from', card.effectiveFrom);
  put('effectiveTo', 'in force until', card.effectiveTo);
  put('rounding', 'rounding', card.rounding);
  for (const rating of ['gold', 'silver', 'bronze'] as const)
    put(`quality.${rating}`, `quality adjustment: ${rating}`, card.quality[rating]);
  const wage = card.localCareWage;
  put('localCareWage.name', 'local care wage: name', wage?.name);
  put('localCareWage.hourlyRate', `local care wage: ${wage?.name ?? ''}`.trim(), wage?.hourlyRate);
  put(
    'localCareWage.effectiveFrom',
    `local care wage: ${wage?.name ? `${wage.name} ` : ''}in force from`,
    wage?.effectiveFrom,
  );
  for (const c of card.categories) {
    put(`categories.${c.id}.name`, `category name: ${c.id}`, c.name);
    for (const b of c.bands ?? [])
      put(`categories.${c.id}.bands.${b.id}.name`, `band name: ${c.name} band ${b.id}`, b.name);
  }
  for (const t of card.chcTiers ?? []) {
    put(`chcTiers.${t.id}.name`, `CHC tier name: ${t.id}`, t.name);
    if (t.kind === 'staffed') {
      const tier = `CHC tier: ${t.name}`;
      put(
        `chcTiers.${t.id}.staffing.hoursPerDay`,
        `${tier} hours covered a day`,
        t.staffing.hoursPerDay,
      );
      put(`chcTiers.${t.id}.staffing.staff`, `${tier} staff`, t.staffing.staff);
      put(`chcTiers.${t.id}.staffing.people`, `${tier} people sharing`, t.staffing.people);
    }
  }
  put('notes', 'notes', card.notes);
  return out;
}

/** Each weekly fee row, by category and band: the ones that moved at some rating, added or removed. */
function feeChanges(from: RateCard, to: RateCard): FeeChange[] {
  const key = (r: ScheduleRow) => `${r.category}\u0000${r.band ?? ''}`;
  const fees = (r: ScheduleRow): RatingFees => ({
    gold: r.gold,
    silver: r.silver,
    bronze: r.bronze,
  });
  const older = new Map(feeSchedule(from).map((r) => [key(r), r]));
  const out: FeeChange[] = [];
  for (const r of feeSchedule(to)) {
    const was = older.get(key(r));
    older.delete(key(r));
    const at = { category: r.category, band: r.band };
    if (!was) {
      out.push({ kind: 'added', ...at, before: null, after: fees(r) });
    } else if (was.gold !== r.gold || was.silver !== r.silver || was.bronze !== r.bronze) {
      const difference = new Decimal(r.silver).minus(was.silver);
      out.push({
        kind: 'changed',
        ...at,
        before: fees(was),
        after: fees(r),
        difference: formatPounds(difference),
        percent: percentChange(was.silver, difference),
      });
    }
  }
  for (const was of older.values()) {
    out.push({
      kind: 'removed',
      category: was.category,
      band: was.band,
      before: fees(was),
      after: null,
    });
  }
  return out;
}

/** What changed from one card to another (normally two versions of one card). */
export function diffCards(from: RateCard, to: RateCard): CardDiff {
  const hotel = row(
    {
      key: 'hotel',
      kind: 'hotel',
      label: 'hotel cost',
      category: null,
      band: null,
      tier: null,
      field: null,
    },
    from.hotelCost,
    to.hotelCost,
  );

  const older = amounts(from);
  const newer = amounts(to);
  const rows: DiffRow[] = [];
  for (const [key, { id, value }] of newer)
    rows.push(row(id, older.get(key)?.value ?? null, value));
  for (const [key, { id, value }] of older) if (!newer.has(key)) rows.push(row(id, value, null));

  const before = metadataFields(from);
  const after = metadataFields(to);
  const metadata: MetadataChange[] = [];
  for (const [field, now] of after) {
    const was = before.get(field) ?? { label: now.label, value: null };
    // Named as on the card that has the field: a removed local care wage keeps its name.
    const label = now.value === null ? was.label : now.label;
    if (was.value !== now.value) metadata.push({ field, label, old: was.value, new: now.value });
  }
  for (const [field, { label, value }] of before)
    if (!after.has(field) && value !== null) metadata.push({ field, label, old: value, new: null });

  const summary: Record<RowStatus, number> = { changed: 0, unchanged: 0, added: 0, removed: 0 };
  for (const r of [hotel, ...rows]) summary[r.status] += 1;

  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    hotel,
    rows,
    metadata,
    fees: feeChanges(from, to),
    summary,
  };
}
