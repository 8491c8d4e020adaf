/** The scenario API's requests and answers (editors and viewers of the organisation, and share links). */
import { z } from 'zod';
import { rateSchema, slugSchema } from '../rateCard';
import { upliftInputSchema } from '../uplift';
import { itemsOf } from './common';
import {
  COST_UNITS,
  POSITIONS,
  type Amounts,
  type Change,
  type PublicCardRef,
  type PublicScenario,
  type ScenarioAssumptions,
  type ScenarioRow,
} from './scenarioView';

const dateTime = z.iso.datetime({
  offset: true,
  error: 'must be a date and time like 2026-03-01T09:00:00Z',
});
const cardRef = z.object({ id: slugSchema, version: z.number().int().min(1) }).strict();

export const assumptionsSchema = z
  .object({
    cpihChange: rateSchema.optional(),
    nlwChange: rateSchema.optional(),
    localWageChange: rateSchema.nullable().optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict();

export const createScenarioSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    baseCard: cardRef,
    // A price review is the engine's own request (shared/src/uplift.ts), checked by upliftCard.
    proposed: z.union([cardRef, z.object({ uplift: upliftInputSchema }).strict()], {
      error:
        'proposed must be {id, version} of a card version or {uplift: {reviewYear, cpihChange, nlwChange}}',
    }),
    assumptions: assumptionsSchema.default({}),
    opensAt: dateTime,
    closesAt: dateTime,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (Date.parse(s.closesAt) <= Date.parse(s.opensAt)) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' });
    }
  });

export type CreateScenarioInput = z.output<typeof createScenarioSchema>;
/** What a client sends to POST /api/v1/scenarios (assumptions may be left out). */
export type NewScenario = z.input<typeof createScenarioSchema>;

export const createLinkSchema = z
  .object({
    label: z.string().trim().min(1).max(120),
    expiresAt: dateTime.nullable().optional(),
  })
  .strict();

export type CreateLinkInput = z.output<typeof createLinkSchema>;

/* ---- What the scenario routes answer ---- */

const windowStatusSchema = z.enum(['upcoming', 'open', 'closed']);
const changeSchema: z.ZodType<Change> = z.object({
  pounds: z.string(),
  percent: z.string().nullable(),
});
const amountsSchema: z.ZodType<Amounts> = z.object({
  hotel: z.string(),
  care: z.string(),
  weekly: z.string(),
});
const publicCardRefSchema: z.ZodType<PublicCardRef> = z.object({
  id: z.string(),
  version: z.number().int().nullable(),
  title: z.string(),
  commissioner: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  status: z.string(),
  approvedOn: z.string().nullable(),
});
const scenarioRowSchema: z.ZodType<ScenarioRow> = z.object({
  key: z.string(),
  category: z.string(),
  categoryName: z.string(),
  band: z.string().nullable(),
  bandName: z.string().nullable(),
  current: amountsSchema.nullable(),
  proposed: amountsSchema.nullable(),
  change: changeSchema.nullable(),
  careChange: changeSchema.nullable(),
});
const scenarioAssumptionsSchema: z.ZodType<ScenarioAssumptions> = z.object({
  cpihChange: z.string().optional(),
  nlwChange: z.string().optional(),
  localWageChange: z.string().optional(),
  notes: z.string().optional(),
});

/** What a share link shows (no user ids or names, no organisation ids, no other cards). */
export const publicScenarioSchema: z.ZodType<PublicScenario> = z.object({
  title: z.string(),
  commissioner: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: windowStatusSchema,
  current: publicCardRefSchema,
  proposed: publicCardRefSchema,
  hotel: z.object({ current: z.string(), proposed: z.string(), change: changeSchema }),
  rows: z.array(scenarioRowSchema),
  assumptions: scenarioAssumptionsSchema,
  assumptionText: z.array(z.string()),
});

/** A scenario as the organisation's own people see it. */
export const scenarioSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: windowStatusSchema,
  opensAt: z.string(),
  closesAt: z.string(),
  baseCard: z.object({
    id: z.string(),
    version: z.number().int(),
    status: z.string(),
    approvedAt: z.string().nullable(),
  }),
  proposed: z.object({
    kind: z.enum(['version', 'uplift']),
    id: z.string(),
    version: z.number().int().nullable(),
    status: z.string(),
  }),
  uplift: z
    .object({
      reviewYear: z.number().int(),
      cpihChange: z.string(),
      nlwChange: z.string(),
      localWageChange: z.string().nullable().optional(),
    })
    .nullable(),
  assumptions: scenarioAssumptionsSchema,
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ScenarioSummary = z.output<typeof scenarioSummarySchema>;

export const shareLinkSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  label: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  viewCount: z.number().int(),
  lastViewedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ShareLinkInfo = z.output<typeof shareLinkSchema>;

const target = { category: z.string().nullable(), band: z.string().nullable() };
/** One organisation's response as the organisation's own people see it (as last changed). */
export const storedResponseSchema = z.object({
  id: z.string(),
  /** 8 characters the provider quotes: shown on the confirmation. */
  reference: z.string(),
  scenarioId: z.string(),
  linkId: z.string(),
  linkLabel: z.string(),
  organisationName: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  cqcLocationId: z.string().nullable(),
  position: z.enum(POSITIONS),
  comments: z.array(z.object({ ...target, text: z.string() })),
  costEvidence: z.array(
    z.object({
      ...target,
      description: z.string(),
      amount: z.string(),
      unit: z.enum(COST_UNITS),
    }),
  ),
  /** When it was first sent. */
  submittedAt: z.string(),
  /** When it was last changed through its private link (submittedAt if never). */
  updatedAt: z.string(),
});
export type StoredResponseInfo = z.output<typeof storedResponseSchema>;

/** What the provider may see of their own response: no internal ids. */
export const providerResponseCopySchema = storedResponseSchema.omit({
  id: true,
  scenarioId: true,
  linkId: true,
  linkLabel: true,
});
export type ProviderResponseCopy = z.output<typeof providerResponseCopySchema>;

const positionCountsSchema = z.object({
  support: z.number().int(),
  'support-with-changes': z.number().int(),
  oppose: z.number().int(),
});
export const responseSummarySchema = z.object({
  responses: z.number().int(),
  positions: positionCountsSchema,
  rows: z.array(
    z.object({
      /** "category", "category/band", or "general" for comments naming no row. */
      key: z.string(),
      category: z.string().nullable(),
      categoryName: z.string().nullable(),
      band: z.string().nullable(),
      bandName: z.string().nullable(),
      /** Positions of the responses that commented on this row (one per response). */
      positions: positionCountsSchema,
      comments: z.array(
        z.object({
          responseId: z.string(),
          organisationName: z.string(),
          position: z.enum(POSITIONS),
          text: z.string(),
        }),
      ),
    }),
  ),
});
export type ResponseSummary = z.output<typeof responseSummarySchema>;

export const scenarioParamsSchema = z.object({ id: z.uuid({ error: 'not a scenario id' }) });
export const linkParamsSchema = scenarioParamsSchema.extend({
  linkId: z.uuid({ error: 'not a link id' }),
});
export const shareTokenParamsSchema = z.object({ token: z.string() });
/** A response's private change link, under the share link that took it. */
export const changeLinkParamsSchema = shareTokenParamsSchema.extend({ changeToken: z.string() });

export const scenarioCreatedResponseSchema = z.object({ scenario: scenarioSummarySchema });
export const scenarioListResponseSchema = itemsOf(scenarioSummarySchema);
export const scenarioResponseSchema = z.object({
  scenario: scenarioSummarySchema,
  view: publicScenarioSchema,
});
export const linkCreatedResponseSchema = z.object({
  link: shareLinkSchema,
  token: z.string(),
  url: z.string(),
  note: z.string(),
});
export const linkListResponseSchema = itemsOf(shareLinkSchema);
export const linkRevokedResponseSchema = z.object({ link: shareLinkSchema });
export const responseListResponseSchema = itemsOf(storedResponseSchema);
export const responseSummaryResponseSchema = z.object({ summary: responseSummarySchema });

/** POST /s/:token/responses: the response, and its private change link (shown only now). */
export const responseReceivedSchema = z.object({
  response: providerResponseCopySchema,
  changeToken: z.string(),
  changeUrl: z.string(),
  note: z.string(),
});
export const providerResponseResponseSchema = z.object({ response: providerResponseCopySchema });
