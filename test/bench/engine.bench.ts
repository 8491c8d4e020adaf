/**
 * `npm run bench`: weekly fees per second for 1,000,000 random placements, through
 *   - the engine's fast path (compileCard + weeklyFeePence, integer pence),
 *   - the engine's rich result (weeklyFee, every step shown),
 *   - a naive float implementation (what a spreadsheet formula does),
 *   - a straightforward decimal.js implementation,
 * all on the same inputs from a seeded PRNG, in one run, on one core (Node's main thread).
 * Each method's fees are compared with the engine's fast path and the disagreements counted.
 *
 * The inputs lean on the cases that break floats: bases whose quality-adjusted fee ends in an
 * exact half penny (e.g. base ≡ 25p mod 50p at +2%), half-even and round-down cards, and
 * large amounts.
 */
import DecimalJs from 'decimal.js';
import {
  compileCard,
  parseRateCard,
  penceToPounds,
  weeklyFee,
  weeklyFeePence,
  type RateCard,
  type RoundingMode,
} from '../../shared/src';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const SEED = 20_260_401;

/** mulberry32: a small, fast, seeded PRNG so every run and every method sees the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pounds = (pence: number) => penceToPounds(pence);

// ---------------------------------------------------------------------------------------------
// Inputs.

const GOLD = ['0.02', '0.025', '0.015', '0.0125', '0.03', '0.0175'];
const BRONZE = ['-0.03', '-0.025', '-0.05', '-0.0125'];
const MODES: RoundingMode[] = ['half-up', 'half-up', 'half-up', 'half-even', 'down'];

/**
 * Pence amounts: ordinary ones, very large ones, and a hotel cost in whole 50p with care costs
 * ≡ 25p mod 50p, so the base ≡ 25p mod 50p and a +2% fee ends in exactly half a penny.
 */
function amount(kind: 'hotel' | 'care'): number {
  const r = random();
  if (r < 0.5) return kind === 'hotel' ? 50 * int(400, 2_400) : 25 + 50 * int(400, 2_400);
  if (r < 0.6) return int(1_000_000, 99_999_999);
  if (r < 0.8) return int(20_000, 120_000);
  return int(0, 5_000_000);
}

const CARDS: RateCard[] = Array.from({ length: 50 }, (_, k) =>
  parseRateCard({
    id: `bench-${k}`,
    version: 1,
    title: `Bench card ${k}`,
    commissioner: 'Bench',
    effectiveFrom: '2025-04-01',
    hotelCost: pounds(amount('hotel')),
    categories: [
      { id: 'older-residential', name: 'Older residential', careCost: pounds(amount('care')) },
      { id: 'dementia', name: 'Dementia', careCost: pounds(amount('care')) },
      {
        id: 'ld',
        name: 'Learning disability',
        bands: [1, 2, 3, 4].map((b) => ({ id: String(b), careCost: pounds(amount('care')) })),
      },
    ],
    quality: { gold: pick(GOLD), silver: '0', bronze: pick(BRONZE) },
    rounding: pick(MODES),
  }),
);

type RatingName = 'Gold' | 'Silver' | 'Bronze';
const RATINGS: RatingName[] = ['Gold', 'Gold', 'Silver', 'Bronze'];
const CATEGORIES: Array<[string, string | null]> = [
  ['older-residential', null],
  ['dementia', null],
  ['ld', '1'],
  ['ld', '2'],
  ['ld', '3'],
  ['ld', '4'],
];

const cardIndex = new Uint8Array(N);
const categoryOf: string[] = new Array<string>(N);
const bandOf: Array<string | null> = new Array<string | null>(N);
const ratingOf: RatingName[] = new Array<RatingName>(N);
const overdueOf: boolean[] = new Array<boolean>(N);
for (let i = 0; i < N; i++) {
  cardIndex[i] = int(0, CARDS.length - 1);
  const [category, band] = pick(CATEGORIES);
  categoryOf[i] = category;
  bandOf[i] = band;
  ratingOf[i] = pick(RATINGS);
  overdueOf[i] = random() < 0.5;
}

// ---------------------------------------------------------------------------------------------
// The methods. Each returns the fee of placement i in whole pence.

const compiledCards = CARDS.map((card) => compileCard(card));

function engineFast(out: Float64Array): void {
  for (let i = 0; i < N; i++) {
    out[i] = weeklyFeePence(
      compiledCards[cardIndex[i]!]!,
      categoryOf[i]!,
      bandOf[i],
      ratingOf[i]!,
      overdueOf[i],
    );
  }
}

const richFees: string[] = new Array<string>(N);
function engineRich(out: Float64Array): void {
  for (let i = 0; i < N; i++) {
    const fee = weeklyFee(CARDS[cardIndex[i]!]!, {
      category: categoryOf[i]!,
      band: bandOf[i],
      rating: ratingOf[i],
      bronzeOverdue: overdueOf[i],
    }).fee;
    richFees[i] = fee;
  }
  // Text to pence outside the comparison's concern but inside the timing: it is part of the
  // result a caller gets back.
  for (let i = 0; i < N; i++) out[i] = textToPence(richFees[i]!);
}

function textToPence(text: string): number {
  const dot = text.indexOf('.');
  return Number(text.slice(0, dot)) * 100 + Number(text.slice(dot + 1));
}

/** Per card, what a naive implementation holds: floats in pounds. */
const floatCards = CARDS.map((card) => {
  const care = new Map<string, number>();
  for (const c of card.categories) {
    if (c.bands) for (const b of c.bands) care.set(`${c.id}\u0000${b.id}`, parseFloat(b.careCost));
    else care.set(`${c.id}\u0000`, parseFloat(c.careCost!));
  }
  return {
    hotel: parseFloat(card.hotelCost),
    care,
    gold: parseFloat(card.quality.gold),
    silver: parseFloat(card.quality.silver),
    bronze: parseFloat(card.quality.bronze),
    rounding: card.rounding,
  };
});

function floatNaive(out: Float64Array): void {
  for (let i = 0; i < N; i++) {
    const c = floatCards[cardIndex[i]!]!;
    const care = c.care.get(`${categoryOf[i]}\u0000${bandOf[i] ?? ''}`)!;
    const rating = ratingOf[i];
    const q =
      rating === 'Gold' ? c.gold : rating === 'Silver' ? c.silver : overdueOf[i] ? c.bronze : 0;
    const x = (c.hotel + care) * (1 + q) * 100;
    let pence: number;
    if (c.rounding === 'down') pence = Math.floor(x);
    else if (c.rounding === 'half-even') {
      const f = Math.floor(x);
      const d = x - f;
      pence = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    } else pence = Math.round(x);
    out[i] = pence;
  }
}

/** A straightforward decimal.js version: parse, add, multiply, round, every time. */
const D = DecimalJs.clone({ precision: 40 });
const DEC_MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': D.ROUND_HALF_UP,
  'half-even': D.ROUND_HALF_EVEN,
  down: D.ROUND_DOWN,
};
const decimalCards = CARDS.map((card) => {
  const care = new Map<string, string>();
  for (const c of card.categories) {
    if (c.bands) for (const b of c.bands) care.set(`${c.id}\u0000${b.id}`, b.careCost);
    else care.set(`${c.id}\u0000`, c.careCost!);
  }
  return { card, care };
});

function decimalStraight(out: Float64Array): void {
  for (let i = 0; i < N; i++) {
    const { card, care } = decimalCards[cardIndex[i]!]!;
    const rating = ratingOf[i];
    const q =
      rating === 'Gold'
        ? card.quality.gold
        : rating === 'Silver'
          ? card.quality.silver
          : overdueOf[i]
            ? card.quality.bronze
            : '0';
    const fee = new D(card.hotelCost)
      .plus(care.get(`${categoryOf[i]}\u0000${bandOf[i] ?? ''}`)!)
      .times(new D(1).plus(q))
      .toDecimalPlaces(2, DEC_MODES[card.rounding]);
    out[i] = fee.times(100).toNumber();
  }
}

// ---------------------------------------------------------------------------------------------
// Measure.

interface Measured {
  name: string;
  perSecond: number;
  differences: number;
  example?: string;
}

const reference = new Float64Array(N);

function measure(name: string, run: (out: Float64Array) => void, isReference = false): Measured {
  const out = isReference ? reference : new Float64Array(N);
  run(out); // warm-up: let the JIT compile the loop
  const start = process.hrtime.bigint();
  run(out);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let differences = 0;
  let example: string | undefined;
  if (!isReference) {
    for (let i = 0; i < N; i++) {
      if (out[i] !== reference[i]) {
        differences++;
        if (!example) {
          const card = CARDS[cardIndex[i]!]!;
          example = `${card.id} ${categoryOf[i]}${bandOf[i] ? ` band ${bandOf[i]}` : ''} ${ratingOf[i]}${overdueOf[i] ? ' (overdue)' : ''}, ${card.rounding}: engine ${penceToPounds(reference[i]!)}, ${name} ${penceToPounds(out[i]!)}`;
        }
      }
    }
  }
  return { name, perSecond: N / seconds, differences, example };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

const results = [
  measure('engine (compileCard + weeklyFeePence)', engineFast, true),
  measure('engine (weeklyFee, rich result)', engineRich),
  measure('float (naive)', floatNaive),
  measure('decimal.js (straightforward)', decimalStraight),
];
const float = results.find((r) => r.name.startsWith('float'))!;
const width = Math.max(...results.map((r) => r.name.length));

console.log(
  `${fmt(N)} placements over ${CARDS.length} cards, seed ${SEED}, Node ${process.version}`,
);
for (const r of results) {
  const ratio = (r.perSecond / float.perSecond).toFixed(2);
  console.log(
    `${r.name.padEnd(width)}  ${fmt(r.perSecond).padStart(11)} fees/s  ${fmt(r.differences).padStart(7)} differences  ${ratio}× float`,
  );
}
for (const r of results) if (r.example) console.log(`first difference, ${r.name}: ${r.example}`);
