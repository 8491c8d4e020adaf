/**
 * Reference series the annual price review reads: the National Living Wage, CPIH, the
 * national Funded Nursing Care rate. A series is a list of values, each in force from a date
 * until the next one starts. The year-on-year change between two 1 Aprils is what the
 * Birmingham price review methodology uplifts by.
 */
import { z } from 'zod';
import { invalid, notFound, type ErrorPath } from './errors';
import { Decimal, formatPounds, toDecimal } from './money';
import { isoDateSchema, slugSchema, zodToCareFeeError } from './rateCard';
import { toIsoDate, type IsoDate } from './dates';

/** What a series measures, so its values print and validate the right way. */
export const INDEX_UNITS = ['pounds-per-hour', 'pounds-per-week', 'index'] as const;
export type IndexUnit = (typeof INDEX_UNITS)[number];

const positiveDecimalSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    const d = toDecimal(value, 'value');
    if (!d.isPositive() || d.isZero()) {
      ctx.addIssue({ code: 'custom', message: `value must be greater than 0, got ${value}` });
      return z.NEVER;
    }
    return d.toString();
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const indexPointSchema = z
  .object({ from: isoDateSchema, value: positiveDecimalSchema })
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
      const previous = series.points[i - 1];
      if (previous && point.from <= previous.from) {
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'from'],
          message: `dates must increase: ${point.from} follows ${previous.from}`,
        });
      }
      if (series.unit !== 'index' && new Decimal(point.value).decimalPlaces() > 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'value'],
          message: `a money value must be in pounds and pence, got ${point.value}`,
        });
      }
    });
  })
  // Money values in their canonical pounds-and-pence text ("7.50"), as rate cards keep them.
  .transform((series) =>
    series.unit === 'index'
      ? series
      : {
          ...series,
          points: series.points.map((p) => ({ ...p, value: formatPounds(new Decimal(p.value)) })),
        },
  );

export type IndexSeriesInput = z.input<typeof indexSeriesSchema>;
export type IndexSeries = z.output<typeof indexSeriesSchema>;
export type IndexPoint = IndexSeries['points'][number];

/** Validate a series, or throw a CareFeeError naming the bad field. */
export function parseIndexSeries(input: unknown): IndexSeries {
  const result = indexSeriesSchema.safeParse(input);
  if (!result.success) throw zodToCareFeeError(result.error);
  return result.data;
}

/** The point in force on a date: the last one starting on or before it. */
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
      `${series.name} has no value in force on ${date} (its first starts ${series.points[0]!.from})`,
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
 * ONS publishes annual inflation rates to one decimal place of a percent, and the papers quote
 * wage rises the same way (NLW +4.4%): three places of a decimal fraction.
 */
export const PUBLISHED_CHANGE_PLACES = 3;

export interface IndexChange {
  series: string;
  fromDate: IsoDate;
  toDate: IsoDate;
  fromValue: string;
  toValue: string;
  /** (to ÷ from) − 1 to `places` decimal places, half up (away from zero): "0.044" is 4.4%. */
  change: string;
}

/** The percentage change in a series between the values in force on two dates. */
export function changeBetween(
  series: IndexSeries,
  fromDate: IsoDate,
  toDate: IsoDate,
  places: number = PUBLISHED_CHANGE_PLACES,
): IndexChange {
  if (!Number.isInteger(places) || places < 0 || places > 20) {
    throw invalid(`places must be a whole number from 0 to 20, got ${places}`, ['places']);
  }
  toIsoDate(fromDate, 'fromDate', ['fromDate']);
  toIsoDate(toDate, 'toDate', ['toDate']);
  if (toDate <= fromDate)
    throw invalid(`toDate ${toDate} must be after fromDate ${fromDate}`, ['toDate']);
  const fromValue = valueOn(series, fromDate, ['fromDate']);
  const toValue = valueOn(series, toDate, ['toDate']);
  // One explicit rounding: the exact ratio (40 significant digits) to the published places.
  const change = new Decimal(toValue)
    .div(fromValue)
    .minus(1)
    .toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  return {
    series: series.id,
    fromDate,
    toDate,
    fromValue,
    toValue,
    change: change.toFixed(places),
  };
}

/**
 * The year-on-year change a price review for `reviewYear` uses: the value in force on
 * 1 April of that year against the one in force a year earlier (Birmingham methodology:
 * "%age year on year change", increases applying from 1 April).
 */
export function yearOnYearChange(
  series: IndexSeries,
  reviewYear: number,
  places: number = PUBLISHED_CHANGE_PLACES,
): IndexChange {
  const to = reviewDate(reviewYear);
  return changeBetween(series, reviewDate(reviewYear - 1), to, places);
}

/**
 * The National Living Wage an hour, as set by the UK Government each 1 April (for workers
 * aged 25 and over until March 2021, 23 and over from April 2021, 21 and over from April 2024). The 2017 anchor (£7.50) is the one the
 * Birmingham strategy prices its 2017/18 care costs on.
 */
export const NATIONAL_LIVING_WAGE: IndexSeries = parseIndexSeries({
  id: 'nlw',
  name: 'National Living Wage',
  unit: 'pounds-per-hour',
  source: 'UK Government, National Minimum Wage and National Living Wage rates',
  points: [
    { from: '2016-04-01', value: '7.20' },
    { from: '2017-04-01', value: '7.50' },
    { from: '2018-04-01', value: '7.83' },
    { from: '2019-04-01', value: '8.21' },
    { from: '2020-04-01', value: '8.72' },
    { from: '2021-04-01', value: '8.91' },
    { from: '2022-04-01', value: '9.50' },
    { from: '2023-04-01', value: '10.42' },
    { from: '2024-04-01', value: '11.44' },
    { from: '2025-04-01', value: '12.21' },
    { from: '2026-04-01', value: '12.71' },
  ],
});

/**
 * The standard weekly rate of NHS-funded nursing care in England, set nationally for each
 * financial year: what the NHS pays towards a nursing-home placement that is not CHC-funded.
 * 2019/20 is the rate as revised and backdated to 1 April 2019 (first announced as £165.56).
 * 2021/22 is the standard rate; a separate retrospective pandemic payment on top of it is not
 * a rate and is not here.
 */
export const FUNDED_NURSING_CARE: IndexSeries = parseIndexSeries({
  id: 'fnc',
  name: 'NHS-funded nursing care (standard weekly rate, England)',
  unit: 'pounds-per-week',
  source: 'Department of Health and Social Care, NHS-funded nursing care rate announcements',
  points: [
    { from: '2016-04-01', value: '156.25' },
    { from: '2017-04-01', value: '155.05' },
    { from: '2018-04-01', value: '158.16' },
    { from: '2019-04-01', value: '180.31' },
    { from: '2020-04-01', value: '183.92' },
    { from: '2021-04-01', value: '187.60' },
    { from: '2022-04-01', value: '209.19' },
    { from: '2023-04-01', value: '219.71' },
    { from: '2024-04-01', value: '235.88' },
    { from: '2025-04-01', value: '254.06' },
    { from: '2026-04-01', value: '267.68' },
  ],
});

/** The reference series the engine ships, by id. */
export const REFERENCE_SERIES: ReadonlyMap<string, IndexSeries> = new Map(
  [NATIONAL_LIVING_WAGE, FUNDED_NURSING_CARE].map((series) => [series.id, series]),
);

/** Look a shipped series up by id, or throw NOT_FOUND naming the ones there are. */
export function referenceSeries(id: string, path: ErrorPath = ['series']): IndexSeries {
  const series = REFERENCE_SERIES.get(id);
  if (!series)
    throw notFound(
      `no reference series "${id}" (there are ${[...REFERENCE_SERIES.keys()].join(', ')})`,
      path,
    );
  return series;
}
