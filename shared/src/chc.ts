/**
 * Continuing Healthcare tiers (Black Country complex care; Kernow criteria-based tiers).
 * A tier on a rate card is either a fixed weekly fee, or a base nursing fee plus the cost of
 * additional staffing hours:
 *
 *   hours a week = hours covered a day × 7 × staff ÷ people sharing them
 *   fee          = round_pence(base + hours a week × hourly rate)
 *
 * so 1:1 for 12 hours a day is 84 hours a week, 2:1 is 168, and 1:2 (two people sharing one
 * member of staff) is 42. The fee is rounded once, at the end, with the card's rounding mode;
 * the division by people is done last so no hour count is rounded on the way.
 */
import { z } from 'zod';
import { notFound } from './errors';
import { Decimal, formatPounds, roundPence, type RoundingMode } from './money';
import {
  slugSchema,
  staffingSchema,
  zodToCareFeeError,
  type ChcTier,
  type RateCard,
} from './rateCard';

/** What the service and the add-in ask for: a tier of the card they already hold. */
export const chcFeeInputSchema = z.object({ tierId: slugSchema }).strict();
export type ChcFeeInput = z.input<typeof chcFeeInputSchema>;

export type Staffing = z.input<typeof staffingSchema>;

export interface ChcTierFee {
  tierId: string;
  name: string;
  kind: ChcTier['kind'];
  /** The fixed weekly fee, or the base nursing fee of a staffed tier. */
  base: string;
  /** Additional staffing hours a week ("0" for a fixed tier); shown to at most 2 places. */
  hours: string;
  /** Hourly rate of the additional staff ("0.00" for a fixed tier). */
  hourlyRate: string;
  /** hours × hourly rate, to pence (exactly fee − base, since base is whole pence). */
  staffingCost: string;
  fee: string;
}

const DAYS_A_WEEK = 7;

/** Exact numerator and divisor of the hours a week, so callers can divide last. */
function staffingParts(staffing: Staffing): { covered: Decimal; people: number } {
  const parsed = staffingSchema.safeParse(staffing);
  if (!parsed.success) throw zodToCareFeeError(parsed.error, ['staffing']);
  const { hoursPerDay, staff, people } = parsed.data;
  return { covered: new Decimal(String(hoursPerDay)).times(DAYS_A_WEEK).times(staff), people };
}

/** Additional staffing hours a week: hours covered a day × 7 × staff ÷ people sharing (exact). */
export function staffingHoursPerWeek(staffing: Staffing): Decimal {
  const { covered, people } = staffingParts(staffing);
  return covered.div(people);
}

/** The weekly fee of one CHC tier on a card, with its build-up. */
export function chcTierFee(card: RateCard, tierId: string): ChcTierFee {
  const parsed = chcFeeInputSchema.safeParse({ tierId });
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const tiers = card.chcTiers ?? [];
  const tier = tiers.find((t) => t.id === tierId);
  if (!tier) {
    throw notFound(
      tiers.length
        ? `CHC tier "${tierId}" is not on rate card ${card.id} v${card.version} (it has ${tiers.map((t) => t.id).join(', ')})`
        : `rate card ${card.id} v${card.version} has no CHC tiers, so there is no tier "${tierId}"`,
      ['tierId'],
    );
  }
  const mode: RoundingMode = card.rounding;
  if (tier.kind === 'fixed') {
    return {
      tierId: tier.id,
      name: tier.name,
      kind: tier.kind,
      base: tier.weeklyFee,
      hours: '0',
      hourlyRate: '0.00',
      staffingCost: '0.00',
      fee: tier.weeklyFee,
    };
  }
  const { covered, people } = staffingParts(tier.staffing);
  const base = new Decimal(tier.baseWeeklyFee);
  const staffing = covered.times(tier.staffing.hourlyRate).div(people);
  const fee = roundPence(base.plus(staffing), mode);
  return {
    tierId: tier.id,
    name: tier.name,
    kind: tier.kind,
    base: tier.baseWeeklyFee,
    hours: covered.div(people).toDecimalPlaces(2).toString(),
    hourlyRate: tier.staffing.hourlyRate,
    staffingCost: formatPounds(fee.minus(base)),
    fee: formatPounds(fee),
  };
}
