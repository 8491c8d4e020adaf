import {
  CareFeeError,
  FUNDED_NURSING_CARE,
  NATIONAL_LIVING_WAGE,
  changeBetween,
  parseIndexSeries,
  referenceSeries,
  reviewDate,
  valueOn,
  yearOnYearChange,
} from '../../shared/src';

function caught(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CareFeeError) return e;
    throw e;
  }
  throw new Error('expected a CareFeeError');
}

describe('a value holds from its date until the next one starts', () => {
  test('the NLW anchor: £7.50 an hour from 1 April 2017 (Birmingham strategy)', () => {
    expect(valueOn(NATIONAL_LIVING_WAGE, '2017-04-01')).toBe('7.50');
    expect(valueOn(NATIONAL_LIVING_WAGE, '2018-03-31')).toBe('7.50');
    expect(valueOn(NATIONAL_LIVING_WAGE, '2018-04-01')).toBe('7.83');
  });
  test('FNC 2019/20 is the rate as backdated (£180.31), not the one first announced', () => {
    expect(valueOn(FUNDED_NURSING_CARE, '2019-09-30')).toBe('180.31');
    expect(valueOn(FUNDED_NURSING_CARE, '2027-01-15')).toBe('267.68');
  });
  test('a date before the first value is NOT_FOUND, naming the series and the date', () => {
    const e = caught(() => valueOn(NATIONAL_LIVING_WAGE, '2016-03-31'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('2016-03-31');
    expect(e.message).toContain('National Living Wage');
  });
  test('a date that is not a real date is INVALID_INPUT', () => {
    expect(caught(() => valueOn(NATIONAL_LIVING_WAGE, '2019-02-30')).code).toBe('INVALID_INPUT');
  });
});

describe('year-on-year change for a price review', () => {
  test('2018: 7.83 ÷ 7.50 − 1 = 0.044 exactly', () => {
    expect(yearOnYearChange(NATIONAL_LIVING_WAGE, 2018)).toEqual({
      series: 'nlw',
      fromDate: '2017-04-01',
      toDate: '2018-04-01',
      fromValue: '7.50',
      toValue: '7.83',
      change: '0.044',
    });
  });
  test('rounded half up to the published 0.1%: 8.21 ÷ 7.83 = 1.04853… → 0.049', () => {
    expect(yearOnYearChange(NATIONAL_LIVING_WAGE, 2019).change).toBe('0.049');
    expect(yearOnYearChange(NATIONAL_LIVING_WAGE, 2019, 5).change).toBe('0.04853');
  });
  test('2024: 11.44 ÷ 10.42 = 1.09789 → the 9.8% rise', () => {
    expect(yearOnYearChange(NATIONAL_LIVING_WAGE, 2024).change).toBe('0.098');
  });
  test('FNC 2017/18 fell: 155.05 ÷ 156.25 − 1 = −0.00768 → −0.008 (half away from zero)', () => {
    expect(yearOnYearChange(FUNDED_NURSING_CARE, 2017).change).toBe('-0.008');
  });
  test('FNC 2019/20 as backdated: 180.31 ÷ 158.16 − 1 = 0.140048 → 0.140', () => {
    expect(yearOnYearChange(FUNDED_NURSING_CARE, 2019).change).toBe('0.140');
  });
  test('a fall is negative: an index from 100.0 to 98.5 is −0.015', () => {
    const s = parseIndexSeries({
      id: 'test-index',
      name: 'Test index',
      unit: 'index',
      source: 'made up for the test',
      points: [
        { from: '2020-03-01', value: '100.0' },
        { from: '2021-03-01', value: 98.5 },
      ],
    });
    expect(changeBetween(s, '2020-04-01', '2021-04-01').change).toBe('-0.015');
  });
  test('the dates must run forwards, and places must be a small whole number', () => {
    expect(
      caught(() => changeBetween(NATIONAL_LIVING_WAGE, '2020-04-01', '2020-04-01')).path,
    ).toEqual(['toDate']);
    expect(
      caught(() => changeBetween(NATIONAL_LIVING_WAGE, '2019-04-01', '2020-04-01', 2.5)).path,
    ).toEqual(['places']);
  });
  test('a review year must be a whole year', () => {
    expect(reviewDate(2025)).toBe('2025-04-01');
    const e = caught(() => yearOnYearChange(NATIONAL_LIVING_WAGE, 2025.5));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['reviewYear']);
  });
  test('a review before the series starts is NOT_FOUND on the earlier date', () => {
    const e = caught(() => yearOnYearChange(NATIONAL_LIVING_WAGE, 2016));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.path).toEqual(['fromDate']);
  });
});

describe('series are validated like rate cards', () => {
  const base = { id: 'x', name: 'X', unit: 'pounds-per-hour', source: 'test' };
  test('dates must increase, with the path of the bad point', () => {
    const e = caught(() =>
      parseIndexSeries({
        ...base,
        points: [
          { from: '2020-04-01', value: '9.00' },
          { from: '2020-04-01', value: '9.50' },
        ],
      }),
    );
    expect(e.path).toEqual(['points', 1, 'from']);
  });
  test('money values are pounds and pence; every value is above zero', () => {
    expect(
      caught(() => parseIndexSeries({ ...base, points: [{ from: '2020-04-01', value: '9.005' }] }))
        .path,
    ).toEqual(['points', 0, 'value']);
    expect(
      caught(() => parseIndexSeries({ ...base, points: [{ from: '2020-04-01', value: 0 }] }))
        .message,
    ).toMatch(/greater than 0/);
  });
  test('the shipped series are found by id; an unknown one is NOT_FOUND', () => {
    expect(referenceSeries('nlw')).toBe(NATIONAL_LIVING_WAGE);
    expect(referenceSeries('fnc')).toBe(FUNDED_NURSING_CARE);
    expect(caught(() => referenceSeries('cpih')).code).toBe('NOT_FOUND');
  });
});
