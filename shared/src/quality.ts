/**
 * Overall quality ratings and their price effect (Birmingham commissioning strategy, Table 2
 * and the quality premium): Gold +2%, Silver standard, Bronze −3% once the improvement
 * deadline has passed, Inadequate cannot be priced for a new package.
 */
import { invalid, notAllowed, type ErrorPath } from './errors';
import type { IsoDate } from './dates';
import { Decimal } from './money';
import type { RateCard } from './rateCard';

export const RATINGS = ['Gold', 'Silver', 'Bronze', 'Inadequate'] as const;
export type Rating = (typeof RATINGS)[number];

/** Accepts any letter case ("gold", "GOLD"); anything else is an error naming the input. */
export function toRating(input: unknown, path: ErrorPath = ['rating']): Rating {
  if (typeof input === 'string') {
    if (input === 'Gold' || input === 'Silver' || input === 'Bronze' || input === 'Inadequate')
      return input;
    const found = RATINGS.find((r) => r.toLowerCase() === input.trim().toLowerCase());
    if (found) return found;
  }
  throw invalid(
    `rating must be one of Gold, Silver, Bronze, Inadequate, got ${JSON.stringify(input)}`,
    path,
  );
}

/**
 * The quality percentage a card applies to the whole weekly fee for a rating.
 * Bronze's reduction applies only once the provider has missed its improvement deadline.
 */
export function qualityAdjustment(card: RateCard, rating: Rating, bronzeOverdue = false): Decimal {
  switch (rating) {
    case 'Gold':
      return new Decimal(card.quality.gold);
    case 'Silver':
      return new Decimal(card.quality.silver);
    case 'Bronze':
      return bronzeOverdue ? new Decimal(card.quality.bronze) : new Decimal(0);
    case 'Inadequate':
      throw notAllowed(
        'an Inadequate provider is suspended from new packages and cannot be priced',
        ['rating'],
      );
  }
}

/**
 * Bronze has one meaning everywhere: the standard fee until the provider's improvement deadline,
 * the card's Bronze reduction for any date after it ("failed to improve within the set time").
 * The deadline is a date the caller states; none is an error rather than a guess.
 */
export function bronzeOverdueOn(
  deadline: IsoDate | null | undefined,
  date: IsoDate,
  path: ErrorPath = ['bronze_deadline'],
): boolean {
  if (deadline === null || deadline === undefined) {
    throw invalid(
      'a Bronze fee needs the improvement deadline (bronze_deadline): the standard fee applies until it, the Bronze reduction after it',
      path,
    );
  }
  return date > deadline;
}
