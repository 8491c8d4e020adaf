/**
 * The rate card: a commissioner's approved price list for a period. This zod schema is the
 * single definition: TypeScript types are inferred from it, the service validates and
 * documents (OpenAPI) with it, the add-in validates what it fetches with it.
 *
 * Amounts may arrive as JSON numbers or strings; they are kept as canonical pounds-and-pence
 * text ("348.43") so a card survives JSON round trips exactly.
 */
import { z } from 'zod';
import { CareFeeError, type ErrorPath } from './errors';
import { formatPounds, toDecimal, toMoney } from './money';
import { isIsoDate } from './dates';

const numeric = z.union([z.string(), z.number()]);

/** Whole pounds and pence, not negative; output "123.45". */
export const moneySchema = numeric.transform((value, ctx) => {
  try {
    const amount = toMoney(value, 'amount');
    if (amount.isNegative()) {
      ctx.addIssue({ code: 'custom', message: `amount must not be negative, got ${value}` });
      return z.NEVER;
    }
    return formatPounds(amount);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** A decimal fraction (0.031 = 3.1%), greater than −1; output canonical text. */
export const rateSchema = numeric.transform((value, ctx) => {
  try {
    const rate = toDecimal(value, 'percentage');
    if (rate.lte(-1)) {
      ctx.addIssue({ code: 'custom', message: `percentage must be greater than -1, got ${value}` });
      return z.NEVER;
    }
    return rate.toString();
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a real date in the form YYYY-MM-DD' });

/** Ids are lower-case slugs so they read well in URLs and Excel formulas. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case id of letters, digits and dashes');

export const bandSchema = z
  .object({
    id: z.string().min(1).max(40),
    name: z.string().max(200).optional(),
    careCost: moneySchema,
  })
  .strict();

export const categorySchema = z
  .object({
    id: slugSchema,
    name: z.string().min(1).max(200),
    /** Care cost for an unbanded category. */
    careCost: moneySchema.optional(),
    /** Care cost by complexity band (LD, MH). */
    bands: z.array(bandSchema).min(1).optional(),
  })
  .strict()
  .superRefine((category, ctx) => {
    if ((category.careCost === undefined) === (category.bands === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a category has either a careCost or bands, not both or neither',
      });
    }
    const seen = new Set<string>();
    category.bands?.forEach((band, i) => {
      if (seen.has(band.id))
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'id'],
          message: `duplicate band id "${band.id}"`,
        });
      seen.add(band.id);
    });
  });

/**
 * The quality percentages (Birmingham Table 2: Gold a premium, Silver the standard fee, Bronze a
 * reduction once overdue). Gold is never a reduction and Bronze never a premium; Silver is the
 * standard fee unless the card says, with `nonStandardSilver: true`, that it means otherwise.
 */
export const qualitySchema = z
  .object({
    gold: rateSchema.default('0.02'),
    silver: rateSchema.default('0'),
    bronze: rateSchema.default('-0.03'),
    nonStandardSilver: z.boolean().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (q.gold.startsWith('-'))
      issue('gold', `Gold is a premium: must not be negative, got ${q.gold}`);
    if (!q.bronze.startsWith('-') && q.bronze !== '0')
      issue('bronze', `Bronze is a reduction: must not be positive, got ${q.bronze}`);
    if (q.silver !== '0' && q.nonStandardSilver !== true)
      issue(
        'silver',
        `Silver is the standard fee (0), got ${q.silver}: set nonStandardSilver: true if the card means it`,
      );
  });

/** Extra staff hours bought on top of a base CHC fee: hours covered a day × 7 × staff ÷ people sharing. */
export const staffingSchema = z
  .object({
    hoursPerDay: z.number().min(0).max(24),
    staff: z.number().int().min(1).max(10).default(1),
    people: z.number().int().min(1).max(10).default(1),
    hourlyRate: moneySchema,
  })
  .strict();

export const chcTierSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('fixed'),
      id: slugSchema,
      name: z.string().min(1).max(200),
      weeklyFee: moneySchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('staffed'),
      id: slugSchema,
      name: z.string().min(1).max(200),
      baseWeeklyFee: moneySchema,
      staffing: staffingSchema,
    })
    .strict(),
]);

export const localCareWageSchema = z
  .object({
    name: z.string().min(1).max(200),
    hourlyRate: moneySchema,
    effectiveFrom: isoDateSchema,
  })
  .strict();

const rateCardFields = z
  .object({
    /** The card family, e.g. "bham-care-homes"; versions share it. */
    id: slugSchema,
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    commissioner: z.string().min(1).max(200),
    effectiveFrom: isoDateSchema,
    effectiveTo: isoDateSchema.nullable().optional(),
    /** Weekly fixed hotel cost, the same for every bed-based category. */
    hotelCost: moneySchema,
    categories: z.array(categorySchema).min(1),
    quality: qualitySchema.default({ gold: '0.02', silver: '0', bronze: '-0.03' }),
    rounding: z.enum(['half-up', 'half-even', 'down']).default('half-up'),
    localCareWage: localCareWageSchema.optional(),
    chcTiers: z.array(chcTierSchema).optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict();

/** What the fields alone cannot say: dates in order, ids unique within their list. */
function checkRateCard(
  card: Pick<
    z.output<typeof rateCardFields>,
    'effectiveFrom' | 'effectiveTo' | 'categories' | 'chcTiers'
  >,
  ctx: z.RefinementCtx,
): void {
  if (card.effectiveTo && card.effectiveTo < card.effectiveFrom) {
    ctx.addIssue({
      code: 'custom',
      path: ['effectiveTo'],
      message: 'must not be before effectiveFrom',
    });
  }
  const seen = new Set<string>();
  card.categories.forEach((c, i) => {
    if (seen.has(c.id))
      ctx.addIssue({
        code: 'custom',
        path: ['categories', i, 'id'],
        message: `duplicate category id "${c.id}"`,
      });
    seen.add(c.id);
  });
  const tiers = new Set<string>();
  card.chcTiers?.forEach((t, i) => {
    if (tiers.has(t.id))
      ctx.addIssue({
        code: 'custom',
        path: ['chcTiers', i, 'id'],
        message: `duplicate tier id "${t.id}"`,
      });
    tiers.add(t.id);
  });
}

export const rateCardSchema = rateCardFields.superRefine(checkRateCard);

/** A new draft as sent: a rate card whose version, if any, is ignored (the service numbers it). */
export const rateCardDraftSchema = rateCardFields
  .extend({ version: rateCardFields.shape.version.optional() })
  .superRefine(checkRateCard);

/** A rate card as written by people and other programs (numbers allowed, defaults optional). */
export type RateCardInput = z.input<typeof rateCardSchema>;
/** A validated rate card: canonical amounts, defaults filled in. */
export type RateCard = z.output<typeof rateCardSchema>;
export type Category = RateCard['categories'][number];
export type Band = NonNullable<Category['bands']>[number];
export type ChcTier = NonNullable<RateCard['chcTiers']>[number];

/** Turn the first zod issue into a CareFeeError carrying its field path. */
export function zodToCareFeeError(error: z.ZodError, prefix: ErrorPath = []): CareFeeError {
  const issue = error.issues[0]!;
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const where = path.length ? path.join('.') : 'input';
  return new CareFeeError('INVALID_INPUT', `${where}: ${issue.message}`, path);
}

/** Validate a rate card, or throw a CareFeeError naming the bad field. */
export function parseRateCard(input: unknown): RateCard {
  const result = rateCardSchema.safeParse(input);
  if (!result.success) throw zodToCareFeeError(result.error);
  return result.data;
}
