import {
  parseRateCard,
  weeklyFee,
  weeklyFeeDecimal,
  CareFeeError,
  feeSchedule,
} from '../../shared/src';
import { birmingham2024 as birmingham } from '../fixtures/birmingham';

describe('weekly fee', () => {
  test('Silver pays hotel + care', () => {
    expect(weeklyFee(birmingham, { category: 'older-residential' }).fee).toBe('580.03');
  });
  test('Gold adds 2% to the whole weekly fee, rounded half up to pence', () => {
    // 580.03 × 1.02 = 591.6306 → 591.63
    expect(weeklyFee(birmingham, { category: 'older-residential', rating: 'Gold' }).fee).toBe(
      '591.63',
    );
  });
  test('Bronze takes 3% off only once the improvement deadline has passed', () => {
    expect(weeklyFee(birmingham, { category: 'older-residential', rating: 'Bronze' }).fee).toBe(
      '580.03',
    );
    // 580.03 × 0.97 = 562.6291 → 562.63
    expect(
      weeklyFee(birmingham, {
        category: 'older-residential',
        rating: 'Bronze',
        bronzeOverdue: true,
      }).fee,
    ).toBe('562.63');
  });
  test('banded category needs a band', () => {
    // (348.43 + 412.35) × 1.02 = 775.9956 → 776.00
    expect(
      weeklyFee(birmingham, { category: 'learning-disability', band: '2', rating: 'gold' }).fee,
    ).toBe('776.00');
    expect(() => weeklyFee(birmingham, { category: 'learning-disability' })).toThrow(/is banded/);
  });
  test('Inadequate cannot be priced', () => {
    expect(() =>
      weeklyFee(birmingham, { category: 'older-residential', rating: 'Inadequate' }),
    ).toThrow(expect.objectContaining({ code: 'NOT_ALLOWED' }));
  });
  // "Inadequate: suspended from new packages": an individually agreed price is still a price.
  test('an agreed weekly fee or care cost does not price an Inadequate provider either', () => {
    for (const override of [
      { weeklyFee: '900.00', reason: 'Specialist bariatric package' },
      { careCost: '500.00', reason: 'Specialist bariatric package' },
    ]) {
      expect(() =>
        weeklyFee(birmingham, { category: 'older-residential', rating: 'Inadequate', override }),
      ).toThrow(
        expect.objectContaining({
          code: 'NOT_ALLOWED',
          message: 'an Inadequate provider is suspended from new packages and cannot be priced',
        }),
      );
    }
  });
  test('quality percentages keep their meaning: Gold not negative, Bronze not positive, Silver 0 unless declared', () => {
    const card = (quality: Record<string, unknown>) => () =>
      parseRateCard({ ...birmingham, quality });
    expect(card({ gold: -0.5 })).toThrow(
      'quality.gold: Gold is a premium: must not be negative, got -0.5',
    );
    expect(card({ bronze: 0.03 })).toThrow(
      'quality.bronze: Bronze is a reduction: must not be positive, got 0.03',
    );
    expect(card({ silver: '0.01' })).toThrow(
      'quality.silver: Silver is the standard fee (0), got 0.01: set nonStandardSilver: true if the card means it',
    );
    // Declared on purpose, a non-standard Silver prices: 580.03 × 1.01 = 585.8303 → 585.83.
    const declared = parseRateCard({
      ...birmingham,
      quality: { silver: '0.01', nonStandardSilver: true },
    });
    expect(weeklyFee(declared, { category: 'older-residential' }).fee).toBe('585.83');
    expect(card({ gold: 0, bronze: 0 })).not.toThrow();
  });
  test('unknown category is NOT_FOUND naming it', () => {
    try {
      weeklyFee(birmingham, { category: 'nursing' });
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(CareFeeError);
      expect((e as CareFeeError).code).toBe('NOT_FOUND');
      expect((e as CareFeeError).message).toContain('"nursing"');
    }
  });
  test('override needs a reason', () => {
    expect(() =>
      weeklyFee(birmingham, {
        category: 'older-residential',
        override: { weeklyFee: 900, reason: '' },
      }),
    ).toThrow(/reason/);
    const r = weeklyFee(birmingham, {
      category: 'older-residential',
      rating: 'Gold',
      override: { careCost: '500.00', reason: 'Specialist bariatric package' },
    });
    // (348.43 + 500) × 1.02 = 865.3986 → 865.40
    expect(r.fee).toBe('865.40');
    expect(r.override).toEqual({ reason: 'Specialist bariatric package' });
  });
  test('fast and decimal paths agree on the worked case', () => {
    expect(
      weeklyFeeDecimal(birmingham, { category: 'learning-disability', band: '2', rating: 'Gold' }),
    ).toBe('776.00');
  });
  test('schedule lists each category and band', () => {
    const rows = feeSchedule(birmingham);
    expect(rows.map((r) => [r.category, r.band, r.silver, r.gold, r.bronze])).toEqual([
      ['older-residential', null, '580.03', '591.63', '562.63'],
      ['learning-disability', '1', '648.43', '661.40', '628.98'],
      ['learning-disability', '2', '760.78', '776.00', '737.96'],
    ]);
  });
});

describe('rate card schema', () => {
  test('rejects unknown fields with their path', () => {
    expect(() => parseRateCard({ ...birmingham, colour: 'red' })).toThrow(CareFeeError);
  });
  test('rejects fractions of a penny with the path of the bad field', () => {
    try {
      parseRateCard({ ...birmingham, categories: [{ id: 'x', name: 'X', careCost: '1.005' }] });
      throw new Error('expected an error');
    } catch (e) {
      expect((e as CareFeeError).path).toEqual(['categories', 0, 'careCost']);
    }
  });
});
