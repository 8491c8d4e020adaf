/**
 * The provider record over HTTP: request schemas (zod, the single definition the service
 * validates with and documents) and the reply shapes the add-in reads. No I/O.
 */
import { z } from 'zod';
import { ENROLMENT_STATES, ESCALATION_STAGES } from '../providerStanding';
import { RATINGS } from '../quality';
import { isoDateSchema } from '../rateCard';
import { INSPECTION_BODIES, INSPECTION_KINDS } from '../ratingFromInspections';

const text = (max: number) => z.string().trim().max(max);

export const SERVICE_TYPES = ['residential', 'nursing', 'home_support'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const providerInputSchema = z
  .object({
    name: text(200).min(1, 'name must not be empty'),
    companyNumber: text(20).nullable().optional(),
    cqcProviderId: text(40).nullable().optional(),
  })
  .strict();
export type ProviderInput = z.infer<typeof providerInputSchema>;

export const locationInputSchema = z
  .object({
    name: text(200).min(1, 'name must not be empty'),
    cqcLocationId: text(40).nullable().optional(),
    address: text(500).optional(),
    postcode: text(12).optional(),
    serviceType: z.enum(SERVICE_TYPES),
    /** Categories of care, as the rate cards name them (e.g. older-residential). */
    categories: z.array(text(80).min(1)).max(50).optional(),
    beds: z.number().int().min(0).max(10_000).nullable().optional(),
    deregisteredOn: isoDateSchema.nullable().optional(),
  })
  .strict();
export type LocationInput = z.infer<typeof locationInputSchema>;

export const inspectionRecordSchema = z
  .object({
    date: isoDateSchema,
    body: z.enum(INSPECTION_BODIES),
    kind: z.enum(INSPECTION_KINDS),
    /** On the body's scale (Table 2): e.g. CQC "Good", council "Silver", NHS "Green". */
    result: text(40).min(1),
    notes: text(2000).optional(),
  })
  .strict();
export type InspectionRecordInput = z.infer<typeof inspectionRecordSchema>;

export const statementInputSchema = z
  .object({
    due: isoDateSchema,
    receivedOn: isoDateSchema.nullable().optional(),
    declaredRating: z.enum(RATINGS).nullable().optional(),
    falsifiedOn: isoDateSchema.nullable().optional(),
    notes: text(2000).optional(),
  })
  .strict();
export type StatementInput = z.infer<typeof statementInputSchema>;

export const planInputSchema = z
  .object({
    opened: isoDateSchema,
    deadline: isoDateSchema,
    validatedOn: isoDateSchema.nullable().optional(),
    failedOn: isoDateSchema.nullable().optional(),
    summary: text(2000).optional(),
  })
  .strict();
export type PlanInput = z.infer<typeof planInputSchema>;

export const ESCALATION_STEPS = [...ESCALATION_STAGES, 'closed'] as const;

export const escalationProposalSchema = z
  .object({
    stage: z.enum(ESCALATION_STEPS),
    effectiveOn: isoDateSchema,
    /** 90 Day Final Notice: when the contract ends (90 days after effectiveOn when not given). */
    endsOn: isoDateSchema.nullable().optional(),
    reason: text(2000).min(3, 'reason must say why (at least 3 characters)'),
    /** A step about one of the provider's locations (a home's contract); the whole provider when not given. */
    locationId: z.uuid({ error: 'not a location id' }).nullable().optional(),
  })
  .strict();
export type EscalationProposal = z.infer<typeof escalationProposalSchema>;

export const decisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    note: text(2000).optional(),
  })
  .strict();
export type DecisionInput = z.infer<typeof decisionSchema>;

export const enrolmentStateSchema = z.enum(ENROLMENT_STATES);

// ---------------------------------------------------------------------------------------------
// Params and queries.

// Record ids are UUIDs the service made; anything else (a NUL byte, a path) is refused before a query.
export const providerParamsSchema = z.object({
  providerId: z.uuid({ error: 'not a provider id' }),
});
export const locationParamsSchema = z.object({
  locationId: z.uuid({ error: 'not a location id' }),
});
export const planParamsSchema = locationParamsSchema.extend({
  planId: z.uuid({ error: 'not an improvement plan id' }),
});
export const stepParamsSchema = z.object({
  stepId: z.uuid({ error: 'not an escalation step id' }),
});
export const standingParamsSchema = z.object({
  ref: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'a provider or location id, or a CQC ID such as 1-123456789')
    .describe('provider or location id, or a CQC location or provider ID'),
});
export const standingQuerySchema = z.object({
  asOf: isoDateSchema.optional().describe("the package's start date; today when not given"),
});
export const providerListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  asOf: isoDateSchema.optional().describe('the date each standing is for; today when not given'),
});
export const versionedSchema = z.object({ version: z.number().int().min(1) });
export const providerUpdateSchema = providerInputSchema.extend(versionedSchema.shape).strict();
export const locationUpdateSchema = locationInputSchema.extend(versionedSchema.shape).strict();
export const cqcImportQuerySchema = z.object({
  filename: z.string().trim().min(1).max(200).describe('the uploaded file name: .xlsx or .csv'),
  register: z
    .enum(['true', 'false'])
    .optional()
    .describe('register locations the record does not know'),
});

// ---------------------------------------------------------------------------------------------
// Replies.

const rating = z.enum(RATINGS);
const date = z.string().describe('YYYY-MM-DD');

export const locationRecordSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  name: z.string(),
  cqcLocationId: z.string().nullable(),
  address: z.string(),
  postcode: z.string(),
  serviceType: z.enum(SERVICE_TYPES),
  categories: z.array(z.string()),
  beds: z.number().int().nullable(),
  deregisteredOn: date.nullable(),
  version: z.number().int(),
});
export type LocationRecord = z.infer<typeof locationRecordSchema>;

export const providerRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  companyNumber: z.string().nullable(),
  cqcProviderId: z.string().nullable(),
  version: z.number().int(),
  locations: z.array(locationRecordSchema),
});
export type ProviderRecordSummary = z.infer<typeof providerRecordSchema>;

/** A provider's or one location's standing on a date. */
export const standingReplySchema = z.object({
  asOf: date,
  providerId: z.string(),
  providerName: z.string(),
  /** null when the standing is the provider's as a whole. */
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  cqcLocationId: z.string().nullable(),
  rating: rating.nullable().describe('null when there is no full inspection to base one on'),
  bronzeDeductionApplies: z.boolean(),
  suspended: z.boolean().describe('no new package may be priced, offered or awarded'),
  stage: z.enum(ESCALATION_STAGES).nullable(),
  reasons: z.array(z.string()),
});
export type StandingReply = z.infer<typeof standingReplySchema>;

export const providerListSchema = z.object({
  items: z.array(providerRecordSchema.extend({ standing: standingReplySchema })),
  total: z.number().int(),
});

export const inspectionReplySchema = z.object({
  id: z.string(),
  locationId: z.string(),
  date,
  body: z.enum(INSPECTION_BODIES),
  kind: z.enum(INSPECTION_KINDS),
  result: z.string(),
  notes: z.string(),
  source: z.string(),
});
export const statementReplySchema = z.object({
  id: z.string(),
  locationId: z.string(),
  due: date,
  receivedOn: date.nullable(),
  declaredRating: rating.nullable(),
  falsifiedOn: date.nullable(),
  notes: z.string(),
});
export const planReplySchema = z.object({
  id: z.string(),
  locationId: z.string(),
  opened: date,
  deadline: date,
  validatedOn: date.nullable(),
  failedOn: date.nullable(),
  summary: z.string(),
});
export const evidenceReplySchema = z.object({
  inspections: z.array(inspectionReplySchema),
  statements: z.array(statementReplySchema),
  plans: z.array(planReplySchema),
});
export type InspectionReply = z.infer<typeof inspectionReplySchema>;
export type StatementReply = z.infer<typeof statementReplySchema>;
export type PlanReply = z.infer<typeof planReplySchema>;

export const escalationStepSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  /** null: the step is about the whole provider. */
  locationId: z.string().nullable(),
  stage: z.enum(ESCALATION_STEPS),
  effectiveOn: date,
  endsOn: date.nullable(),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decision: z.enum(['approved', 'rejected']).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type EscalationStepRecord = z.infer<typeof escalationStepSchema>;

export const historyEntrySchema = z.object({
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const cqcImportReportSchema = z.object({
  layout: z.enum(['latest-ratings', 'care-directory']),
  rows: z.number().int(),
  added: z.object({
    providers: z.number().int(),
    locations: z.number().int(),
    inspections: z.number().int(),
  }),
  changed: z.object({ locations: z.number().int(), inspections: z.number().int() }),
  unchanged: z.number().int(),
  skipped: z.object({ notRated: z.number().int(), unknownLocations: z.number().int() }),
  changes: z.array(z.string()),
});
