/**
 * Request bodies of the care-package API: requirements, offers, awards, agreements,
 * variations and receipts. The engine's schemas (needs-led cost, TPC conditions, award
 * configuration) are reused as they are.
 */
import { z } from 'zod';
import { isoDateSchema, moneySchema, slugSchema } from '../../../shared/src/rateCard';
import { needsLedCostInputSchema } from '../../../shared/src/needsLedCost';
import { tenderWeightsSchema, CQC_RATINGS } from '../../../shared/src/tender';
import { AWARD_RULES } from '../../../shared/src/packageAward';
import { RATINGS } from '../../../shared/src/quality';

const dateTime = z.iso.datetime({
  offset: true,
  error: 'must be a date and time like 2026-03-01T09:00:00Z',
});
const text = (max: number) => z.string().trim().max(max);
const id = z.string().trim().min(1).max(100);
const numeric = z.union([z.string(), z.number()]);

export const FUNDING_STREAMS = ['council', 'chc', 'joint'] as const;
export type FundingStream = (typeof FUNDING_STREAMS)[number];

/** The person's needs: a category (and band), a CHC tier, or home-support hours a week. */
export const needsSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('category'), category: slugSchema, band: slugSchema.optional() })
    .strict(),
  z.object({ kind: z.literal('chc'), tier: slugSchema }).strict(),
  z
    .object({
      kind: z.literal('home-support'),
      unitsPerWeek: numeric,
      schedule: z
        .array(
          z
            .object({
              day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
              time: z.string().regex(/^\d{2}:\d{2}$/, 'a time like 08:30'),
              minutes: z.number().int().min(15).max(1440),
            })
            .strict(),
        )
        .max(200)
        .optional(),
    })
    .strict(),
]);

export const questionSchema = z
  .object({
    id: slugSchema,
    text: text(2000).min(1),
    /** mandatory: an offer must answer yes; scored: a capability the commissioner scores; open: unscored. */
    kind: z.enum(['mandatory', 'scored', 'open']),
  })
  .strict();

export const createRequirementSchema = z
  .object({
    personReference: text(100).min(1),
    needs: needsSchema,
    specialistNeeds: text(5000).default(''),
    sharedSummary: text(5000).default(''),
    category: slugSchema,
    area: text(200).default(''),
    startDate: isoDateSchema,
    endDate: isoDateSchema.nullable().default(null),
    funding: z.enum(FUNDING_STREAMS),
    closesAt: dateTime,
    questions: z.array(questionSchema).max(50).default([]),
    indicativeCost: needsLedCostInputSchema.optional(),
    invitedProviders: z.array(id).min(1).max(1000).nullable().default(null),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.endDate !== null && r.endDate < r.startDate)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'endDate must not be before startDate',
      });
    const ids = new Set<string>();
    r.questions.forEach((q, i) => {
      if (ids.has(q.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicate question id "${q.id}"`,
        });
      ids.add(q.id);
    });
  });
export type CreateRequirementInput = z.output<typeof createRequirementSchema>;

export const offerSchema = z
  .object({
    confirmsNeeds: z.literal(true, { error: 'an offer must confirm that the needs can be met' }),
    weeklyPrice: moneySchema.refine((p) => Number(p) > 0, 'weeklyPrice must be more than zero'),
    breakdown: z.record(slugSchema, moneySchema).optional(),
    answers: z
      .array(
        z.object({ questionId: slugSchema, answer: z.union([z.boolean(), text(5000)]) }).strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type OfferInput = z.output<typeof offerSchema>;

export const fundingSplitSchema = z
  .object({
    councilNet: moneySchema.default('0.00'),
    clientContribution: moneySchema.default('0.00'),
    chcShare: moneySchema.default('0.00'),
    jointNhsShare: moneySchema.default('0.00'),
    /** The NHS pays Funded Nursing Care at the national rate in force (on top of the fee). */
    fnc: z.boolean().default(false),
    thirdParty: z
      .object({
        weekly: moneySchema,
        /** Every TPC condition as a yes/no fact (tpc.ts); chcFunded comes from the requirement. */
        conditions: z.record(z.string(), z.boolean()),
        writtenAgreementReference: text(200).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();
export type FundingSplitInput = z.output<typeof fundingSplitSchema>;

export const awardSchema = z
  .object({
    citizenChoice: z
      .object({ offerId: id, reason: text(2000).optional() })
      .strict()
      .optional(),
    locationId: id.optional(),
    fundingSplit: fundingSplitSchema.optional(),
    /** The agreed price: the winning offer's (default), or an individual price with its reason. */
    individualPrice: z
      .object({ weekly: moneySchema, reason: text(2000).min(1) })
      .strict()
      .optional(),
    receiptFrequency: z.enum(['weekly', 'four-weekly']).default('weekly'),
  })
  .strict();
export type AwardInput = z.output<typeof awardSchema>;

export const variationSchema = z
  .object({
    effectiveFrom: isoDateSchema,
    weeklyPrice: moneySchema,
    reason: text(2000).min(1),
  })
  .strict();

export const awardSettingsSchema = z
  .object({
    rule: z.enum(AWARD_RULES),
    weights: tenderWeightsSchema.optional(),
    cqcScale: z.partialRecord(z.enum(CQC_RATINGS), numeric).optional(),
    qualityReportingScale: z.partialRecord(z.enum(RATINGS), numeric).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({ award: awardSettingsSchema, fourWeeklyAnchor: isoDateSchema.optional() })
  .strict();

export const raiseReceiptsSchema = z.object({ until: isoDateSchema }).strict();
export const disputeSchema = z.object({ reason: text(2000).min(1) }).strict();
export const invoiceSchema = z.object({ invoiceReference: text(100).min(1) }).strict();
export const declineSchema = z.object({ reason: text(2000).min(1) }).strict();
export const portalLinkSchema = z.object({ providerId: id, label: text(200).min(1) }).strict();

const rateText = z.union([z.string(), z.number().transform(String)]);

export const reviewSchema = z
  .object({
    effectiveFrom: isoDateSchema,
    rates: z
      .object({ default: rateText, byCategory: z.record(slugSchema, rateText).optional() })
      .strict(),
    reason: text(2000).min(1).default('Annual price review'),
    category: slugSchema.optional(),
    funding: z.enum(FUNDING_STREAMS).optional(),
  })
  .strict();

export const applyReviewSchema = reviewSchema.extend({
  /** What the preview showed: the review applies only if it still holds. */
  confirm: z.object({ agreements: z.number().int().min(0), change: rateText }).strict(),
});
