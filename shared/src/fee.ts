/**
 * The weekly fee for a placement (Birmingham model):
 *   base = hotel cost + care cost (category, band)
 *   fee  = round_pence(base × (1 + quality adjustment))
 * Rounded once, at the end, with the card's rounding mode.
 *
 * Two exact paths: `compileCard` turns a card into integer pence and integer rate fractions so
 * a fee is a few integer operations (the batch and spreadsheet hot path); the decimal.js path
 * serves overrides and any rate too fine for the integer path. Property tests hold them equal.
 */
import { invalid, notFound } from './errors';
import {
  Decimal,
  divideRounded,
  formatPounds,
  mulDivPence,
  penceToPounds,
  roundPence,
  toMoney,
  toPence,
  type RoundingMode,
} from './money';
import { qualityAdjustment, toRating, type Rating } from './quality';
import type { RateCard } from './rateCard';

export interface Placement {
  category: string;
  band?: string | null;
  /** Overall quality rating; Silver (the standard fee) when not given. */
  rating?: Rating | string;
  /** Bronze only: the provider has failed to improve within the set time. */
  bronzeOverdue?: boolean;
  /** A specialist package priced individually; the reason is mandatory. */
  override?: FeeOverride;
}

export type FeeOverride =
  | { careCost: string | number; weeklyFee?: undefined; reason: string }
  | { weeklyFee: string | number; careCost?: undefined; reason: string };

export interface FeeResult {
  cardId: string;
  version: number;
  category: string;
  band: string | null;
  rating: Rating;
  hotel: string;
  care: string;
  base: string;
  /** The quality percentage applied, as a decimal fraction ("0.02"). */
  adjustment: string;
  fee: string;
  override?: { reason: string };
}

/** The care cost of a category (and band, where the category is banded). */
export function careCost(card: RateCard, categoryId: string, bandId?: string | null): string {
  const category = card.categories.find((c) => c.id === categoryId);
  if (!category) {
    throw notFound(
      `category "${categoryId}" is not on rate card ${card.id} v${card.version} (it has ${card.categories.map((c) => c.id).join(', ')})`,
      ['category'],
    );
  }
  if (category.bands) {
    if (bandId === undefined || bandId === null || bandId === '') {
      throw invalid(
        `category "${categoryId}" is banded: give a band (${category.bands.map((b) => b.id).join(', ')})`,
        ['band'],
      );
    }
    const band = category.bands.find((b) => b.id === String(bandId));
    if (!band) {
      throw notFound(
        `band "${bandId}" is not in category "${categoryId}" (bands ${category.bands.map((b) => b.id).join(', ')})`,
        ['band'],
      );
    }
    return band.careCost;
  }
  if (bandId !== undefined && bandId !== null && bandId !== '') {
    throw invalid(`category "${categoryId}" has no bands, but band "${bandId}" was given`, [
      'band',
    ]);
  }
  return category.careCost!;
}

// ---------------------------------------------------------------------------------------------
// Fast exact path: integer pence.

/** Rates with up to this many decimal places run on the integer path (keeps products < 2^53). */
const MAX_FAST_PLACES = 6;

export interface CompiledCard {
  card: RateCard;
  hotelPence: number;
  /** "category\u0000band" → care cost in pence ("category\u0000" for unbanded). */
  carePence: Map<string, number>;
  /** 10^places; the quality multipliers (1 + q) are numerators over it. */
  denominator: number;
  multipliers: { Gold: number; Silver: number; Bronze: number };
  /** The card's quality percentages as text, for results ("0.02"). */
  adjustments: { Gold: string; Silver: string; Bronze: string };
  rounding: RoundingMode;
  /** False when a rate is too fine for integers: every fee then takes the decimal path. */
  fast: boolean;
}

const compiled = new WeakMap<RateCard, CompiledCard>();

// Bound once: run through tsx (CommonJS), each use of an imported name is a getter call,
// which costs the hot loop below about a fifth of its speed (npm run bench).
const divide = divideRounded;

/** Compile once per card object (cached): cards are immutable values. */
export function compileCard(card: RateCard): CompiledCard {
  let c = compiled.get(card);
  if (c) return c;
  const carePence = new Map<string, number>();
  for (const category of card.categories) {
    if (category.bands) {
      for (const band of category.bands)
        carePence.set(`${category.id}\u0000${band.id}`, toPence(band.careCost));
    } else {
      carePence.set(`${category.id}\u0000`, toPence(category.careCost!));
    }
  }
  const rates = [card.quality.gold, card.quality.silver, card.quality.bronze].map(
    (r) => new Decimal(r),
  );
  const places = Math.max(...rates.map((r) => r.decimalPlaces()));
  const denominator = 10 ** Math.min(places, MAX_FAST_PLACES);
  const [gold, silver, bronze] = rates.map((r) => r.plus(1).times(denominator).toNumber()) as [
    number,
    number,
    number,
  ];
  // The integer path is exact only while (hotel + care) × multiplier stays below 2^53; a card
  // with amounts in the tens of millions of pounds takes the decimal path instead.
  const hotelPence = toPence(card.hotelCost);
  const largest = hotelPence + Math.max(...carePence.values());
  // (Half of 2^53 leaves room for the float product's own rounding in this check.)
  const safe = largest * Math.max(gold, silver, bronze, denominator) <= Number.MAX_SAFE_INTEGER / 2;
  c = {
    card,
    hotelPence,
    carePence,
    denominator,
    multipliers: { Gold: gold, Silver: silver, Bronze: bronze },
    adjustments: {
      Gold: rates[0]!.toString(),
      Silver: rates[1]!.toString(),
      Bronze: rates[2]!.toString(),
    },
    rounding: card.rounding,
    fast: places <= MAX_FAST_PLACES && safe,
  };
  compiled.set(card, c);
  return c;
}

/**
 * The weekly fee in whole pence on the integer path: the hot loop for batches and sheets.
 * Throws like `weeklyFee` for unknown categories, bands and Inadequate providers.
 */
export function weeklyFeePence(
  c: CompiledCard,
  category: string,
  band: string | null | undefined,
  rating: Rating,
  bronzeOverdue = false,
): number {
  let care = c.carePence.get(`${category}\u0000${band ?? ''}`);
  if (care === undefined) care = toPence(careCost(c.card, category, band)); // throws the precise error
  let multiplier: number;
  if (rating === 'Silver') multiplier = c.multipliers.Silver;
  else if (rating === 'Gold') multiplier = c.multipliers.Gold;
  else if (rating === 'Bronze') multiplier = bronzeOverdue ? c.multipliers.Bronze : c.denominator;
  else throw qualityAdjustment(c.card, 'Inadequate') as never;
  if (!c.fast) {
    const multiplier = qualityAdjustment(c.card, rating, bronzeOverdue).plus(1);
    return toPence(mulDivPence(new Decimal(c.hotelPence + care), multiplier, 100, c.rounding));
  }
  return divide((c.hotelPence + care) * multiplier, c.denominator, c.rounding);
}

// ---------------------------------------------------------------------------------------------
// The public calculation.

/** The weekly fee for one placement under a rate card, with every step shown. */
export function weeklyFee(card: RateCard, placement: Placement): FeeResult {
  const rating = toRating(placement.rating ?? 'Silver');
  const bronzeOverdue = placement.bronzeOverdue === true;
  const band =
    placement.band === undefined || placement.band === null || placement.band === ''
      ? null
      : String(placement.band);
  if (placement.override) {
    // "Providers who are rated Inadequate will be suspended from bidding for new packages":
    // an individually agreed price is a new package too.
    if (rating === 'Inadequate') qualityAdjustment(card, rating);
    const common = {
      cardId: card.id,
      version: card.version,
      category: placement.category,
      band,
      rating,
    };
    return overriddenFee(card, placement.override, rating, bronzeOverdue, common);
  }

  const c = compileCard(card);
  const feePence = weeklyFeePence(c, placement.category, band, rating, bronzeOverdue);
  // weeklyFeePence has checked the category and band, so the care cost is in the table.
  const carePence = c.carePence.get(`${placement.category}\u0000${band ?? ''}`)!;
  // Properties written out, not spread: a spread here made this call twenty times slower.
  return {
    cardId: card.id,
    version: card.version,
    category: placement.category,
    band,
    rating,
    hotel: card.hotelCost,
    care: penceToPounds(carePence),
    base: penceToPounds(c.hotelPence + carePence),
    adjustment:
      rating === 'Bronze' && !bronzeOverdue
        ? '0'
        : c.adjustments[rating as 'Gold' | 'Silver' | 'Bronze'],
    fee: penceToPounds(feePence),
  };
}

function overriddenFee(
  card: RateCard,
  override: FeeOverride,
  rating: Rating,
  bronzeOverdue: boolean,
  common: Pick<FeeResult, 'cardId' | 'version' | 'category' | 'band' | 'rating'>,
): FeeResult {
  if (typeof override.reason !== 'string' || override.reason.trim().length < 3) {
    throw invalid('an individual override needs a reason (at least 3 characters)', [
      'override',
      'reason',
    ]);
  }
  const reason = override.reason.trim();
  if (override.weeklyFee !== undefined && override.careCost !== undefined) {
    throw invalid('an override gives either weeklyFee or careCost, not both', ['override']);
  }
  // "Inadequate: suspended from new packages": no price for one, agreed individually or not.
  if (rating === 'Inadequate') qualityAdjustment(card, rating);
  if (override.weeklyFee !== undefined) {
    // A specialist package agreed as a whole weekly price: taken as agreed, no quality adjustment.
    const fee = toMoney(override.weeklyFee, 'override weeklyFee', ['override', 'weeklyFee']);
    if (fee.isNegative())
      throw invalid('override weeklyFee must not be negative', ['override', 'weeklyFee']);
    const text = formatPounds(fee);
    return {
      ...common,
      hotel: card.hotelCost,
      care: formatPounds(fee.minus(card.hotelCost)),
      base: text,
      adjustment: '0',
      fee: text,
      override: { reason },
    };
  }
  if (override.careCost === undefined) {
    throw invalid('an override gives weeklyFee or careCost', ['override']);
  }
  // An individually agreed care cost: hotel and quality adjustment apply as for any placement.
  const care = toMoney(override.careCost, 'override careCost', ['override', 'careCost']);
  if (care.isNegative())
    throw invalid('override careCost must not be negative', ['override', 'careCost']);
  const q = qualityAdjustment(card, rating, bronzeOverdue);
  const base = new Decimal(card.hotelCost).plus(care);
  return {
    ...common,
    hotel: card.hotelCost,
    care: formatPounds(care),
    base: formatPounds(base),
    adjustment: q.toString(),
    fee: formatPounds(roundPence(base.times(q.plus(1)), card.rounding)),
    override: { reason },
  };
}

/** The decimal.js path for the same fee, step by step; the reference the fast path must match. */
export function weeklyFeeDecimal(card: RateCard, placement: Placement): string {
  const rating = toRating(placement.rating ?? 'Silver');
  const q = qualityAdjustment(card, rating, placement.bronzeOverdue === true);
  const base = new Decimal(card.hotelCost).plus(careCost(card, placement.category, placement.band));
  return formatPounds(roundPence(base.times(q.plus(1)), card.rounding));
}
