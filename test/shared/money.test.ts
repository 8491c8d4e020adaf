/**
 * The scaled-integer arithmetic every module prices with (shared/src/money.ts): the integer
 * paths agree with decimal.js's rounding of the same exact quotient, in each rounding mode.
 */
import fc from 'fast-check';
import {
  Decimal,
  divideRounded,
  multiplyPence,
  roundPence,
  scaledFactor,
  toPence,
  toPercent,
  type RoundingMode,
} from '../../shared/src/money';

const MODES: RoundingMode[] = ['half-up', 'half-even', 'down'];

describe('divideRounded: numerator ÷ denominator to an integer, exactly', () => {
  test.each([
    // 25 ÷ 10 = 2.5 (a tie), 26 ÷ 10 = 2.6, 35 ÷ 10 = 3.5 (a tie above an odd)
    ['half-up', [3, 3, 4]],
    ['half-even', [2, 3, 4]],
    ['down', [2, 2, 3]],
  ] as const)('%s', (mode, expected) => {
    expect([25, 26, 35].map((n) => divideRounded(n, 10, mode))).toEqual(expected);
  });

  test('agrees with decimal.js for any numerator below 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...MODES),
        (n, d, mode) => {
          const exact = new Decimal(n).div(d);
          const expected = exact.toDecimalPlaces(
            0,
            mode === 'down' ? 1 : mode === 'half-up' ? 4 : 6,
          );
          expect(divideRounded(n, d, mode)).toBe(expected.toNumber());
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('multiplyPence: pence × a decimal factor to whole pence, in integers of any size', () => {
  test('£633.33 at +3.5% is £655.50 (65,549.655 pence, half up)', () => {
    expect(multiplyPence(63333, scaledFactor(new Decimal('1.035')), 'half-up')).toBe(65550);
  });

  test('rounds as roundPence does, credits (negative amounts) included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...MODES),
        (pence, scaled, places, mode) => {
          const factor = new Decimal(scaled).div(10 ** places);
          const expected = roundPence(new Decimal(pence).div(100).times(factor), mode);
          expect(multiplyPence(pence, scaledFactor(factor), mode)).toBe(toPence(expected) + 0); // (+ 0: −0 is 0)
        },
      ),
      { numRuns: 5000 },
    );
  });
});

test('toPercent: a fraction as a percentage, half up to 2 places', () => {
  expect(toPercent('0.031').toFixed(2)).toBe('3.10');
  expect(toPercent('0.031').toString()).toBe('3.1');
  expect(toPercent('0.000125').toString()).toBe('0.01');
  expect(toPercent('-0.000125').toString()).toBe('-0.01');
  expect(toPercent('0.123456', 3).toString()).toBe('12.346');
});
