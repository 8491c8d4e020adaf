/**
 * Two versions of a rate card side by side, row by row: the hotel cost, every category and
 * band's care cost, every CHC tier amount, each with old, new, the change in pounds and in
 * percent; rows only one card has are 'added' or 'removed'; other fields that changed are
 * listed as metadata. Rows are matched by id, never by position. The service's diff endpoint,
 * the add-in's diff view and the provider scenario pages all show this, so it is plain JSON.
 *
 * The result also carries the field-by-field `changes` and the fee effects (`fees`) from
 * cardDiff.ts, so a caller of either sees one diff.
 */
import { diffCards as fieldDiff, type CardDiff as FieldDiff } from './cardDiff';
import { Decimal, formatPounds } from './money';
import type { RateCard } from './rateCard';

export type RowStatus = 'changed' | 'unchanged' | 'added' | 'removed';

export interface DiffRow {
  /** Stable across versions: "hotel", "care/older-residential", "care/ld/2", "chc/tier-1/weeklyFee". */
  key: string;
  kind: 'hotel' | 'care' | 'chc';
  /** In words: "Learning disability, band 2". */
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
  /**
   * (new − old) ÷ old as a percentage, rounded half up (away from zero) to 2 decimal places for
   * display: "10.90" is 10.90%. Null for an added or removed row, or when old is 0.
   */
  percent: string | null;
}

export interface MetadataChange {
  /** Dotted path of the field, with ids for list items: "quality.gold", "categories.ld.name". */
  field: string;
  old: string | null;
  new: string | null;
}

export interface CardDiff extends FieldDiff {
  hotel: DiffRow;
  /** Every care and CHC row, in the newer card's order, then the removed ones. */
  rows: DiffRow[];
  metadata: MetadataChange[];
  summary: Record<RowStatus, number>;
}

/** A percentage shown to 2 decimal places: enough to tell 3.1% from 3.14%. */
const PERCENT_PLACES = 2;

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
  const percent = new Decimal(before).isZero()
    ? null
    : change
        .div(before)
        .times(100)
        .toDecimalPlaces(PERCENT_PLACES, Decimal.ROUND_HALF_UP)
        .toFixed(PERCENT_PLACES);
  return {
    ...id,
    status: change.isZero() ? 'unchanged' : 'changed',
    old: before,
    new: after,
    change: formatPounds(change),
    percent,
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
            label: `${c.name}, band ${b.name ?? b.id}`,
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
          label: c.name,
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
          label: `CHC ${t.name}: ${words}`,
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

/** Every non-amount field of a card, flattened to dotted paths (ids, not positions, for lists). */
function metadataFields(card: RateCard): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const put = (field: string, value: Scalar) =>
    out.set(field, value === undefined || value === null ? null : String(value));
  put('id', card.id);
  put('version', card.version);
  put('title', card.title);
  put('commissioner', card.commissioner);
  put('effectiveFrom', card.effectiveFrom);
  put('effectiveTo', card.effectiveTo);
  put('rounding', card.rounding);
  put('quality.gold', card.quality.gold);
  put('quality.silver', card.quality.silver);
  put('quality.bronze', card.quality.bronze);
  put('localCareWage.name', card.localCareWage?.name);
  put('localCareWage.hourlyRate', card.localCareWage?.hourlyRate);
  put('localCareWage.effectiveFrom', card.localCareWage?.effectiveFrom);
  for (const c of card.categories) {
    put(`categories.${c.id}.name`, c.name);
    for (const b of c.bands ?? []) put(`categories.${c.id}.bands.${b.id}.name`, b.name);
  }
  for (const t of card.chcTiers ?? []) {
    put(`chcTiers.${t.id}.name`, t.name);
    if (t.kind === 'staffed') {
      put(`chcTiers.${t.id}.staffing.hoursPerDay`, t.staffing.hoursPerDay);
      put(`chcTiers.${t.id}.staffing.staff`, t.staffing.staff);
      put(`chcTiers.${t.id}.staffing.people`, t.staffing.people);
    }
  }
  put('notes', card.notes);
  return out;
}

/** What changed from one card to another (normally two versions of one card). */
export function diffCards(from: RateCard, to: RateCard): CardDiff {
  const hotel = row(
    {
      key: 'hotel',
      kind: 'hotel',
      label: 'Hotel cost',
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
  for (const [field, value] of after) {
    const was = before.get(field) ?? null;
    if (was !== value) metadata.push({ field, old: was, new: value });
  }
  for (const [field, value] of before)
    if (!after.has(field) && value !== null) metadata.push({ field, old: value, new: null });

  const summary: Record<RowStatus, number> = { changed: 0, unchanged: 0, added: 0, removed: 0 };
  for (const r of [hotel, ...rows]) summary[r.status] += 1;

  return { ...fieldDiff(from, to), hotel, rows, metadata, summary };
}
