/**
 * A card's whole fee schedule: one row per category (and band), with the weekly fee at each
 * priceable rating. What the add-in spills with CARE.SCHEDULE, the service returns and the
 * provider page shows.
 */
import { compileCard, weeklyFeePence } from './fee';
import { Decimal, formatPounds, penceToPounds } from './money';
import type { RateCard } from './rateCard';

export interface ScheduleRow {
  category: string;
  categoryName: string;
  band: string | null;
  bandName: string | null;
  hotel: string;
  care: string;
  /** The standard (Silver) weekly fee: hotel + care. */
  base: string;
  gold: string;
  silver: string;
  /** Bronze after the improvement deadline has passed (before it, Bronze pays the standard fee). */
  bronze: string;
}

export function feeSchedule(card: RateCard): ScheduleRow[] {
  const c = compileCard(card);
  const rows: ScheduleRow[] = [];
  const row = (
    categoryId: string,
    categoryName: string,
    band: string | null,
    bandName: string | null,
    care: string,
  ): ScheduleRow => ({
    category: categoryId,
    categoryName,
    band,
    bandName,
    hotel: card.hotelCost,
    care,
    base: formatPounds(new Decimal(card.hotelCost).plus(care)),
    gold: penceToPounds(weeklyFeePence(c, categoryId, band, 'Gold')),
    silver: penceToPounds(weeklyFeePence(c, categoryId, band, 'Silver')),
    bronze: penceToPounds(weeklyFeePence(c, categoryId, band, 'Bronze', true)),
  });
  for (const category of card.categories) {
    if (category.bands) {
      for (const band of category.bands)
        rows.push(row(category.id, category.name, band.id, band.name ?? null, band.careCost));
    } else {
      rows.push(row(category.id, category.name, null, null, category.careCost!));
    }
  }
  return rows;
}
