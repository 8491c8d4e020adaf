/**
 * Properties of the price review checked against an independent oracle: integer arithmetic in
 * BigInt pence and thousandths, with no decimal.js at all.
 */
import fc from 'fast-check';
import { diffCards, parseRateCard, upliftCard, type RateCard } from '../../shared/src';

/** round_half_up(pence × (1000 + milli) ÷ 1000), exactly, for non-negative results. */
function oracle(pence: bigint, milli: bigint): bigint {
  const n = pence * (1000n + milli);
  const q = n / 1000n;
  const r = n % 1000n;
  return 2n * r >= 1000n ? q + 1n : q;
}

const pounds = (pence: bigint) => `${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`;
const fraction = (milli: number) => (milli / 1000).toFixed(3);

function cardWith(hotelPence: bigint, carePence: bigint): RateCard {
  return parseRateCard({
    id: 'prop-card',
    version: 1,
    title: 'Property card 2024/25',
    commissioner: 'Test',
    effectiveFrom: '2024-04-01',
    hotelCost: pounds(hotelPence),
    categories: [
      { id: 'older-residential', name: 'Older people residential', careCost: pounds(carePence) },
    ],
  });
}

const amount = fc.bigInt({ min: 0n, max: 500_000n }); // up to £5,000.00 a week
const change = fc.integer({ min: -200, max: 200 }); // −20.0% to +20.0%

describe('price review properties', () => {
  test('each new amount is the old one × (1 + change), rounded half up to the penny', () => {
    fc.assert(
      fc.property(amount, amount, change, change, (hotel, care, cpih, nlw) => {
        const r = upliftCard(cardWith(hotel, care), {
          reviewYear: 2025,
          cpihChange: fraction(cpih),
          nlwChange: fraction(nlw),
        });
        expect(r.card.hotelCost).toBe(pounds(oracle(hotel, BigInt(cpih))));
        expect(r.card.categories[0]!.careCost).toBe(pounds(oracle(care, BigInt(nlw))));
      }),
      { numRuns: 500 },
    );
  });

  test('a bigger rise never gives a smaller amount', () => {
    fc.assert(
      fc.property(amount, change, change, (care, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const at = (nlw: number) =>
          BigInt(
            upliftCard(cardWith(0n, care), {
              reviewYear: 2025,
              cpihChange: '0',
              nlwChange: fraction(nlw),
            }).card.categories[0]!.careCost!.replace('.', ''),
          );
        expect(at(lo)).toBeLessThanOrEqual(at(hi));
      }),
      { numRuns: 300 },
    );
  });

  test('a review of 0% changes no amount: the diff shows only the new version, title, start date and review note', () => {
    fc.assert(
      fc.property(amount, amount, (hotel, care) => {
        const card = cardWith(hotel, care);
        const diff = diffCards(
          card,
          upliftCard(card, { reviewYear: 2025, cpihChange: 0, nlwChange: 0 }).card,
        );
        expect(diff.metadata.map((m) => m.label)).toEqual([
          'version',
          'title',
          'in force from',
          'notes',
        ]);
        expect(diff.summary).toEqual({ changed: 0, unchanged: 2, added: 0, removed: 0 });
        expect(diff.fees).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
