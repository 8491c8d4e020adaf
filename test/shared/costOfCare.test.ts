import fc from 'fast-check';
import {
  CareFeeError,
  costOfCare,
  costOfCareQuartiles,
  Decimal,
  quartiles,
  type CostOfCareInput,
} from '../../shared/src';

const nursingHome: CostOfCareInput = {
  provider: 'Oak House',
  careHoursPerResidentWeek: 24.5,
  careHourlyPay: '11.50',
  nursingHoursPerResidentWeek: 8,
  nursingHourlyPay: '22.00',
  onCosts: '0.2',
  nonStaff: {
    food: '35.00',
    utilities: '20.50',
    premises: '30.00',
    management: '60.25',
    other: '12.00',
  },
  returnOnOperations: 0.05,
  capitalValuePerBed: 60000,
  returnOnCapital: 0.06,
  occupancy: 0.9,
};

function errorOf(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CareFeeError);
    return e as CareFeeError;
  }
  throw new Error('expected a CareFeeError');
}

describe('fair cost of care build-up', () => {
  test('staff and nursing are care; non-staff and capital are hotel; each line rounded to pence once', () => {
    // care staff   24.5 h × 11.50 × 1.2 = 338.10
    // nursing      8 h × 22.00 × 1.2    = 211.20
    // return on operations, care part  (338.10 + 211.20) × 0.05 = 27.465 → 27.47 (half up)
    // non-staff    35.00 + 20.50 + 30.00 + 60.25 + 12.00 = 157.75
    // return on operations, hotel part 157.75 × 0.05 = 7.8875 → 7.89
    // capital      60000 × 0.06 ÷ 52 ÷ 0.9 = 76.923… → 76.92
    // care 338.10 + 211.20 + 27.47 = 576.77; hotel 157.75 + 7.89 + 76.92 = 242.56; total 819.33
    expect(costOfCare(nursingHome)).toEqual({
      provider: 'Oak House',
      lines: {
        careStaff: '338.10',
        nursingStaff: '211.20',
        careReturnOnOperations: '27.47',
        food: '35.00',
        utilities: '20.50',
        premises: '30.00',
        management: '60.25',
        other: '12.00',
        hotelReturnOnOperations: '7.89',
        returnOnCapital: '76.92',
      },
      care: '576.77',
      hotel: '242.56',
      total: '819.33',
    });
  });

  test('a residential home: no nursing, no capital, defaults fill in', () => {
    // 20.25 h × 10.42 = 211.005; × 1.13 = 238.43565 → 238.44
    const r = costOfCare({
      careHoursPerResidentWeek: '20.25',
      careHourlyPay: '10.42',
      onCosts: '0.13',
      occupancy: 1,
    });
    expect([
      r.lines.careStaff,
      r.lines.nursingStaff,
      r.lines.returnOnCapital,
      r.care,
      r.hotel,
      r.total,
    ]).toEqual(['238.44', '0.00', '0.00', '238.44', '0.00', '238.44']);
  });

  test('lower occupancy raises the capital cost per resident', () => {
    // 52000 × 0.05 ÷ 52 = 50.00 a bed; ÷ 0.8 = 62.50 a resident
    const r = costOfCare({
      careHoursPerResidentWeek: 0,
      careHourlyPay: 0,
      onCosts: 0,
      capitalValuePerBed: 52000,
      returnOnCapital: 0.05,
      occupancy: 0.8,
    });
    expect(r.lines.returnOnCapital).toBe('62.50');
  });

  test('bad returns are INVALID_INPUT naming the field', () => {
    expect(errorOf(() => costOfCare({ ...nursingHome, occupancy: 0 })).message).toBe(
      'occupancy: occupancy must be more than 0, got 0',
    );
    expect(errorOf(() => costOfCare({ ...nursingHome, occupancy: '1.2' })).path).toEqual([
      'occupancy',
    ]);
    expect(errorOf(() => costOfCare({ ...nursingHome, nursingHourlyPay: undefined })).path).toEqual(
      ['nursingHourlyPay'],
    );
    expect(errorOf(() => costOfCare({ ...nursingHome, careHourlyPay: '11.505' })).path).toEqual([
      'careHourlyPay',
    ]);
    expect(errorOf(() => costOfCare({ ...nursingHome, nonStaff: { food: -1 } })).path).toEqual([
      'nonStaff',
      'food',
    ]);
    expect(errorOf(() => costOfCare({ ...nursingHome, onCosts: '20%' })).path).toEqual(['onCosts']);
  });
});

describe('quartiles (QUARTILE.INC)', () => {
  test('worked like Excel: {1,2,3,4} gives 1.75, 2.5, 3.25; {10..50} gives 20, 30, 40', () => {
    const q = quartiles([4, 1, 3, 2]);
    expect([q.lowerQuartile, q.median, q.upperQuartile].map(String)).toEqual([
      '1.75',
      '2.5',
      '3.25',
    ]);
    const r = quartiles(['50', '10', '40', '20', '30']);
    expect([r.lowerQuartile, r.median, r.upperQuartile].map(String)).toEqual(['20', '30', '40']);
    const one = quartiles(['7.5']);
    expect([one.lowerQuartile, one.median, one.upperQuartile].map(String)).toEqual([
      '7.5',
      '7.5',
      '7.5',
    ]);
    expect(() => quartiles([])).toThrow(CareFeeError);
  });

  test('a survey gives the quartiles of every line and total across providers', () => {
    // care staff 20 h × pay: 200.00, 210.00, 220.00, 245.00 → Q1 200 + 0.75 × 10 = 207.50;
    //   median 210 + 0.5 × 10 = 215.00; Q3 220 + 0.25 × 25 = 226.25
    // food 10.01, 10.02, 10.05, 10.10 → Q1 10.0175 → 10.02; median 10.035 → 10.04; Q3 10.0625 → 10.06
    // total 210.01, 220.02, 230.05, 255.10 → Q1 217.5175 → 217.52; median 225.035 → 225.04; Q3 236.3125 → 236.31
    const provider = (pay: string, food: string): CostOfCareInput => ({
      careHoursPerResidentWeek: 20,
      careHourlyPay: pay,
      onCosts: 0,
      nonStaff: { food },
      occupancy: 1,
    });
    const survey = costOfCareQuartiles([
      provider('11.00', '10.05'),
      provider('10.00', '10.01'),
      provider('12.25', '10.10'),
      provider('10.50', '10.02'),
    ]);
    expect(survey.returns).toBe(4);
    expect(survey.providers.map((p) => p.total)).toEqual(['230.05', '210.01', '255.10', '220.02']);
    expect(survey.quartiles.careStaff).toEqual({
      lowerQuartile: '207.50',
      median: '215.00',
      upperQuartile: '226.25',
    });
    expect(survey.quartiles.food).toEqual({
      lowerQuartile: '10.02',
      median: '10.04',
      upperQuartile: '10.06',
    });
    expect(survey.quartiles.care).toEqual({
      lowerQuartile: '207.50',
      median: '215.00',
      upperQuartile: '226.25',
    });
    expect(survey.quartiles.hotel).toEqual(survey.quartiles.food);
    expect(survey.quartiles.total).toEqual({
      lowerQuartile: '217.52',
      median: '225.04',
      upperQuartile: '236.31',
    });
    expect(survey.quartiles.nursingStaff).toEqual({
      lowerQuartile: '0.00',
      median: '0.00',
      upperQuartile: '0.00',
    });
  });

  test('a bad return in a survey names its position', () => {
    const e = errorOf(() =>
      costOfCareQuartiles([nursingHome, { ...nursingHome, careHourlyPay: 'ten' }]),
    );
    expect(e.path).toEqual(['returns', 1, 'careHourlyPay']);
    expect(errorOf(() => costOfCareQuartiles([])).code).toBe('INVALID_INPUT');
  });

  test('property: min ≤ lower quartile ≤ median ≤ upper quartile ≤ max, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }),
        (pence) => {
          const values = pence.map((p) => new Decimal(p).div(100));
          const q = quartiles(values);
          const reversed = quartiles([...values].reverse());
          const min = Decimal.min(...values);
          const max = Decimal.max(...values);
          expect(
            min.lte(q.lowerQuartile) &&
              q.lowerQuartile.lte(q.median) &&
              q.median.lte(q.upperQuartile) &&
              q.upperQuartile.lte(max),
          ).toBe(true);
          expect(reversed.median.eq(q.median) && reversed.lowerQuartile.eq(q.lowerQuartile)).toBe(
            true,
          );
        },
      ),
    );
  });

  test('property: the median matches the textbook median (middle value, or mean of the two middle values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 41 }),
        (xs) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const n = sorted.length;
          const textbook =
            n % 2
              ? new Decimal(sorted[(n - 1) / 2]!)
              : new Decimal(sorted[n / 2 - 1]!).plus(sorted[n / 2]!).div(2);
          expect(quartiles(xs).median.eq(textbook)).toBe(true);
        },
      ),
    );
  });
});
