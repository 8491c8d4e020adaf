/**
 * The needs-led indicative weekly cost of a package (what CareCubed and the Care Funding
 * Calculator do): build the week up from the person's support hours and nights, so a
 * commissioner can see what a package should cost beside the card's price and each offer.
 *
 * Inputs, per week:
 *   coreHours            shared (core) support hours the person receives
 *   oneToOneHours        hours of dedicated 1:1 support (one worker)
 *   twoToOneHours        hours of 2:1 support (two workers at once: twice the staff hours)
 *   hourlyRate           pay per staff hour
 *   wakingNights         nights a waking night worker is on duty, at wakingNightRate (pay per night)
 *   sleepingNights       sleep-in nights, at sleepingNightRate (pay per night)
 *   onCosts              employer's on-costs as a fraction of pay (NI, pension, holiday): 0.25 = 25%
 *   overheads            provider overheads as a fraction of staff costs: 0.15 = 15%
 *   returnRate           surplus as a fraction of staff costs plus overheads: 0.05 = 5%
 *
 * Formula (exact, then each line rounded once to pence, half up):
 *   staff hours   = coreHours + oneToOneHours + 2 × twoToOneHours
 *   pay           = staff hours × hourlyRate + wakingNights × wakingNightRate
 *                   + sleepingNights × sleepingNightRate
 *   staff costs   = pay × (1 + onCosts)
 *   overheads     = staff costs × overheads
 *   return        = (staff costs + overheads) × returnRate
 *   weekly cost   = staff costs + overheads + return, the sum of the three rounded lines,
 * so the published lines always add up to the weekly cost.
 */
import { z } from 'zod';
import { decimalSchema } from './costOfCare';
import { Decimal, formatPounds, roundPence } from './money';
import { moneySchema, zodToCareFeeError } from './rateCard';

const atLeastZero = { value: 0, inclusive: true };
const weeklyHours = (what: string) => decimalSchema(what, atLeastZero, 168).default('0');
const nights = (what: string) => decimalSchema(what, atLeastZero, 7).default('0');
const fraction = (what: string) => decimalSchema(what, atLeastZero).default('0');

export const needsLedCostInputSchema = z
  .object({
    coreHours: weeklyHours('coreHours'),
    oneToOneHours: weeklyHours('oneToOneHours'),
    twoToOneHours: weeklyHours('twoToOneHours'),
    hourlyRate: moneySchema,
    wakingNights: nights('wakingNights'),
    wakingNightRate: moneySchema.default('0.00'),
    sleepingNights: nights('sleepingNights'),
    sleepingNightRate: moneySchema.default('0.00'),
    onCosts: fraction('onCosts'),
    overheads: fraction('overheads'),
    returnRate: fraction('returnRate'),
  })
  .strict()
  .superRefine((i, ctx) => {
    for (const [count, rate] of [
      ['wakingNights', 'wakingNightRate'],
      ['sleepingNights', 'sleepingNightRate'],
    ] as const) {
      if (new Decimal(i[count]).gt(0) && new Decimal(i[rate]).isZero()) {
        ctx.addIssue({
          code: 'custom',
          path: [rate],
          message: `${rate} is needed when there are ${count}`,
        });
      }
    }
  });

export type NeedsLedCostInput = z.input<typeof needsLedCostInputSchema>;

export interface NeedsLedCost {
  /** Staff hours a week: core + 1:1 + 2 × 2:1. */
  staffHours: string;
  /** Pay before on-costs, exact (not a published line). */
  pay: string;
  staffCosts: string;
  overheads: string;
  return: string;
  /** staffCosts + overheads + return. */
  weekly: string;
}

/** The indicative weekly cost of a package from the person's needs (see the top of the file). */
export function needsLedCost(input: NeedsLedCostInput): NeedsLedCost {
  const parsed = needsLedCostInputSchema.safeParse(input);
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const i = parsed.data;
  const staffHours = new Decimal(i.coreHours)
    .plus(i.oneToOneHours)
    .plus(new Decimal(i.twoToOneHours).times(2));
  const pay = staffHours
    .times(i.hourlyRate)
    .plus(new Decimal(i.wakingNights).times(i.wakingNightRate))
    .plus(new Decimal(i.sleepingNights).times(i.sleepingNightRate));
  const staffCosts = pay.times(new Decimal(i.onCosts).plus(1));
  const overheads = staffCosts.times(i.overheads);
  const surplus = staffCosts.plus(overheads).times(i.returnRate);
  const lines = [staffCosts, overheads, surplus].map((d) => roundPence(d));
  return {
    staffHours: staffHours.toString(),
    pay: pay.toString(),
    staffCosts: formatPounds(lines[0]!),
    overheads: formatPounds(lines[1]!),
    return: formatPounds(lines[2]!),
    weekly: formatPounds(lines[0]!.plus(lines[1]!).plus(lines[2]!)),
  };
}
