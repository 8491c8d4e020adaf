/**
 * The care-package API over HTTP: the requests (requirements, offers, awards, agreements,
 * variations, receipts, the commitment and the annual review) and the replies, for the
 * commissioners' routes under /api/v1 and the provider portal under /p/:token. The engine's
 * schemas (needs-led cost, TPC conditions, award configuration) are reused as they are.
 * Money is text in pounds and pence. No I/O.
 */
import { z } from 'zod';
import { isoDateSchema, moneySchema, slugSchema } from '../rateCard';
import { needsLedCostInputSchema } from '../needsLedCost';
import { tenderWeightsSchema, CQC_RATINGS } from '../tender';
import { AWARD_RULES } from '../packageAward';
import { RATINGS } from '../quality';
import { itemsOf } from './common';

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
    /**
     * The commissioner's score of each live offer's answer to each scored capability question
     * (0 to the settings' capabilityMax), under the quality-price rule.
     */
    capabilityScores: z
      .array(
        z.object({ offerId: id, questionId: slugSchema, score: z.number().int().min(0) }).strict(),
      )
      .max(5000)
      .default([]),
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
    /** Points of the quality weight for scored capability questions (20 of 60 by default). */
    capabilityWeight: numeric.optional(),
    /** The most one capability question can score (4 by default). */
    capabilityMax: z.number().int().min(1).max(100).optional(),
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

const reviewFields = z
  .object({
    /** From when the new prices apply; a card's or scenario's effectiveFrom when not given. */
    effectiveFrom: isoDateSchema.optional(),
    /**
     * A price review typed in (default and per-category uplifts, 0.05 = 5%); beside a card or
     * scenario, the rates for the categories it does not price (and overrides by category).
     */
    rates: z
      .object({
        default: rateText.optional(),
        byCategory: z.record(slugSchema, rateText).optional(),
      })
      .strict()
      .optional(),
    /** An approved uplifted rate card version: each category's fee change from the version before. */
    card: z
      .object({ id: slugSchema, version: z.number().int().min(1) })
      .strict()
      .optional(),
    /** A scenario (draft rates out for consultation): its cost on the live agreements; preview only. */
    scenario: z.string().trim().min(1).max(100).optional(),
    reason: text(2000).min(1).default('Annual price review'),
    category: slugSchema.optional(),
    funding: z.enum(FUNDING_STREAMS).optional(),
  })
  .strict();

type ReviewFields = z.output<typeof reviewFields>;
function checkReviewSource(r: ReviewFields, ctx: z.RefinementCtx) {
  if (r.card && r.scenario)
    ctx.addIssue({
      code: 'custom',
      path: ['scenario'],
      message: 'review from a card or from a scenario, not both',
    });
  if (!r.card && !r.scenario) {
    if (r.rates?.default === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rates', 'default'],
        message: 'give the rates (a default uplift), an approved card, or a scenario',
      });
    if (!r.effectiveFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['effectiveFrom'],
        message: 'a price review needs the date its prices start (effectiveFrom)',
      });
  }
}

export const reviewSchema = reviewFields.superRefine(checkReviewSource);
export type ReviewRequest = z.output<typeof reviewSchema>;

export const applyReviewSchema = reviewFields
  .extend({
    /** What the preview showed: the review applies only if it still holds. */
    confirm: z.object({ agreements: z.number().int().min(0), change: rateText }).strict(),
  })
  .superRefine((r, ctx) => {
    checkReviewSource(r, ctx);
    if (r.scenario)
      ctx.addIssue({
        code: 'custom',
        path: ['scenario'],
        message:
          'a scenario is a proposal out for consultation: preview its cost, and apply the approved card it becomes',
      });
  });

// Paths and queries.

export const idParamsSchema = z.object({ id: z.uuid({ error: 'not an id' }) });
/** The provider portal: the personal link is the first segment. */
export const portalParamsSchema = z.object({ token: z.string() });
export const portalIdParamsSchema = portalParamsSchema.extend({
  id: z.uuid({ error: 'not an id' }),
});

export const REQUIREMENT_STATUSES = ['open', 'awarded', 'cancelled'] as const;
export const AGREEMENT_STATUSES = ['pending-acceptance', 'active', 'declined'] as const;
export const VARIATION_STATUSES = [
  'pending-approval',
  'pending-implementation',
  'completed',
  'rejected',
] as const;
export const RECEIPT_STATUSES = [
  'raised',
  'pending-approval',
  'disputed',
  'approved',
  'invoiced',
  'paid',
  'void',
] as const;

export const requirementListQuerySchema = z
  .object({ status: z.enum(REQUIREMENT_STATUSES).optional() })
  .strict();
export const agreementListQuerySchema = z
  .object({
    providerId: z.string().min(1).optional(),
    status: z.enum(AGREEMENT_STATUSES).optional(),
  })
  .strict();
export const receiptQuerySchema = z
  .object({
    status: z.enum(RECEIPT_STATUSES).optional(),
    agreementId: z.string().optional(),
    providerId: z.string().optional(),
  })
  .strict();
export const commitmentQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    category: z.string().min(1).optional(),
    funding: z.enum(FUNDING_STREAMS).optional(),
    providerId: z.string().min(1).optional(),
  })
  .strict();
export const periodSchema = z
  .object({ periodStart: isoDateSchema, periodEnd: isoDateSchema })
  .strict();

// Replies.

const money = z.string().describe('pounds and pence, e.g. "633.68"');
const date = z.string().describe('an ISO date, e.g. 2025-04-01');
const instant = z.string().describe('an ISO date and time');
const question = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(['mandatory', 'scored', 'open']),
});

export const packageSettingsReplySchema = z.object({
  award: z.object({
    rule: z.enum(AWARD_RULES),
    weights: z.record(z.string(), z.unknown()).optional(),
    cqcScale: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    qualityReportingScale: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    capabilityWeight: z.union([z.string(), z.number()]).optional(),
    capabilityMax: z.number().int().optional(),
  }),
  fourWeeklyAnchor: date,
});

export const awardOutcomeSchema = z.object({
  rule: z.enum(AWARD_RULES),
  winner: z.string(),
  ruleWinner: z.string().describe('what the rule alone would award'),
  reason: z.string(),
  citizenChoice: z
    .object({ offerId: z.string(), reason: z.string().optional(), departsFromRule: z.boolean() })
    .nullable(),
  excluded: z.array(z.object({ id: z.string(), why: z.string() })),
  ranking: z
    .array(
      z.object({
        id: z.string(),
        price: money,
        cqcRating: z.enum(CQC_RATINGS),
        priceScore: z.string(),
        cqcScore: z.string(),
        qualityReportingScore: z.string(),
        capabilityScore: z
          .string()
          .optional()
          .describe('the scored capability questions, where the requirement has them'),
        qualityScore: z.string(),
        total: z.string(),
        rank: z.number().int(),
      }),
    )
    .nullable()
    .describe('the scored ranking, under quality-price'),
});

export const requirementReplySchema = z.object({
  id: z.string(),
  personReference: z.string(),
  needs: z.unknown().describe('as sent: a category and band, a CHC tier, or home-support units'),
  specialistNeeds: z.string(),
  sharedSummary: z.string(),
  category: z.string(),
  area: z.string(),
  startDate: date,
  endDate: date.nullable(),
  funding: z.enum(FUNDING_STREAMS),
  closesAt: instant,
  questions: z.array(question),
  indicative: z
    .object({
      input: z.unknown(),
      cost: z.object({
        staffHours: z.string(),
        pay: z.string(),
        staffCosts: money,
        overheads: money,
        return: money,
        weekly: money,
      }),
    })
    .nullable(),
  invitedProviders: z.array(z.string()).nullable(),
  status: z.enum(REQUIREMENT_STATUSES),
  award: awardOutcomeSchema.extend({ agreementId: z.string() }).nullable(),
  awardedAt: instant.nullable(),
  createdAt: instant,
});

export const offerReplySchema = z.object({
  id: z.string(),
  requirementId: z.string(),
  providerId: z.string(),
  revision: z.number().int(),
  weeklyPrice: money,
  breakdown: z.record(z.string(), z.string()).nullable(),
  answers: z.array(
    z.object({ questionId: z.string(), answer: z.union([z.boolean(), z.string()]) }),
  ),
  status: z.enum(['live', 'superseded', 'withdrawn']),
  offeredAt: instant,
});

const fundingSplitReply = z.object({
  councilNet: money,
  clientContribution: money,
  chcShare: money,
  jointNhsShare: money,
  fnc: z.object({ weekly: money, rateFrom: date }).nullable(),
  thirdParty: z
    .object({ weekly: money, writtenAgreementReference: z.string(), conditions: z.unknown() })
    .nullable(),
});

/** What a provider is shown of its agreement: no person reference, provenance or import key. */
export const portalAgreementReplySchema = z.object({
  id: z.string(),
  requirementId: z.string().nullable(),
  offerId: z.string().nullable(),
  providerId: z.string(),
  locationId: z.string().nullable(),
  category: z.string(),
  funding: z.enum(FUNDING_STREAMS),
  startDate: date,
  endDate: date.nullable(),
  weeklyPrice: money,
  fundingSplit: fundingSplitReply,
  receiptFrequency: z.enum(['weekly', 'four-weekly']),
  status: z.enum(AGREEMENT_STATUSES),
  respondedAt: instant.nullable(),
  declineReason: z.string().nullable(),
  createdAt: instant,
});

export const agreementReplySchema = portalAgreementReplySchema.extend({
  personReference: z.string(),
  priceProvenance: z.unknown().describe('where the price came from (offer, card, reason)'),
  importKey: z.string().nullable().describe('the placement id of an imported agreement'),
});

export const variationReplySchema = z.object({
  id: z.string(),
  agreementId: z.string(),
  effectiveFrom: date,
  weeklyPrice: money,
  reason: z.string(),
  status: z.enum(VARIATION_STATUSES),
  reviewId: z.string().nullable(),
  requestedAt: instant,
  approvedAt: instant.nullable(),
  completedAt: instant.nullable(),
});

const periodCostReply = z.object({
  start: date,
  end: date,
  days: z.number().int(),
  weekly: money,
  cost: money,
});

export const receiptReplySchema = z.object({
  id: z.string(),
  agreementId: z.string(),
  providerId: z.string(),
  periodStart: date,
  periodEnd: date,
  amount: money,
  lines: z.array(periodCostReply).describe('one line per price in force in the period'),
  status: z.enum(RECEIPT_STATUSES),
  raisedAt: instant,
  submittedAt: instant.nullable(),
  disputedAt: instant.nullable(),
  disputeReason: z.string().nullable(),
  approvedAt: instant.nullable(),
  invoicedAt: instant.nullable(),
  invoiceReference: z.string().nullable(),
  paidAt: instant.nullable(),
});

export const requirementDetailReplySchema = z.object({
  requirement: requirementReplySchema,
  offers: z.array(
    offerReplySchema.extend({
      aboveIndicative: money
        .nullable()
        .describe('offer − needs-led indicative cost, a week; null without one'),
    }),
  ),
});

export const awardReplySchema = z.object({
  requirement: requirementReplySchema.describe('awarded: its award says who won and why'),
  agreement: agreementReplySchema,
});

export const agreementDetailReplySchema = z.object({
  agreement: agreementReplySchema,
  variations: z.array(variationReplySchema),
  prices: z.array(z.object({ from: date, weekly: money })),
  receipts: z.array(receiptReplySchema),
});

export const commitmentGroupSchema = z.object({
  key: z.string(),
  agreements: z.number().int(),
  total: money,
});

export const commitmentReplySchema = z.object({
  year: z.number().int(),
  from: date,
  to: date,
  agreements: z.number().int(),
  total: money,
  byCategory: z.array(commitmentGroupSchema),
  byFunding: z.array(commitmentGroupSchema),
  byProvider: z.array(commitmentGroupSchema),
});

export const reviewPreviewReplySchema = z.object({
  effectiveFrom: date,
  yearEnd: date.describe('the end of the financial year the change is counted to'),
  agreements: z.number().int(),
  yearBefore: money,
  yearAfter: money,
  change: money,
  byCategory: z.array(commitmentGroupSchema),
  byFunding: z.array(commitmentGroupSchema),
  source: z
    .object({
      kind: z.enum(['rates', 'card', 'scenario']),
      from: z.object({ id: z.string(), version: z.number().int() }).nullable(),
      to: z.object({ id: z.string(), version: z.number().int().nullable() }).nullable(),
      scenarioId: z.string().nullable(),
      rates: z.object({
        default: z.string().nullable(),
        byCategory: z.record(z.string(), z.string()),
      }),
      unpricedCategories: z.array(z.string()),
    })
    .describe('where the rates came from, and the rate each category took'),
});
export const reviewApplyReplySchema = reviewPreviewReplySchema.extend({ reviewId: z.string() });

export const portalLinkReplySchema = z.object({
  id: z.string(),
  providerId: z.string(),
  label: z.string(),
  revokedAt: instant.nullable(),
  createdAt: instant,
});

export const portalLinkCreatedSchema = z.object({
  link: portalLinkReplySchema,
  token: z.string(),
  url: z.string(),
  note: z.string(),
});

/** What a provider is shown of a requirement: never the person reference or the invitations. */
export const portalRequirementReplySchema = z.object({
  id: z.string(),
  summary: z.string(),
  needs: z.unknown(),
  category: z.string(),
  area: z.string(),
  startDate: date,
  endDate: date.nullable(),
  closesAt: instant,
  questions: z.array(question),
});

/** A category's name on the organisation's approved rate cards (its id when on none). */
const categoryName = z.string().describe('the category as the rate cards name it');

export const portalRequirementsReplySchema = z.object({
  providerId: z.string(),
  items: z.array(
    portalRequirementReplySchema.extend({ categoryName, myOffer: offerReplySchema.nullable() }),
  ),
});

export const portalAgreementListReplySchema = itemsOf(
  portalAgreementReplySchema.extend({ categoryName }),
);

export const requirementListReplySchema = itemsOf(requirementReplySchema);
export const agreementListReplySchema = itemsOf(agreementReplySchema);
export const receiptListReplySchema = itemsOf(receiptReplySchema);

// Importing placements (server/README.md, "Importing placements").

export const placementImportQuerySchema = z
  .object({
    /** Check every row and say what would be imported, writing nothing. */
    dryRun: z.enum(['true', 'false']).optional(),
    /** The xlsx sheet to read (the first when not given). */
    sheet: z.string().max(100).optional(),
  })
  .strict();

export const placementImportReplySchema = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int().describe('data rows in the file (blank rows left out)'),
  imported: z.number().int(),
  unchanged: z.number().int().describe('rows imported before with the same values'),
  ignoredColumns: z.array(z.string()),
  items: z.array(
    z.object({
      row: z.number().int(),
      placementId: z.string(),
      agreementId: z.string().nullable(),
      outcome: z.enum(['imported', 'unchanged', 'would-import']),
    }),
  ),
});

/** The 422 answer to a file with bad rows: the error, and every problem with row and column. */
export const placementImportErrorsSchema = z.object({
  errors: z.array(
    z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() }),
  ),
});
