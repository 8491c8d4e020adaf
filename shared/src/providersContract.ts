/**
 * The provider record over HTTP: request schemas (zod, the single definition the service
 * validates with and documents) and the reply shapes the add-in reads. No I/O.
 */
import { z } from 'zod';
import { ENROLMENT_STATES, ESCALATION_STAGES, type EscalationStage } from './providerStanding';
import { RATINGS, type Rating } from './quality';
import { isoDateSchema } from './rateCard';
import { INSPECTION_BODIES, INSPECTION_KINDS } from './ratingFromInspections';

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
// Replies.

export interface LocationRecord {
  id: string;
  providerId: string;
  name: string;
  cqcLocationId: string | null;
  address: string;
  postcode: string;
  serviceType: ServiceType;
  categories: string[];
  beds: number | null;
  deregisteredOn: string | null;
  version: number;
}

export interface ProviderRecordSummary {
  id: string;
  name: string;
  companyNumber: string | null;
  cqcProviderId: string | null;
  version: number;
  locations: LocationRecord[];
}

/** A provider's or one location's standing on a date, as the service replies. */
export interface StandingReply {
  asOf: string;
  providerId: string;
  providerName: string;
  /** null when the standing is the provider's as a whole. */
  locationId: string | null;
  locationName: string | null;
  cqcLocationId: string | null;
  rating: Rating | null;
  bronzeDeductionApplies: boolean;
  suspended: boolean;
  stage: EscalationStage | null;
  reasons: string[];
}
