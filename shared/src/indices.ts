/**
 * Reference series the annual price review and nursing placements read: the National Living
 * Wage, CPIH, the national Funded Nursing Care rates. A series is a list of dated values, each
 * in force from its date until the next one starts, each with who published it and by when.
 * The data ships in shared/data/referenceSeries.ts; an organisation lays its own values and
 * series (e.g. a local care wage) over it through `extra`.
 *
 * Two kinds of series:
 * - levels (a wage an hour, a rate a week, an index): the change between two dates is
 *   new ÷ old − 1, unrounded (the division is the only inexact step: 40 significant digits);
 * - rates (unit 'percent': CPIH's 12-month rate): the series already is a change, so the
 *   change "between" two dates is the rate in force at the later date, as a fraction.
 */
import { z } from 'zod';
import { invalid, notFound, type ErrorPath } from './errors';
import { Decimal, formatPounds, roundRate, toDecimal } from './money';
import { isoDateSchema, slugSchema, zodToCareFeeError } from './rateCard';
import { toIsoDate, type IsoDate } from './dates';
import { REFERENCE_SERIES_DATA } from '../data/referenceSeries';

/** What a series measures, so its values print, validate and change the right way. */
export const INDEX_UNITS = ['pounds-per-hour', 'pounds-per-week', 'index', 'percent'] as const;
export type IndexUnit = (typeof INDEX_UNITS)[number];

const isMoney = (unit: IndexUnit) => unit === 'pounds-per-hour' || unit === 'pounds-per-week';

const decimalTextSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return toDecimal(value, 'value').toString();
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const indexPointSchema = z
  .object({
    from: isoDateSchema,
    value: decimalTextSchema,
    /** Who published this value, when it differs from the series' source. */
    source: z.string().min(1).max(500).optional(),
    /** The date by which the value had been published. */
    asOf: isoDateSchema.optional(),
    note: z.string().min(1).max(500).optional(),
  })
  .strict();

export const indexSeriesSchema = z
  .object({
    id: slugSchema,
    name: z.string().min(1).max(200),
    unit: z.enum(INDEX_UNITS),
    /** Who publishes it, in words (no links: the product runs offline). */
    source: z.string().min(1).max(500),
    /** Oldest first; each value holds from its date until the next point's date. */
    points: z.array(indexPointSchema).min(1),
  })
  .strict()
  .superRefine((series, ctx) => {
    series.points.forEach((point, i) => {
      const issue = (message: string, field: string) =>
        ctx.addIssue({ code: 'custom', path: ['points', i, field], message });
      const previous = series.points[i - 1];
      if (previous && point.from <= previous.from)
        issue(`dates must increase: ${point.from} follows ${previous.from}`, 'from');
      const value = new Decimal(point.value);
      if (series.unit === 'percent') {
        if (value.lte(-100))
          issue(`a percentage must be greater than -100, got ${point.value}`, 'value');
      } else if (!value.gt(0)) {
        issue(`value must be greater than 0, got ${point.value}`, 'value');
      } else if (isMoney(series.unit) && value.decimalPlaces() > 2) {
        issue(`a money value must be in pounds and pence, got ${point.value}`, 'value');
      }
    });
  })
  // Money values in their canonical pounds-and-pence text ("7.50"), as rate cards keep them.
  .transform((series) =>
    isMoney(series.unit)
      ? {
          ...series,
          points: series.points.map((p) => ({ ...p, value: formatPounds(new Decimal(p.value)) })),
        }
      : series,
  );

export type IndexSeriesInput = z.input<typeof indexSeriesSchema>;
export type IndexSeries = z.output<typeof indexSeriesSchema>;
export type IndexPoint = IndexSeries['points'][number];

/** Validate a series, or throw a CareFeeError naming the bad field. */
export function parseIndexSeries(input: unknown, prefix: ErrorPath = []): IndexSeries {
  const result = indexSeriesSchema.safeParse(input);
  if (!result.success) throw zodToCareFeeError(result.error, prefix);
  return result.data;
}

/**
 * Every series carefee reads is set once a year (the wage and nursing rates each April, CPIH's
 * September rate for the next April's review), so the latest value is known to hold for one
 * year from its date and no further: after that the next value is due but not yet known.
 */
export const SERIES_RENEWAL_MONTHS = 12;

/** The first day the latest value of a series is no longer known to hold. */
export function publishedUntil(series: IndexSeries): IsoDate {
  const latest = series.points[series.points.length - 1]!.from;
  const year = Number(latest.slice(0, 4)) + SERIES_RENEWAL_MONTHS / 12;
  return `${String(year).padStart(4, '0')}${latest.slice(4)}`;
}

/**
 * The point in force on a date: the last one starting on or before it. A date after the
 * latest value's year is NOT_FOUND "not yet published" (naming the latest value): carefee
 * never carries a value forward into a year it does not know.
 */
export function pointOn(
  series: IndexSeries,
  date: IsoDate,
  path: ErrorPath = ['date'],
): IndexPoint {
  toIsoDate(date, String(path[path.length - 1] ?? 'date'), path);
  let found: IndexPoint | undefined;
  for (const point of series.points) {
    if (point.from > date) break;
    found = point;
  }
  if (!found) {
    throw notFound(
      `${series.name} (${series.id}) has no value in force on ${date}: its first value is from ${series.points[0]!.from}`,
      path,
    );
  }
  if (found === series.points[series.points.length - 1] && date >= publishedUntil(series)) {
    throw notFound(
      `${series.name} (${series.id}) for ${date} is not yet published: the latest published value is ${found.value}, in force from ${found.from}${found.asOf && found.asOf !== found.from ? ` (published ${found.asOf})` : ''}. Enter a forecast as your own assumption instead.`,
      path,
    );
  }
  return found;
}

/** The value in force on a date, as canonical decimal text ("7.50"). */
export function valueOn(series: IndexSeries, date: IsoDate, path: ErrorPath = ['date']): string {
  return pointOn(series, date, path).value;
}

/** The 1 April that starts a review (financial) year, e.g. 2025 → "2025-04-01". */
export function reviewDate(reviewYear: number, path: ErrorPath = ['reviewYear']): IsoDate {
  if (!Number.isInteger(reviewYear) || reviewYear < 1990 || reviewYear > 2200) {
    throw invalid(`reviewYear must be a whole year such as 2025, got ${reviewYear}`, path);
  }
  return `${reviewYear}-04-01`;
}

/**
 * ONS publishes annual inflation rates to one decimal place of a percent: three places of a
 * decimal fraction. `changeBetween` and `yearOnYearChange` round to it by default, the way a
 * change is quoted; `indexChange` does not round.
 */
export const PUBLISHED_CHANGE_PLACES = 3;

export interface IndexChange {
  series: string;
  fromDate: IsoDate;
  toDate: IsoDate;
  /** The value in force at fromDate; null for a rate series read before its first value. */
  fromValue: string | null;
  toValue: string;
  /**
   * A decimal fraction ("0.044" is 4.4%). Level series: toValue ÷ fromValue − 1; rate series:
   * toValue ÷ 100. Rounded half up (away from zero) to the places asked for, or unrounded.
   */
  change: string;
}

/**
 * The change in a series between the values in force on two dates (see IndexChange), as it is
 * quoted: rounded half up to `places` (by default the published 0.1%, three places of a
 * fraction). `places: null` leaves it unrounded, as `indexChange` does.
 */
export function changeBetween(
  series: IndexSeries,
  fromDate: IsoDate,
  toDate: IsoDate,
  places: number | null = PUBLISHED_CHANGE_PLACES,
): IndexChange {
  if (places !== null && (!Number.isInteger(places) || places < 0 || places > 20)) {
    throw invalid(`places must be a whole number from 0 to 20, got ${places}`, ['places']);
  }
  toIsoDate(fromDate, 'fromDate', ['fromDate']);
  toIsoDate(toDate, 'toDate', ['toDate']);
  if (toDate <= fromDate)
    throw invalid(`toDate ${toDate} must be after fromDate ${fromDate}`, ['toDate']);
  const toValue = valueOn(series, toDate, ['toDate']);
  let change: Decimal;
  let fromValue: string | null;
  if (series.unit === 'percent') {
    fromValue = series.points[0]!.from <= fromDate ? valueOn(series, fromDate, ['fromDate']) : null;
    change = new Decimal(toValue).div(100);
  } else {
    fromValue = valueOn(series, fromDate, ['fromDate']);
    // (new − old) ÷ old: the subtraction is exact, so the one division keeps 40 significant digits.
    change = new Decimal(toValue).minus(fromValue).div(fromValue);
  }
  const text = places === null ? change.toString() : roundRate(change, places).toFixed(places);
  return { series: series.id, fromDate, toDate, fromValue, toValue, change: text };
}

/**
 * The year-on-year change a price review for `reviewYear` uses, as it is quoted: between
 * 1 April of the year before and 1 April of the review year (Birmingham methodology, increases
 * from 1 April), rounded half up to `places` (by default the published 0.1%: "0.067" for the
 * NLW's 6.7% in 2025). For the exact, unrounded change use `indexChange`. For CPIH this is the September rate published before the review
 * (September 2024's 2.6% for a review effective 1 April 2025).
 */
export function yearOnYearChange(
  series: IndexSeries | string,
  reviewYear: number,
  places: number | null = PUBLISHED_CHANGE_PLACES,
): IndexChange {
  const s = typeof series === 'string' ? referenceSeries(series) : series;
  return changeBetween(s, reviewDate(reviewYear - 1), reviewDate(reviewYear), places);
}

// ---------------------------------------------------------------------------------------------
// The shipped series.

const shipped = REFERENCE_SERIES_DATA.map((data, i) =>
  parseIndexSeries(data, ['REFERENCE_SERIES', i]),
);
const byId = (id: string) => shipped.find((s) => s.id === id)!;

export const NATIONAL_LIVING_WAGE: IndexSeries = byId('nlw');
export const CPIH: IndexSeries = byId('cpih');
export const FUNDED_NURSING_CARE: IndexSeries = byId('fnc');
export const FUNDED_NURSING_CARE_HIGHER: IndexSeries = byId('fnc-higher');

/** The reference series the engine ships, by id ('nlw', 'cpih', 'fnc', 'fnc-higher'). */
export const REFERENCE_SERIES: ReadonlyMap<string, IndexSeries> = new Map(
  shipped.map((s) => [s.id, s]),
);

/**
 * Series ids are matched without regard to case, and "_" reads as "-", so 'NLW', 'CPIH',
 * 'FNC' and 'FNC_HIGHER' (as people write them in a sheet) find the shipped series.
 */
export function seriesKey(id: string): string {
  return id.trim().toLowerCase().replace(/_/g, '-');
}

/** Look a shipped series up by id, or throw NOT_FOUND naming the ones there are. */
export function referenceSeries(id: string, path: ErrorPath = ['series']): IndexSeries {
  const series = REFERENCE_SERIES.get(seriesKey(id));
  if (!series)
    throw notFound(
      `no reference series "${id}" (there are ${[...REFERENCE_SERIES.keys()].join(', ')})`,
      path,
    );
  return series;
}

// ---------------------------------------------------------------------------------------------
// Series an organisation adds or overrides.

/**
 * Values an organisation lays over the shipped series, or a series of its own (e.g. a local
 * care wage, id 'bcw'). For a shipped id give only points (its name and unit are fixed); a
 * point on the same date as a shipped one replaces it. A new series needs a name and a unit.
 */
export const extraSeriesSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200).optional(),
    unit: z.enum(INDEX_UNITS).optional(),
    source: z.string().min(1).max(500).optional(),
    points: z.array(indexPointSchema).min(1),
  })
  .strict();
export type ExtraSeries = z.input<typeof extraSeriesSchema>;

/** Every series in force for a caller: the shipped ones with `extra` laid over them, by id. */
export function seriesCatalogue(
  extra: readonly ExtraSeries[] = [],
): ReadonlyMap<string, IndexSeries> {
  if (extra.length === 0) return REFERENCE_SERIES;
  if (!Array.isArray(extra)) throw invalid('extra must be a list of series', ['extra']);
  const catalogue = new Map(REFERENCE_SERIES);
  extra.forEach((input, i) => {
    const path = ['extra', i];
    const parsed = extraSeriesSchema.safeParse(input);
    if (!parsed.success) throw zodToCareFeeError(parsed.error, path);
    const e = parsed.data;
    const id = seriesKey(e.id);
    const base = catalogue.get(id);
    if (base && e.unit !== undefined && e.unit !== base.unit) {
      throw invalid(
        `series "${id}" is in ${base.unit}; extra values cannot change it to ${e.unit}`,
        [...path, 'unit'],
      );
    }
    if (!base && (e.name === undefined || e.unit === undefined)) {
      throw invalid(`"${e.id}" is a new series: give its name and unit with its values`, [
        ...path,
        e.name === undefined ? 'name' : 'unit',
      ]);
    }
    const points = new Map(
      (base?.points ?? []).map((p) => [p.from, p as IndexSeriesInput['points'][number]]),
    );
    const seen = new Set<string>();
    e.points.forEach((p, j) => {
      if (seen.has(p.from))
        throw invalid(`two values for ${p.from} in series "${id}"`, [...path, 'points', j, 'from']);
      seen.add(p.from);
      points.set(p.from, { ...p, source: p.source ?? e.source ?? 'organisation' });
    });
    const merged = {
      id,
      name: base?.name ?? e.name!,
      unit: base?.unit ?? e.unit!,
      source: base?.source ?? e.source ?? 'organisation',
      points: [...points.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    };
    catalogue.set(id, parseIndexSeries(merged, path));
  });
  return catalogue;
}

/** A series by id, from the shipped ones and `extra`; NOT_FOUND lists the ids there are. */
export function findSeries(
  id: string,
  extra: readonly ExtraSeries[] = [],
  path: ErrorPath = ['series'],
): IndexSeries {
  if (typeof id !== 'string' || id.trim() === '')
    throw invalid('series must be an id such as NLW or CPIH', path);
  const catalogue = seriesCatalogue(extra);
  const series = catalogue.get(seriesKey(id));
  if (!series)
    throw notFound(`no index series "${id}" (there are ${[...catalogue.keys()].join(', ')})`, path);
  return series;
}

/** A value with where it came from, as a result should carry it. */
export interface IndexValue {
  series: string;
  name: string;
  unit: IndexUnit;
  /** The date asked about. */
  date: IsoDate;
  /** The date the value is in force from. */
  from: IsoDate;
  value: string;
  source: string;
  /** By when the value had been published (its `from` date where the data does not say). */
  asOf: IsoDate;
  note?: string;
}

/** The value of a series in force on a date: the latest value dated on or before it. */
export function indexValue(
  seriesId: string,
  date: IsoDate,
  extra: readonly ExtraSeries[] = [],
): IndexValue {
  const series = findSeries(seriesId, extra);
  const point = pointOn(series, date);
  return {
    series: series.id,
    name: series.name,
    unit: series.unit,
    date,
    from: point.from,
    value: point.value,
    source: point.source ?? series.source,
    asOf: point.asOf ?? point.from,
    ...(point.note ? { note: point.note } : {}),
  };
}

/**
 * The change in a series from one date to a later one, as an unrounded decimal fraction:
 * new ÷ old − 1 for a level series, the rate in force at toDate ÷ 100 for CPIH (see the top).
 */
export function indexChange(
  seriesId: string,
  fromDate: IsoDate,
  toDate: IsoDate,
  extra: readonly ExtraSeries[] = [],
): string {
  return changeBetween(findSeries(seriesId, extra), fromDate, toDate, null).change;
}

/** The weekly Funded Nursing Care rate in force on a date: standard, or the legacy higher rate. */
export function fncRate(
  date: IsoDate,
  rate: 'standard' | 'higher' = 'standard',
  extra: readonly ExtraSeries[] = [],
): IndexValue {
  if (rate !== 'standard' && rate !== 'higher') {
    throw invalid(`FNC rate must be "standard" or "higher", got ${JSON.stringify(rate)}`, ['rate']);
  }
  return indexValue(rate === 'standard' ? 'fnc' : 'fnc-higher', date, extra);
}
