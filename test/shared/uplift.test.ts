import {
  CareFeeError,
  financialYearLabel,
  parseRateCard,
  parseUpliftInput,
  careChange,
  reviewFromSeries,
  upliftAmount,
  upliftCard,
  upliftOverYears,
  weeklyFee,
  type RateCardInput,
} from '../../shared/src';
import { BIRMINGHAM_2024_INPUT } from '../fixtures/birmingham';

const input: RateCardInput = {
  ...BIRMINGHAM_2024_INPUT,
  version: 1,
  effectiveTo: '2025-03-31',
  localCareWage: { name: 'Birmingham Care Wage', hourlyRate: '12.00', effectiveFrom: '2024-04-01' },
  chcTiers: [{ kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1200.00' }],
};
const card = parseRateCard(input);

function caught(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CareFeeError) return e;
    throw e;
  }
  throw new Error('expected a CareFeeError');
}

describe('the annual price review (Birmingham methodology)', () => {
  const review = upliftCard(card, { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' });

  test('hotel cost moves by CPIH, each care cost by the NLW, each rounded half up to pence', () => {
    // 348.43 × 1.031 = 359.23133 → 359.23
    expect(review.card.hotelCost).toBe('359.23');
    // 231.60 × 1.067 = 247.1172 → 247.12; 300.00 × 1.067 = 320.10; 412.35 × 1.067 = 439.97745 → 439.98
    expect(review.card.categories[0]!.careCost).toBe('247.12');
    expect(review.card.categories[1]!.bands!.map((b) => b.careCost)).toEqual(['320.10', '439.98']);
    expect(review.hotelChange).toBe('0.031');
    expect(review.careChange).toBe('0.067');
    expect(review.careChangeBasis).toBe('nlw');
  });

  test('the new card is the next version, from 1 April of the review year, open-ended and retitled', () => {
    expect(review.card.version).toBe(2);
    expect(review.card.effectiveFrom).toBe('2025-04-01');
    expect(review.card.effectiveTo).toBeNull();
    expect(review.card.title).toBe('Birmingham care homes 2025/26');
    expect(review.effectiveFrom).toBe('2025-04-01');
  });

  test('the weekly fee on the new card: (359.23 + 247.12) × 1.02 for Gold = 618.477 → 618.48', () => {
    expect(weeklyFee(review.card, { category: 'older-residential' }).fee).toBe('606.35');
    expect(weeklyFee(review.card, { category: 'older-residential', rating: 'Gold' }).fee).toBe(
      '618.48',
    );
  });

  test('quality percentages are not part of the review', () => {
    expect(review.card.quality).toEqual(card.quality);
  });

  test('CHC tier amounts are care costs: they move by the care change', () => {
    // 1200.00 × 1.067 = 1280.40
    expect(review.card.chcTiers).toEqual([
      { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1280.40' },
    ]);
  });

  test('every published amount is listed with its path, before, after and rate', () => {
    expect(review.lines).toHaveLength(5);
    expect(review.lines[0]).toEqual({
      path: ['hotelCost'],
      label: 'hotel cost',
      before: '348.43',
      after: '359.23',
      rate: '0.031',
    });
    expect(review.lines[3]).toEqual({
      path: ['categories', 1, 'bands', 1, 'careCost'],
      label: 'care cost: Learning disability band 2',
      before: '412.35',
      after: '439.98',
      rate: '0.067',
    });
    expect(review.lines[4]).toEqual({
      path: ['chcTiers', 0, 'weeklyFee'],
      label: 'CHC tier: Tier 1 weekly fee',
      before: '1200.00',
      after: '1280.40',
      rate: '0.067',
    });
  });

  test('the notes say what the review did', () => {
    expect(review.card.notes).toBe(
      'Price review 2025/26 from version 1, effective 2025-04-01: hotel cost 3.1% (CPIH), care costs 6.7% (NLW).',
    );
  });

  test('a forecast typed for an unpublished year is recorded in the draft as an assumption', () => {
    const assumed = upliftCard(card, {
      reviewYear: 2025,
      cpihChange: '0.03',
      nlwChange: '0.041',
      assumed: ['cpihChange', 'nlwChange', 'cpihChange'],
    });
    expect(assumed.card.notes).toBe(
      'Price review 2025/26 from version 1, effective 2025-04-01: hotel cost 3% (CPIH), care costs 4.1% (NLW). Assumptions, not published figures: CPIH 3%, NLW 4.1%.',
    );
    // Only what was assumed is named: a published NLW change with a CPIH forecast.
    expect(
      upliftCard(card, {
        reviewYear: 2025,
        cpihChange: '0.03',
        nlwChange: '0.041',
        assumed: ['cpihChange'],
      }).card.notes,
    ).toMatch(/ Assumptions, not published figures: CPIH 3%\.$/);
    expect(
      caught(() =>
        parseUpliftInput({
          reviewYear: 2025,
          cpihChange: '0.03',
          nlwChange: '0',
          assumed: ['rpi'],
        }),
      ).path,
    ).toEqual(['assumed', 0]);
  });

  test('the result carries the diff against the card reviewed', () => {
    // 359.23 − 348.43 = 10.80; 10.80 ÷ 348.43 = 3.0996% → 3.10
    expect(review.diff.hotel).toMatchObject({
      old: '348.43',
      new: '359.23',
      change: '10.80',
      percent: '3.10',
      status: 'changed',
    });
    expect(review.diff.summary).toEqual({ changed: 5, unchanged: 0, added: 0, removed: 0 });
  });

  test('the input card is left as it was', () => {
    expect(card.hotelCost).toBe('348.43');
    expect(card.version).toBe(1);
  });
});

describe('care costs follow the greater of the NLW and the local care wage', () => {
  test('a local wage rise above the NLW sets the care change and moves the local wage itself', () => {
    const r = upliftCard(card, {
      reviewYear: 2025,
      cpihChange: '0.031',
      nlwChange: '0.067',
      localWageChange: '0.08',
    });
    // 231.60 × 1.08 = 250.128 → 250.13; the wage 12.00 × 1.08 = 12.96
    expect(r.card.categories[0]!.careCost).toBe('250.13');
    expect(r.careChangeBasis).toBe('local-care-wage');
    expect(r.card.localCareWage).toEqual({
      name: 'Birmingham Care Wage',
      hourlyRate: '12.96',
      effectiveFrom: '2025-04-01',
    });
  });
  test('a local wage rise below the NLW leaves the NLW in charge', () => {
    const r = upliftCard(card, {
      reviewYear: 2025,
      cpihChange: 0.031,
      nlwChange: 0.067,
      localWageChange: 0.05,
    });
    expect(r.card.categories[0]!.careCost).toBe('247.12');
    expect(r.careChangeBasis).toBe('nlw');
    // 12.00 × 1.05 = 12.60: the local wage still moves by its own change
    expect(r.card.localCareWage!.hourlyRate).toBe('12.60');
  });
});

describe('rounding follows the card', () => {
  // 100.50 × 1.01 = 101.505: a tie at the half penny
  const tie = (rounding: 'half-up' | 'half-even' | 'down') =>
    upliftCard(parseRateCard({ ...input, hotelCost: '100.50', rounding }), {
      reviewYear: 2025,
      cpihChange: '0.01',
      nlwChange: '0',
    }).card.hotelCost;
  test('half up (the default) takes the tie up, half even and down take it to 101.50', () => {
    expect(tie('half-up')).toBe('101.51');
    expect(tie('half-even')).toBe('101.50');
    expect(tie('down')).toBe('101.50');
  });
});

describe('uplifts compound from the published pence', () => {
  test('two reviews round each year: 100.08 → 106.79 → 111.17, where one rounding would give 111.16', () => {
    // 100.08 × 1.067 = 106.78536 → 106.79; 106.79 × 1.041 = 111.16839 → 111.17.
    // (100.08 × 1.067 × 1.041 = 111.1635… would round to 111.16: not what is published.)
    const start = parseRateCard({
      ...input,
      categories: [
        { id: 'older-residential', name: 'Older people residential', careCost: '100.08' },
      ],
    });
    const years = upliftOverYears(start, [
      { reviewYear: 2025, cpihChange: '0', nlwChange: '0.067' },
      { reviewYear: 2026, cpihChange: '0', nlwChange: '0.041' },
    ]);
    expect(years.map((y) => y.card.categories[0]!.careCost)).toEqual(['106.79', '111.17']);
    expect(years.map((y) => [y.card.version, y.card.title])).toEqual([
      [2, 'Birmingham care homes 2025/26'],
      [3, 'Birmingham care homes 2026/27'],
    ]);
  });
  test('an error in a later review names which one', () => {
    const e = caught(() =>
      upliftOverYears(card, [
        { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' },
        { reviewYear: 2026, cpihChange: '0.02', nlwChange: 'four percent' },
      ]),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['reviews', 1, 'nlwChange']);
    expect(e.message).toMatch(/^review 2: nlwChange/);
  });
  test('reviews out of year order are refused', () => {
    const e = caught(() =>
      upliftOverYears(card, [
        { reviewYear: 2026, cpihChange: '0', nlwChange: '0' },
        { reviewYear: 2025, cpihChange: '0', nlwChange: '0' },
      ]),
    );
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.path).toEqual(['reviews', 1, 'reviewYear']);
  });
});

describe('bad input is refused, never priced', () => {
  test('a percentage typed as a whole number (3.1 for 3.1%) is INVALID_INPUT naming the field', () => {
    const e = caught(() =>
      upliftCard(card, { reviewYear: 2025, cpihChange: 3.1, nlwChange: '0.067' }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['cpihChange']);
    expect(e.message).toContain('0.031 for 3.1%');
  });
  test('a fall of 100% or more is not a rate', () => {
    expect(
      caught(() => upliftCard(card, { reviewYear: 2025, cpihChange: '0', nlwChange: -1 })).path,
    ).toEqual(['nlwChange']);
  });
  test('a review must take effect after the card starts', () => {
    const e = caught(() =>
      upliftCard(card, { reviewYear: 2024, cpihChange: '0.02', nlwChange: '0.02' }),
    );
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toContain('2024-04-01');
  });
  test('the review year must be a whole year', () => {
    expect(
      caught(() => upliftCard(card, { reviewYear: Number.NaN, cpihChange: '0', nlwChange: '0' }))
        .path,
    ).toEqual(['reviewYear']);
  });
});

describe('titles', () => {
  test('financial year labels', () => {
    expect(financialYearLabel(2024)).toBe('2024/25');
    expect(financialYearLabel(2099)).toBe('2099/00');
  });
  test('a title without the year label gets the new one added', () => {
    const r = upliftCard(parseRateCard({ ...input, title: 'Nottingham base rate' }), {
      reviewYear: 2025,
      cpihChange: '0',
      nlwChange: '0',
    });
    expect(r.card.title).toBe('Nottingham base rate (2025/26)');
  });
});

describe('the review request', () => {
  test('the shape is checked with the path of the bad field; unknown fields are refused', () => {
    expect(parseUpliftInput({ reviewYear: 2025, cpihChange: '0.031', nlwChange: 0.067 })).toEqual({
      reviewYear: 2025,
      cpihChange: '0.031',
      nlwChange: 0.067,
    });
    expect(
      caught(() => parseUpliftInput({ reviewYear: '2025', cpihChange: '0', nlwChange: '0' })).path,
    ).toEqual(['reviewYear']);
    expect(
      caught(() =>
        parseUpliftInput({ reviewYear: 2025, cpihChange: '0', nlwChange: '0', cpi: '0.02' }),
      ).code,
    ).toBe('INVALID_INPUT');
  });
});

describe('the worked example: CPIH 10.9%, NLW 1.4%, then the Gold premium', () => {
  const start = parseRateCard({ ...input, localCareWage: undefined, chcTiers: undefined });
  const r = upliftCard(start, { reviewYear: 2025, cpihChange: '0.109', nlwChange: '0.014' });

  test('hotel 348.43 × 1.109 = 386.40887 → 386.41; care 231.60 × 1.014 = 234.8424 → 234.84', () => {
    expect(r.card.hotelCost).toBe('386.41');
    expect(r.card.categories[0]!.careCost).toBe('234.84');
  });

  test('Gold: (386.41 + 234.84) × 1.02 = 621.25 × 1.02 = 633.675 → 633.68 (half up)', () => {
    expect(weeklyFee(r.card, { category: 'older-residential', rating: 'Gold' }).fee).toBe('633.68');
  });

  test('naive floats publish 633.67: 621.25 × 1.02 is 633.67499999… in binary', () => {
    const hotel = Math.round(348.43 * 1.109 * 100) / 100;
    const care = Math.round(231.6 * 1.014 * 100) / 100;
    expect([hotel, care]).toEqual([386.41, 234.84]);
    const floatFee = Math.round((hotel + care) * 1.02 * 100) / 100;
    expect(floatFee).toBe(633.67);
    expect(((hotel + care) * 1.02).toFixed(2)).toBe('633.67');
  });
});

describe('one amount, and the care change', () => {
  test('upliftAmount rounds once with the given mode', () => {
    expect(upliftAmount('348.43', '0.109')).toBe('386.41');
    expect(upliftAmount(231.6, 0.014)).toBe('234.84');
    // 100.50 × 1.01 = 101.505: the modes part at the tie
    expect(upliftAmount('100.50', '0.01', 'half-up')).toBe('101.51');
    expect(upliftAmount('100.50', '0.01', 'half-even')).toBe('101.50');
    expect(caught(() => upliftAmount('100.505', '0.01')).path).toEqual(['amount']);
  });

  test('a change given as two index values is applied exactly: amount × to ÷ from', () => {
    // 231.40 × 12.21 ÷ 11.44 = 23140 × 111 ÷ 104 pence = 24697.5 exactly: a tie
    expect(upliftAmount('231.40', { from: '11.44', to: '12.21' })).toBe('246.98');
    expect(upliftAmount('231.40', { from: '11.44', to: '12.21' }, 'down')).toBe('246.97');
    // the same ratio rounded to the quoted 6.7% gives a different figure: 231.40 × 1.067 = 246.9038 → 246.90
    expect(upliftAmount('231.40', '0.067')).toBe('246.90');
    expect(caught(() => upliftAmount('1.00', { from: '0', to: '1' })).path).toEqual([
      'change',
      'from',
    ]);
  });

  test('the care change is the greater of the NLW and local wage changes', () => {
    expect(careChange('0.014')).toBe('0.014');
    expect(careChange('0.014', '0.02')).toBe('0.02');
    expect(careChange('0.05', '0.02')).toBe('0.05');
    expect(careChange('0.05', null)).toBe('0.05');
    // ratios are compared exactly: 12.21 ÷ 11.44 = 1.0673… beats 6.7%
    expect(careChange('0.067', { from: '11.44', to: '12.21' })).toBe(
      '0.06730769230769230769230769230769230769231',
    );
  });

  test('a change above 100% is refused as a likely whole-number percentage, ratios included', () => {
    expect(caught(() => careChange('1.5')).path).toEqual(['nlwChange']);
    expect(caught(() => careChange('0.01', { from: '10', to: '25' })).path).toEqual([
      'localWageChange',
    ]);
  });
});

describe('a review from the reference series', () => {
  test('2025: CPIH September 2024 (2.6%) and the NLW ratio 11.44 → 12.21, exactly', () => {
    expect(reviewFromSeries(2025)).toEqual({
      reviewYear: 2025,
      cpihChange: '0.026',
      nlwChange: { from: '11.44', to: '12.21' },
    });
  });

  test("with an organisation's local care wage series", () => {
    const extra = [
      {
        id: 'BCW',
        name: 'Birmingham Care Wage',
        unit: 'pounds-per-hour' as const,
        source: 'Birmingham City Council',
        points: [
          { from: '2024-04-01', value: '11.90' },
          { from: '2025-04-01', value: '12.80' },
        ],
      },
    ];
    const review = reviewFromSeries(2025, { localWageSeries: 'BCW', extra });
    expect(review.localWageChange).toEqual({ from: '11.90', to: '12.80' });
    const r = upliftCard(parseRateCard({ ...input, localCareWage: undefined }), review);
    // 12.80 ÷ 11.90 = 1.0756… beats 1.0673…: 231.60 × 12.80 ÷ 11.90 = 249.11596… → 249.12
    expect(r.careChangeBasis).toBe('local-care-wage');
    expect(r.card.categories[0]!.careCost).toBe('249.12');
    // hotel 348.43 × 1.026 = 357.48918 → 357.49
    expect(r.card.hotelCost).toBe('357.49');
  });

  test('compounding year by year from the series: 2024 then 2025', () => {
    const start = parseRateCard({
      ...input,
      effectiveFrom: '2023-04-01',
      title: 'Birmingham care homes 2023/24',
      localCareWage: undefined,
      chcTiers: undefined,
    });
    const years = upliftOverYears(start, [reviewFromSeries(2024), reviewFromSeries(2025)]);
    // 2024: CPIH Sep 2023 6.3%: 348.43 × 1.063 = 370.38109 → 370.38; NLW 10.42 → 11.44: 231.60 × 11.44 ÷ 10.42 = 254.2710… → 254.27
    // 2025: CPIH Sep 2024 2.6%: 370.38 × 1.026 = 380.00988 → 380.01; NLW 11.44 → 12.21: 254.27 × 12.21 ÷ 11.44 = 271.3840… → 271.38
    expect(years.map((y) => [y.card.hotelCost, y.card.categories[0]!.careCost])).toEqual([
      ['370.38', '254.27'],
      ['380.01', '271.38'],
    ]);
    expect(years.map((y) => y.card.version)).toEqual([2, 3]);
  });
});
