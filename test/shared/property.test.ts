/**
 * The engine's fees against an independent exact model: rational arithmetic in BigInt, written
 * here from the policy (fee = round_pence((hotel + care) × (1 + q))), sharing no code with the
 * engine and not using decimal.js. Amounts are whole pence, quality rates are whole
 * ten-thousandths (up to 4 decimal places, as a card may state them), so the exact fee is the
 * fraction (hotel + care) × (10000 + q) / 10000 pence, rounded by the card's mode.
 *
 * 1,000 random cards × 100 random placements = 100,000 placements a run, each priced three
 * ways: the rich `weeklyFee` (integer fast path), `weeklyFeeDecimal` (decimal.js) and the model.
 */
import fc from 'fast-check';
import {
  parseRateCard,
  upliftAmount,
  upliftCard,
  weeklyFee,
  weeklyFeeDecimal,
  type RateCard,
  type RateCardInput,
  type RoundingMode,
} from '../../shared/src';

type Mode = RoundingMode;
type RatingName = 'Gold' | 'Silver' | 'Bronze';

// ---------------------------------------------------------------------------------------------
// The model: exact rationals in BigInt.

/** n / d rounded to an integer, for n ≥ 0, d > 0. */
function roundRational(n: bigint, d: bigint, mode: Mode): bigint {
  const q = n / d;
  const r = n % d;
  if (mode === 'down' || r === 0n) return q;
  if (2n * r > d) return q + 1n;
  if (2n * r < d) return q;
  if (mode === 'half-up') return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

/** 12345n pence → "123.45". */
function poundsText(pence: bigint): string {
  const sign = pence < 0n ? '-' : '';
  const abs = pence < 0n ? -pence : pence;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A whole number of 10^-places as decimal text: (-300, 4) → "-0.03". */
function fractionText(units: number, places: number): string {
  const sign = units < 0 ? '-' : '';
  const digits = Math.abs(units)
    .toString()
    .padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

interface ModelCard {
  hotel: number;
  /** care pence by [category][band]; an unbanded category has one entry and band null. */
  categories: Array<{ id: string; banded: boolean; care: number[] }>;
  /** ten-thousandths */
  gold: number;
  silver: number;
  bronze: number;
  rounding: Mode;
}

function modelFee(
  m: ModelCard,
  hotel: number,
  care: number,
  rating: RatingName,
  overdue: boolean,
): string {
  const q = rating === 'Gold' ? m.gold : rating === 'Silver' ? m.silver : overdue ? m.bronze : 0;
  const numerator = BigInt(hotel + care) * BigInt(10_000 + q);
  return poundsText(roundRational(numerator, 10_000n, m.rounding));
}

function toCard(m: ModelCard): RateCard {
  const input: RateCardInput = {
    id: 'prop-card',
    version: 1,
    title: 'Property card',
    commissioner: 'Test',
    effectiveFrom: '2024-04-01',
    hotelCost: poundsText(BigInt(m.hotel)),
    categories: m.categories.map((c) =>
      c.banded
        ? {
            id: c.id,
            name: c.id,
            bands: c.care.map((p, j) => ({ id: String(j + 1), careCost: poundsText(BigInt(p)) })),
          }
        : { id: c.id, name: c.id, careCost: poundsText(BigInt(c.care[0]!)) },
    ),
    quality: {
      gold: fractionText(m.gold, 4),
      silver: fractionText(m.silver, 4),
      bronze: fractionText(m.bronze, 4),
      // The generators try non-standard Silver on purpose, as a card must declare it.
      nonStandardSilver: m.silver !== 0,
    },
    rounding: m.rounding,
  };
  return parseRateCard(input);
}

// ---------------------------------------------------------------------------------------------
// Generators. Rates mix random ten-thousandths with the round figures cards actually use,
// which put many fees exactly on a half penny (where a float or a wrong mode goes astray).

const pence = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: 0, max: 100_000 }),
  fc.constantFrom(34_843, 23_160, 41_235, 0, 1, 99_999_999),
);
const niceRate = (values: number[]) => fc.constantFrom(...values);
const gold = fc.oneof(fc.integer({ min: 0, max: 5_000 }), niceRate([200, 250, 50, 125, 150, 0]));
const silver = fc.oneof(fc.integer({ min: -500, max: 500 }), niceRate([0, 0, 50, -50]));
const bronze = fc.oneof(fc.integer({ min: -5_000, max: 0 }), niceRate([-300, -250, -50, -125]));
const mode = fc.constantFrom<Mode>('half-up', 'half-even', 'down');

const categoryArb = fc.record({
  banded: fc.boolean(),
  care: fc.array(pence, { minLength: 1, maxLength: 4 }),
});

const cardArb = fc.record({
  hotel: pence,
  categories: fc.array(categoryArb, { minLength: 1, maxLength: 4 }),
  gold,
  silver,
  bronze,
  rounding: mode,
});

type RawCard = typeof cardArb extends fc.Arbitrary<infer T> ? T : never;

const placementArb = fc.record({
  category: fc.nat(),
  band: fc.nat(),
  rating: fc.constantFrom<RatingName>('Gold', 'Silver', 'Bronze'),
  overdue: fc.boolean(),
});

function modelCard(raw: RawCard): ModelCard {
  return {
    ...raw,
    categories: raw.categories.map((c, i) => ({
      id: `cat-${i}`,
      banded: c.banded,
      care: c.banded ? c.care : [c.care[0]!],
    })),
  };
}

describe('fees agree with an exact BigInt model to the penny', () => {
  test('very large amounts leave the integer path rather than lose a penny', () => {
    // 9,010,499,999p × 1,000,001 = 9,010,509,009,499,999 (above 2^53): exactly 90105090.09499999 pounds,
    // which half up is 90105090.09; in doubles the product rounds to …500,000, a false tie, → .10
    const m: ModelCard = {
      hotel: 9_010_499_999,
      categories: [{ id: 'a', banded: false, care: [0] }],
      gold: 0,
      silver: 0,
      bronze: 0,
      rounding: 'half-up',
    };
    const card = parseRateCard({
      ...toCard(m),
      quality: { gold: '0.000001', silver: '0', bronze: '-0.03' },
    });
    expect(weeklyFee(card, { category: 'a', rating: 'Gold' }).fee).toBe('90105090.09');
    expect(weeklyFeeDecimal(card, { category: 'a', rating: 'Gold' })).toBe('90105090.09');
    const exact = roundRational(9_010_499_999n * 1_000_001n, 1_000_000n, 'half-up');
    expect(poundsText(exact)).toBe('90105090.09');
  });

  test('100,000 random placements over 1,000 random cards: weeklyFee, weeklyFeeDecimal and the model agree', () => {
    let placements = 0;
    fc.assert(
      fc.property(
        cardArb,
        fc.array(placementArb, { minLength: 100, maxLength: 100 }),
        (raw, list) => {
          const m = modelCard(raw);
          const card = toCard(m);
          for (const p of list) {
            const category = m.categories[p.category % m.categories.length]!;
            const bandIndex = p.band % category.care.length;
            const placement = {
              category: category.id,
              band: category.banded ? String(bandIndex + 1) : null,
              rating: p.rating,
              bronzeOverdue: p.overdue,
            };
            const expected = modelFee(m, m.hotel, category.care[bandIndex]!, p.rating, p.overdue);
            const fast = weeklyFee(card, placement).fee;
            const exact = weeklyFeeDecimal(card, placement);
            // plain comparisons in the loop (expect() is slow); report the first disagreement in full
            if (fast !== expected || exact !== expected)
              expect({ placement, fast, exact }).toEqual({
                placement,
                fast: expected,
                exact: expected,
              });
            placements += 1;
          }
        },
      ),
      { numRuns: 1_000, seed: 20_260_401 },
    );
    expect(placements).toBe(100_000);
  });
});

// ---------------------------------------------------------------------------------------------
// The price review against the same model: amount × (1 + change), change a decimal with up to
// 6 places, i.e. amount × (10^6 + c) / 10^6 pence, rounded once by the card's mode.

describe('the price review agrees with the exact model', () => {
  const change = fc.oneof(
    fc.integer({ min: -50_000, max: 200_000 }),
    fc.constantFrom(109_000, 14_000, 20_000, 25_000, 5_000, 12_500),
  );
  test('hotel by CPIH, every care cost by the greater of NLW and local wage changes', () => {
    fc.assert(
      fc.property(
        cardArb,
        change,
        change,
        fc.option(change, { nil: undefined }),
        (raw, cpih, nlw, local) => {
          const m = modelCard(raw);
          const card = toCard(m);
          const result = upliftCard(card, {
            reviewYear: 2025,
            cpihChange: fractionText(cpih, 6),
            nlwChange: fractionText(nlw, 6),
            localWageChange: local === undefined ? undefined : fractionText(local, 6),
          });
          const up = (p: number, c: number) =>
            poundsText(roundRational(BigInt(p) * BigInt(1_000_000 + c), 1_000_000n, m.rounding));
          const careChange = local !== undefined && local > nlw ? local : nlw;
          expect(result.card.hotelCost).toBe(up(m.hotel, cpih));
          result.card.categories.forEach((c, i) => {
            const model = m.categories[i]!;
            if (model.banded)
              expect(c.bands!.map((b) => b.careCost)).toEqual(
                model.care.map((p) => up(p, careChange)),
              );
            else expect(c.careCost).toBe(up(model.care[0]!, careChange));
          });
        },
      ),
      { numRuns: 1_000, seed: 20_250_401 },
    );
  });
});

// A change computed from two index values (e.g. the NLW from £11.44 to £12.21) is applied as
// amount × to ÷ from: the model is that fraction in BigInt, rounded once.
describe('changes given as index ratios are applied exactly', () => {
  const indexPence = fc.integer({ min: 500, max: 5_000 });
  test('upliftAmount(amount, { from, to }) = round(amount × to ÷ from), every mode', () => {
    fc.assert(
      fc.property(
        pence,
        indexPence,
        fc.integer({ min: 0, max: 600 }),
        mode,
        (amount, from, rise, rounding) => {
          const to = from + Math.min(rise, from); // at most +100%: more is refused as a likely typo
          const expected = poundsText(
            roundRational(BigInt(amount) * BigInt(to), BigInt(from), rounding),
          );
          expect(
            upliftAmount(
              poundsText(BigInt(amount)),
              { from: poundsText(BigInt(from)), to: poundsText(BigInt(to)) },
              rounding,
            ),
          ).toBe(expected);
        },
      ),
      { numRuns: 5_000, seed: 20_250_402 },
    );
  });
  test('the greater of two wage ratios sets every care cost', () => {
    fc.assert(
      fc.property(
        cardArb,
        indexPence,
        fc.integer({ min: 0, max: 600 }),
        indexPence,
        fc.integer({ min: 0, max: 600 }),
        (raw, nFrom, nRise, lFrom, lRise) => {
          const m = modelCard(raw);
          const nTo = nFrom + Math.min(nRise, nFrom);
          const lTo = lFrom + Math.min(lRise, lFrom);
          const result = upliftCard(toCard(m), {
            reviewYear: 2025,
            cpihChange: '0',
            nlwChange: { from: poundsText(BigInt(nFrom)), to: poundsText(BigInt(nTo)) },
            localWageChange: { from: poundsText(BigInt(lFrom)), to: poundsText(BigInt(lTo)) },
          });
          // local wins only if lTo/lFrom > nTo/nFrom, compared by cross-multiplying
          const localWins = BigInt(lTo) * BigInt(nFrom) > BigInt(nTo) * BigInt(lFrom);
          const [num, den] = localWins ? [lTo, lFrom] : [nTo, nFrom];
          expect(result.careChangeBasis).toBe(localWins ? 'local-care-wage' : 'nlw');
          const first = m.categories[0]!;
          const care = result.card.categories[0]!;
          const got = first.banded ? care.bands![0]!.careCost : care.careCost;
          expect(got).toBe(
            poundsText(
              roundRational(BigInt(first.care[0]!) * BigInt(num), BigInt(den), m.rounding),
            ),
          );
        },
      ),
      { numRuns: 1_000, seed: 20_250_403 },
    );
  });
});
