/**
 * What changed between two versions of a rate card: every field that moved, matched by id
 * (never by position, so reordering categories is not a change), and what it does to each
 * weekly fee. The approver reads it before approving; providers read it when a draft
 * scenario is shared with them; the service returns it after an uplift.
 */
import { Decimal, formatPounds } from './money';
import type { RateCard } from './rateCard';
import { feeSchedule, type ScheduleRow } from './schedule';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface CardChange {
  kind: ChangeKind;
  /** Where the field is: in the newer card, or in the older one for a removal. */
  path: Array<string | number>;
  /** The field in words: "care cost: Learning disability band 2". */
  label: string;
  before: string | null;
  after: string | null;
  /** For amounts and percentages changed in place: after − before. */
  difference?: string;
  /** For amounts changed in place: (after − before) ÷ before, half up to 4 places ("0.0310" = 3.10%). */
  percent?: string | null;
}

export interface FeeChange {
  kind: ChangeKind;
  category: string;
  band: string | null;
  /** Weekly fees at each rating on the older card, null when the row is new. */
  before: Pick<ScheduleRow, 'gold' | 'silver' | 'bronze'> | null;
  after: Pick<ScheduleRow, 'gold' | 'silver' | 'bronze'> | null;
  /** Change in the standard (Silver) weekly fee, when the row is on both cards. */
  difference?: string;
}

export interface CardDiff {
  from: { id: string; version: number };
  to: { id: string; version: number };
  changes: CardChange[];
  /** Only rows whose fee at some rating moved, plus added and removed rows. */
  fees: FeeChange[];
}

/** Fractions of a percent shown to two places: enough to tell 3.1% from 3.14%. */
const PERCENT_PLACES = 4;

type Value = string | number | null | undefined;
type Kind = 'money' | 'number' | 'text';

class Collector {
  readonly changes: CardChange[] = [];

  field(path: CardChange['path'], label: string, before: Value, after: Value, kind: Kind): void {
    const b = before === undefined || before === null ? null : String(before);
    const a = after === undefined || after === null ? null : String(after);
    if (b === a) return;
    if (b !== null && a !== null && kind !== 'text' && new Decimal(b).eq(a)) return;
    if (b === null)
      return void this.changes.push({ kind: 'added', path, label, before: null, after: a });
    if (a === null)
      return void this.changes.push({ kind: 'removed', path, label, before: b, after: null });
    const change: CardChange = { kind: 'changed', path, label, before: b, after: a };
    if (kind !== 'text') {
      const difference = new Decimal(a).minus(b);
      change.difference = kind === 'money' ? formatPounds(difference) : difference.toString();
      if (kind === 'money') {
        change.percent = new Decimal(b).isZero()
          ? null
          : difference
              .div(b)
              .toDecimalPlaces(PERCENT_PLACES, Decimal.ROUND_HALF_UP)
              .toFixed(PERCENT_PLACES);
      }
    }
    this.changes.push(change);
  }

  whole(
    kind: 'added' | 'removed',
    path: CardChange['path'],
    label: string,
    value: string | null,
  ): void {
    this.changes.push({
      kind,
      path,
      label,
      before: kind === 'removed' ? value : null,
      after: kind === 'added' ? value : null,
    });
  }
}

/** Pair items by id: [older item or undefined, newer item or undefined, index in older, index in newer]. */
function pairById<T extends { id: string }>(older: readonly T[], newer: readonly T[]) {
  const pairs: Array<{ before?: T; after?: T; i: number; j: number }> = [];
  newer.forEach((after, j) => {
    const i = older.findIndex((o) => o.id === after.id);
    pairs.push({ before: i >= 0 ? older[i] : undefined, after, i, j });
  });
  older.forEach((before, i) => {
    if (!newer.some((n) => n.id === before.id)) pairs.push({ before, i, j: -1 });
  });
  return pairs;
}

export function diffCards(from: RateCard, to: RateCard): CardDiff {
  const c = new Collector();
  c.field(['title'], 'title', from.title, to.title, 'text');
  c.field(['commissioner'], 'commissioner', from.commissioner, to.commissioner, 'text');
  c.field(['effectiveFrom'], 'in force from', from.effectiveFrom, to.effectiveFrom, 'text');
  c.field(['effectiveTo'], 'in force until', from.effectiveTo, to.effectiveTo, 'text');
  c.field(['rounding'], 'rounding', from.rounding, to.rounding, 'text');
  c.field(['hotelCost'], 'hotel cost', from.hotelCost, to.hotelCost, 'money');
  for (const rating of ['gold', 'silver', 'bronze'] as const) {
    c.field(
      ['quality', rating],
      `quality adjustment: ${rating}`,
      from.quality[rating],
      to.quality[rating],
      'number',
    );
  }
  diffLocalCareWage(c, from, to);
  diffCategories(c, from, to);
  diffChcTiers(c, from, to);
  c.field(['notes'], 'notes', from.notes, to.notes, 'text');
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    changes: c.changes,
    fees: diffFees(from, to),
  };
}

function diffLocalCareWage(c: Collector, from: RateCard, to: RateCard): void {
  const [b, a] = [from.localCareWage, to.localCareWage];
  if (!b && !a) return;
  if (!b || !a) {
    const wage = (a ?? b)!;
    c.whole(
      a ? 'added' : 'removed',
      ['localCareWage'],
      `local care wage: ${wage.name}`,
      `${wage.hourlyRate} an hour from ${wage.effectiveFrom}`,
    );
    return;
  }
  c.field(['localCareWage', 'name'], 'local care wage: name', b.name, a.name, 'text');
  c.field(
    ['localCareWage', 'hourlyRate'],
    `local care wage: ${a.name}`,
    b.hourlyRate,
    a.hourlyRate,
    'money',
  );
  c.field(
    ['localCareWage', 'effectiveFrom'],
    `local care wage: ${a.name} in force from`,
    b.effectiveFrom,
    a.effectiveFrom,
    'text',
  );
}

function diffCategories(c: Collector, from: RateCard, to: RateCard): void {
  for (const { before, after, i, j } of pairById(from.categories, to.categories)) {
    if (!before || !after) {
      const category = (after ?? before)!;
      const cost = category.careCost ?? `${category.bands!.length} bands`;
      c.whole(
        after ? 'added' : 'removed',
        ['categories', after ? j : i],
        `category: ${category.name}`,
        cost,
      );
      continue;
    }
    const at = ['categories', j];
    c.field([...at, 'name'], `category name: ${after.id}`, before.name, after.name, 'text');
    c.field(
      [...at, 'careCost'],
      `care cost: ${after.name}`,
      before.careCost,
      after.careCost,
      'money',
    );
    for (const band of pairById(before.bands ?? [], after.bands ?? [])) {
      const label = `care cost: ${after.name} band ${(band.after ?? band.before)!.id}`;
      if (!band.before || !band.after) {
        const path = [...at, 'bands', band.after ? band.j : band.i];
        c.whole(
          band.after ? 'added' : 'removed',
          path,
          label,
          (band.after ?? band.before)!.careCost,
        );
        continue;
      }
      const path = [...at, 'bands', band.j];
      c.field(
        [...path, 'name'],
        `band name: ${after.name} band ${band.after.id}`,
        band.before.name,
        band.after.name,
        'text',
      );
      c.field([...path, 'careCost'], label, band.before.careCost, band.after.careCost, 'money');
    }
  }
}

function diffChcTiers(c: Collector, from: RateCard, to: RateCard): void {
  for (const { before, after, i, j } of pairById(from.chcTiers ?? [], to.chcTiers ?? [])) {
    const describe = (t: NonNullable<RateCard['chcTiers']>[number]) =>
      t.kind === 'fixed'
        ? `${t.weeklyFee} a week`
        : `${t.baseWeeklyFee} a week plus staffing at ${t.staffing.hourlyRate} an hour`;
    if (!before || !after || before.kind !== after.kind) {
      if (before) c.whole('removed', ['chcTiers', i], `CHC tier: ${before.name}`, describe(before));
      if (after) c.whole('added', ['chcTiers', j], `CHC tier: ${after.name}`, describe(after));
      continue;
    }
    const at = ['chcTiers', j];
    const tier = `CHC tier: ${after.name}`;
    c.field([...at, 'name'], `CHC tier name: ${after.id}`, before.name, after.name, 'text');
    if (before.kind === 'fixed' && after.kind === 'fixed') {
      c.field(
        [...at, 'weeklyFee'],
        `${tier} weekly fee`,
        before.weeklyFee,
        after.weeklyFee,
        'money',
      );
    } else if (before.kind === 'staffed' && after.kind === 'staffed') {
      c.field(
        [...at, 'baseWeeklyFee'],
        `${tier} base weekly fee`,
        before.baseWeeklyFee,
        after.baseWeeklyFee,
        'money',
      );
      c.field(
        [...at, 'staffing', 'hourlyRate'],
        `${tier} staff hourly rate`,
        before.staffing.hourlyRate,
        after.staffing.hourlyRate,
        'money',
      );
      c.field(
        [...at, 'staffing', 'hoursPerDay'],
        `${tier} hours covered a day`,
        before.staffing.hoursPerDay,
        after.staffing.hoursPerDay,
        'number',
      );
      c.field(
        [...at, 'staffing', 'staff'],
        `${tier} staff`,
        before.staffing.staff,
        after.staffing.staff,
        'number',
      );
      c.field(
        [...at, 'staffing', 'people'],
        `${tier} people sharing`,
        before.staffing.people,
        after.staffing.people,
        'number',
      );
    }
  }
}

function diffFees(from: RateCard, to: RateCard): FeeChange[] {
  const key = (r: ScheduleRow) => `${r.category}\u0000${r.band ?? ''}`;
  const fees = (r: ScheduleRow) => ({ gold: r.gold, silver: r.silver, bronze: r.bronze });
  const older = new Map(feeSchedule(from).map((r) => [key(r), r]));
  const newer = feeSchedule(to);
  const out: FeeChange[] = [];
  for (const row of newer) {
    const was = older.get(key(row));
    older.delete(key(row));
    if (!was) {
      out.push({
        kind: 'added',
        category: row.category,
        band: row.band,
        before: null,
        after: fees(row),
      });
    } else if (was.gold !== row.gold || was.silver !== row.silver || was.bronze !== row.bronze) {
      const difference = formatPounds(new Decimal(row.silver).minus(was.silver));
      out.push({
        kind: 'changed',
        category: row.category,
        band: row.band,
        before: fees(was),
        after: fees(row),
        difference,
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
