/**
 * The reference series carefee ships: national figures the annual price review and nursing
 * placements read. Data only, kept as a TypeScript module so it bundles into the add-in and
 * works offline; shared/src/indices.ts validates it at load. An organisation replaces or
 * extends any of it at run time (the `extra` argument of the index functions, or the
 * service's organisation values); nobody edits this file to do so.
 *
 * Conventions:
 * - A value is in force from its `from` date until the next value's date.
 * - Money values are pounds and pence; a 'percent' value is in percent ("2.6" is 2.6%).
 * - `source` names the publisher; `asOf` is the date by which the figure had been published:
 *   for the wage and nursing rates, conservatively the day they came into force; for CPIH, the
 *   end of the month after the month measured (September's rate is published in October).
 */
import type { IndexSeriesInput } from '../src/indices';

const NLW_SOURCE = 'UK Government on the advice of the Low Pay Commission (National Living Wage rates)';
const FNC_SOURCE = 'Department of Health and Social Care (NHS-funded nursing care rate, England)';
const CPIH_SOURCE = 'Office for National Statistics (CPIH 12-month rate, consumer price inflation)';

/** Values in force from 1 April of consecutive years, starting with `firstYear`. */
function fromEachApril(firstYear: number, values: string[], source: string) {
  return values.map((value, i) => ({
    from: `${firstYear + i}-04-01`,
    value,
    source,
    asOf: `${firstYear + i}-04-01`,
  }));
}

/**
 * The hourly National Living Wage, from 1 April each year (for workers aged 25 and over until
 * March 2021, 23 and over from April 2021, 21 and over from April 2024). The 2017 figure, £7.50,
 * is the anchor the Birmingham strategy prices its 2017/18 care costs on.
 */
export const NLW_DATA: IndexSeriesInput = {
  id: 'nlw',
  name: 'National Living Wage',
  unit: 'pounds-per-hour',
  source: NLW_SOURCE,
  points: fromEachApril(
    2016,
    ['7.20', '7.50', '7.83', '8.21', '8.72', '8.91', '9.50', '10.42', '11.44', '12.21', '12.71'],
    NLW_SOURCE,
  ),
};

/**
 * The standard weekly rate of NHS-funded nursing care in England, by financial year. 2019/20 is
 * the rate as revised during the year and backdated to 1 April 2019.
 */
export const FNC_DATA: IndexSeriesInput = {
  id: 'fnc',
  name: 'NHS-funded nursing care, standard weekly rate',
  unit: 'pounds-per-week',
  source: FNC_SOURCE,
  points: fromEachApril(
    2017,
    ['155.05', '158.16', '180.31', '183.92', '187.60', '209.19', '219.71', '235.88', '254.06', '267.68'],
    FNC_SOURCE,
  ).map((p) => (p.from === '2019-04-01' ? { ...p, note: 'as revised during 2019/20 and backdated to 1 April 2019' } : p)),
};

/** The legacy higher weekly FNC rate, for people who were on the former high band. */
export const FNC_HIGHER_DATA: IndexSeriesInput = {
  id: 'fnc-higher',
  name: 'NHS-funded nursing care, higher weekly rate (legacy)',
  unit: 'pounds-per-week',
  source: FNC_SOURCE,
  points: fromEachApril(
    2017,
    ['213.32', '217.59', '248.06', '253.02', '258.08', '287.78', '302.25', '324.50', '349.50', '368.24'],
    FNC_SOURCE,
  ),
};

/**
 * The 12-month rate of CPIH for September of each year, dated the first of that month. The
 * price review effective the following 1 April uplifts hotel costs by it.
 */
export const CPIH_DATA: IndexSeriesInput = {
  id: 'cpih',
  name: 'CPIH 12-month rate (September)',
  unit: 'percent',
  source: CPIH_SOURCE,
  points: ['1.2', '2.8', '2.2', '1.7', '0.7', '2.9', '8.8', '6.3', '2.6', '4.1'].map((value, i) => ({
    from: `${2016 + i}-09-01`,
    value,
    source: CPIH_SOURCE,
    asOf: `${2016 + i}-10-31`,
  })),
};

export const REFERENCE_SERIES_DATA: readonly IndexSeriesInput[] = [NLW_DATA, CPIH_DATA, FNC_DATA, FNC_HIGHER_DATA];
