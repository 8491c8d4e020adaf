import {
  CareFeeError,
  CPIH,
  FUNDED_NURSING_CARE,
  NATIONAL_LIVING_WAGE,
  REFERENCE_SERIES,
  changeBetween,
  fncRate,
  indexChange,
  indexValue,
  parseIndexSeries,
  referenceSeries,
  reviewDate,
  seriesCatalogue,
  valueOn,
  yearOnYearChange,
  type ExtraSeries,
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
    expect(indexValue('NLW', '2026-04-01').value).toBe('12.71');
  });
  test('every shipped NLW value, 1 April 2016 to 1 April 2026', () => {
    const values = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map(
      (y) => indexValue('NLW', `${y}-04-01`).value,
    );
    expect(values).toEqual([
      '7.20',
      '7.50',
      '7.83',
      '8.21',
      '8.72',
      '8.91',
      '9.50',
      '10.42',
      '11.44',
      '12.21',
      '12.71',
    ]);
  });
  test('a value carries its publisher and the date it was published by', () => {
    expect(indexValue('nlw', '2025-06-30')).toEqual({
      series: 'nlw',
      name: 'National Living Wage',
      unit: 'pounds-per-hour',
      date: '2025-06-30',
      from: '2025-04-01',
      value: '12.21',
      source: expect.stringContaining('Low Pay Commission'),
      asOf: '2025-04-01',
    });
  });
  test('FNC 2019/20 is the rate as revised and backdated (£180.31), with a note saying so', () => {
    const v = fncRate('2019-09-30');
    expect(v.value).toBe('180.31');
    expect(v.note).toMatch(/backdated/);
    expect(v.source).toMatch(/Department of Health and Social Care/);
    expect(fncRate('2027-01-15').value).toBe('267.68');
  });
  test('FNC standard and legacy higher rates by financial year', () => {
    const years = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
    expect(years.map((y) => fncRate(`${y}-04-01`).value)).toEqual([
      '155.05',
      '158.16',
      '180.31',
      '183.92',
      '187.60',
      '209.19',
      '219.71',
      '235.88',
      '254.06',
      '267.68',
    ]);
    expect(years.map((y) => fncRate(`${y}-04-01`, 'higher').value)).toEqual([
      '213.32',
      '217.59',
      '248.06',
      '253.02',
      '258.08',
      '287.78',
      '302.25',
      '324.50',
      '349.50',
      '368.24',
    ]);
    // 31 March is still the old financial year
    expect(fncRate('2025-03-31').value).toBe('235.88');
    expect(indexValue('FNC_HIGHER', '2025-03-31').value).toBe('324.50');
  });
  test('CPIH September rates, in percent, published the following October', () => {
    const septembers = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) =>
      indexValue('CPIH', `${y}-09-01`),
    );
    expect(septembers.map((v) => v.value)).toEqual([
      '1.2',
      '2.8',
      '2.2',
      '1.7',
      '0.7',
      '2.9',
      '8.8',
      '6.3',
      '2.6',
      '4.1',
    ]);
    expect(septembers[8]!.asOf).toBe('2024-10-31');
    expect(CPIH.unit).toBe('percent');
  });
  test('a date before the first value is NOT_FOUND, naming the series and its first date', () => {
    const e = caught(() => indexValue('NLW', '2016-03-31'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('National Living Wage');
    expect(e.message).toContain('2016-04-01');
    expect(caught(() => fncRate('2017-03-31')).message).toContain('2017-04-01');
  });
  test('never carried forward: a date past the latest value\'s year is NOT_FOUND "not yet published"', () => {
    // The 2026 NLW holds for its year; 2027's rate is not in the data, so neither a date in
    // 2027/28 nor the change to it is known, and 2030 is not 12.71 either.
    expect(indexValue('NLW', '2027-03-31').value).toBe('12.71');
    const e = caught(() => indexValue('NLW', '2030-04-01'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe(
      'National Living Wage (nlw) for 2030-04-01 is not yet published: the latest published value is 12.71, in force from 2026-04-01. Enter a forecast as your own assumption instead.',
    );
    expect(caught(() => indexChange('NLW', '2026-04-01', '2027-04-01')).message).toMatch(
      /^National Living Wage \(nlw\) for 2027-04-01 is not yet published/,
    );
    // CPIH for the 2027 review is September 2026's rate, not 2025's 4.1% again.
    expect(caught(() => yearOnYearChange('cpih', 2027)).message).toBe(
      'CPIH 12-month rate (September) (cpih) for 2027-04-01 is not yet published: the latest published value is 4.1, in force from 2025-09-01 (published 2025-10-31). Enter a forecast as your own assumption instead.',
    );
    expect(yearOnYearChange('cpih', 2026).change).toBe('0.041');
  });
  test('an unknown series is NOT_FOUND, listing the ids there are', () => {
    const e = caught(() => indexValue('RPI', '2020-01-01'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('no index series "RPI" (there are nlw, cpih, fnc, fnc-higher)');
    expect(caught(() => referenceSeries('rpi')).code).toBe('NOT_FOUND');
  });
  test('a date that is not a real date is INVALID_INPUT', () => {
    expect(caught(() => indexValue('NLW', '2019-02-30')).code).toBe('INVALID_INPUT');
    expect(caught(() => fncRate('2019-04-01', 'high' as never)).path).toEqual(['rate']);
  });
});

describe('the change between two dates', () => {
  test('NLW 2017 → 2018: 7.83 ÷ 7.50 − 1 = 0.044 exactly', () => {
    expect(indexChange('NLW', '2017-04-01', '2018-04-01')).toBe('0.044');
    expect(yearOnYearChange(NATIONAL_LIVING_WAGE, 2018, 3)).toEqual({
      series: 'nlw',
      fromDate: '2017-04-01',
      toDate: '2018-04-01',
      fromValue: '7.50',
      toValue: '7.83',
      change: '0.044',
    });
    // 2025: 12.21 ÷ 11.44 = 1.06731… quoted as 6.7%
    expect(yearOnYearChange('NLW', 2025).change).toBe('0.067');
  });
  test('not rounded: 8.21 ÷ 7.83 − 1 = 38 ÷ 783, to 40 significant digits', () => {
    // 38 ÷ 783 = 0.048531289910600255427841634738186462324393… (long division)
    expect(indexChange('NLW', '2018-04-01', '2019-04-01')).toBe(
      '0.04853128991060025542784163473818646232439',
    );
    // as quoted, to the published 0.1%: yearOnYearChange rounds half up to 3 places by default
    expect(yearOnYearChange('NLW', 2019).change).toBe('0.049');
    expect(yearOnYearChange('NLW', 2019, 5).change).toBe('0.04853');
    // changeBetween quotes the same way unless told `places: null`
    expect(changeBetween(NATIONAL_LIVING_WAGE, '2018-04-01', '2019-04-01').change).toBe('0.049');
    expect(changeBetween(NATIONAL_LIVING_WAGE, '2018-04-01', '2019-04-01', null).change).toBe(
      '0.04853128991060025542784163473818646232439',
    );
  });
  test('2025: 12.21 ÷ 11.44 − 1 = 0.0673076923… (77 ÷ 1144)', () => {
    expect(indexChange('NLW', '2024-04-01', '2025-04-01')).toMatch(/^0\.06730769230769230769/);
  });
  test('FNC 2018/19 → 2019/20 as backdated: 180.31 ÷ 158.16 − 1 = 22.15 ÷ 158.16 = 0.14004805260…', () => {
    expect(indexChange('FNC', '2018-04-01', '2019-04-01')).toBe(
      '0.1400480526049570055639858371269600404654',
    );
    expect(yearOnYearChange(FUNDED_NURSING_CARE, 2019).change).toBe('0.140');
  });
  test('CPIH is already a rate: the change is the rate in force at the later date, as a fraction', () => {
    // a review effective 1 April 2025 reads September 2024's 2.6%
    expect(indexChange('CPIH', '2024-04-01', '2025-04-01')).toBe('0.026');
    expect(yearOnYearChange('cpih', 2023).change).toBe('0.088');
    // the earlier date may be before the series starts; only the later one is read
    expect(changeBetween(CPIH, '2016-04-01', '2017-04-01')).toEqual({
      series: 'cpih',
      fromDate: '2016-04-01',
      toDate: '2017-04-01',
      fromValue: null,
      toValue: '1.2',
      change: '0.012',
    });
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
    expect(caught(() => indexChange('NLW', '2020-04-01', '2020-04-01')).path).toEqual(['toDate']);
    expect(
      caught(() => changeBetween(NATIONAL_LIVING_WAGE, '2019-04-01', '2020-04-01', 2.5)).path,
    ).toEqual(['places']);
  });
  test('a review year must be a whole year; a review before the series starts is NOT_FOUND', () => {
    expect(reviewDate(2025)).toBe('2025-04-01');
    expect(caught(() => yearOnYearChange(NATIONAL_LIVING_WAGE, 2025.5)).path).toEqual([
      'reviewYear',
    ]);
    const e = caught(() => yearOnYearChange(NATIONAL_LIVING_WAGE, 2016));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.path).toEqual(['fromDate']);
  });
});

describe("an organisation's own values and series", () => {
  const bcw: ExtraSeries = {
    id: 'BCW',
    name: 'Birmingham Care Wage',
    unit: 'pounds-per-hour',
    source: 'Birmingham City Council',
    points: [
      { from: '2024-04-01', value: '11.90' },
      { from: '2025-04-01', value: 12.8 },
    ],
  };
  test('a local care wage series is passed in and read like a shipped one', () => {
    expect(indexValue('bcw', '2025-05-01', [bcw])).toMatchObject({
      series: 'bcw',
      value: '12.80',
      source: 'Birmingham City Council',
    });
    // 12.80 ÷ 11.90 − 1 = 0.0756302521… (9 ÷ 119)
    expect(indexChange('BCW', '2024-04-01', '2025-04-01', [bcw])).toMatch(
      /^0\.07563025210084033613/,
    );
    expect(caught(() => indexValue('BCW', '2025-05-01')).code).toBe('NOT_FOUND');
  });
  test('a value on a shipped date replaces the shipped one; a new date is added', () => {
    const extra: ExtraSeries[] = [
      {
        id: 'NLW',
        points: [
          { from: '2027-04-01', value: '13.10', source: 'admin' },
          { from: '2026-04-01', value: '12.72' },
        ],
      },
    ];
    expect(indexValue('NLW', '2027-06-01', extra)).toMatchObject({
      value: '13.10',
      source: 'admin',
      asOf: '2027-04-01',
    });
    expect(indexValue('NLW', '2026-06-01', extra)).toMatchObject({
      value: '12.72',
      source: 'organisation',
    });
    expect(indexValue('NLW', '2025-06-01', extra).value).toBe('12.21');
    // the shipped series are untouched
    expect(indexValue('NLW', '2026-06-01').value).toBe('12.71');
    expect(seriesCatalogue(extra).get('nlw')!.points).toHaveLength(12);
  });
  test('bad extra series are refused with the path of the bad field', () => {
    expect(
      caught(() =>
        seriesCatalogue([{ id: 'NLW', points: [{ from: '2027-04-01', value: '13.105' }] }]),
      ).path,
    ).toEqual(['extra', 0, 'points', 11, 'value']);
    expect(
      caught(() =>
        seriesCatalogue([
          { id: 'NLW', unit: 'percent', points: [{ from: '2027-04-01', value: '3' }] },
        ]),
      ).path,
    ).toEqual(['extra', 0, 'unit']);
    expect(
      caught(() =>
        seriesCatalogue([{ id: 'new-wage', points: [{ from: '2027-04-01', value: '3' }] }]),
      ).message,
    ).toMatch(/give its name and unit/);
    const twice = caught(() =>
      seriesCatalogue([
        {
          id: 'nlw',
          points: [
            { from: '2027-04-01', value: '13' },
            { from: '2027-04-01', value: '14' },
          ],
        },
      ]),
    );
    expect(twice.path).toEqual(['extra', 0, 'points', 1, 'from']);
  });
});

describe('series are validated like rate cards', () => {
  const base = { id: 'x', name: 'X', unit: 'pounds-per-hour', source: 'test' } as const;
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
  test('money values are pounds and pence above zero; a percentage may be negative', () => {
    expect(
      caught(() => parseIndexSeries({ ...base, points: [{ from: '2020-04-01', value: '9.005' }] }))
        .path,
    ).toEqual(['points', 0, 'value']);
    expect(
      caught(() => parseIndexSeries({ ...base, points: [{ from: '2020-04-01', value: 0 }] }))
        .message,
    ).toMatch(/greater than 0/);
    const deflation = parseIndexSeries({
      ...base,
      unit: 'percent',
      points: [{ from: '2020-09-01', value: '-0.1' }],
    });
    expect(changeBetween(deflation, '2020-04-01', '2021-04-01').change).toBe('-0.001');
  });
  test('the shipped series are found by id in any case', () => {
    expect(referenceSeries('nlw')).toBe(NATIONAL_LIVING_WAGE);
    expect(referenceSeries('FNC')).toBe(FUNDED_NURSING_CARE);
    expect([...REFERENCE_SERIES.keys()]).toEqual(['nlw', 'cpih', 'fnc', 'fnc-higher']);
  });
});
