/**
 * Enrolment over HTTP: frameworks (a checklist of entry criteria), enrolments (a provider on a
 * framework, applied → accredited → suspended → excluded), the evidence for each criterion with
 * its decision and expiry, and the expiring-evidence report. No I/O.
 */
import { z } from 'zod';
import { ENROLMENT_STATES } from '../providerStanding';
import { isoDateSchema } from '../rateCard';

const text = (max: number) => z.string().trim().max(max);
const date = z.string().describe('YYYY-MM-DD');

export const criterionKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a lower-case key of letters, digits and dashes');

export const criterionSchema = z
  .object({
    key: criterionKeySchema,
    heading: text(200).min(1, 'heading must not be empty'),
    guidance: text(2000).default(''),
    /** Evidence for this criterion lapses (insurance): it must carry an expiry date. */
    expires: z.boolean().default(false),
  })
  .strict();
export type Criterion = z.output<typeof criterionSchema>;

/**
 * The default checklist: Sefton's five entry-criteria headings (seed 001, "Accreditation and
 * Enrolment"). Insurance is the one whose evidence expires.
 */
export const DEFAULT_ENROLMENT_CRITERIA: readonly Criterion[] = [
  { key: 'company-details', heading: 'Company Details', guidance: '', expires: false },
  {
    key: 'key-supplier-information',
    heading: 'Key Supplier Information',
    guidance: '',
    expires: false,
  },
  {
    key: 'economic-financial-standing',
    heading: 'Economic & Financial Standing',
    guidance: '',
    expires: false,
  },
  {
    key: 'mandatory-exclusion',
    heading: 'Grounds for Mandatory Exclusion',
    guidance: '',
    expires: false,
  },
  { key: 'insurance', heading: 'Insurance', guidance: '', expires: true },
];

const criteriaSchema = z
  .array(criterionSchema)
  .min(1, 'a framework needs at least one criterion')
  .max(50)
  .superRefine((criteria, ctx) => {
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (seen.has(c.key))
        ctx.addIssue({
          code: 'custom',
          message: `criterion key "${c.key}" is used twice`,
          path: [i, 'key'],
        });
      seen.add(c.key);
    });
  });

export const enrolmentFrameworkInputSchema = z
  .object({
    name: text(200).min(1, 'name must not be empty'),
    /** The checklist; Sefton's five headings when not given. */
    criteria: criteriaSchema.optional(),
  })
  .strict();
export type EnrolmentFrameworkInput = z.infer<typeof enrolmentFrameworkInputSchema>;

export const enrolmentFrameworkUpdateSchema = z
  .object({
    name: text(200).min(1, 'name must not be empty'),
    criteria: criteriaSchema,
    version: z.number().int().min(1),
  })
  .strict();

export const enrolmentInputSchema = z
  .object({
    providerId: z.uuid({ error: 'not a provider id' }),
    frameworkId: z.uuid({ error: 'not a framework id' }),
    /** The day the provider applied; today when not given. */
    appliedOn: isoDateSchema.optional(),
  })
  .strict();
export type EnrolmentInput = z.infer<typeof enrolmentInputSchema>;

export const enrolmentEvidenceInputSchema = z
  .object({
    criterion: criterionKeySchema,
    /** What was supplied: a document reference, a policy number, a summary. */
    evidence: text(2000).min(1, 'evidence must not be empty'),
    /** Required where the criterion's evidence expires (insurance). */
    expiresOn: isoDateSchema.nullable().optional(),
  })
  .strict();
export type EnrolmentEvidenceInput = z.infer<typeof enrolmentEvidenceInputSchema>;

export const evidenceDecisionSchema = z
  .object({
    decision: z.enum(['met', 'not_met']),
    note: text(2000).optional(),
  })
  .strict();

export const ENROLMENT_DECISIONS = ['accredited', 'suspended', 'excluded'] as const;
export const enrolmentDecisionSchema = z
  .object({
    state: z.enum(ENROLMENT_DECISIONS),
    effectiveOn: isoDateSchema,
    note: text(2000).min(3, 'note must say why (at least 3 characters)'),
    version: z.number().int().min(1),
  })
  .strict();
export type EnrolmentDecisionInput = z.infer<typeof enrolmentDecisionSchema>;

export const frameworkParamsSchema = z.object({
  frameworkId: z.uuid({ error: 'not a framework id' }),
});
export const enrolmentParamsSchema = z.object({
  enrolmentId: z.uuid({ error: 'not an enrolment id' }),
});
export const evidenceParamsSchema = z.object({
  evidenceId: z.uuid({ error: 'not an evidence id' }),
});
export const enrolmentListQuerySchema = z.object({
  providerId: z.uuid({ error: 'not a provider id' }).optional(),
  state: z.enum(ENROLMENT_STATES).optional(),
});
export const expiringQuerySchema = z.object({
  within: z.coerce
    .number()
    .int()
    .min(0)
    .max(730)
    .optional()
    .describe('days ahead to look (default 60)'),
  asOf: isoDateSchema.optional().describe('today when not given'),
});

// ---------------------------------------------------------------------------------------------
// Replies.

export const enrolmentFrameworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  criteria: z.array(
    z.object({ key: z.string(), heading: z.string(), guidance: z.string(), expires: z.boolean() }),
  ),
  version: z.number().int(),
});
export type EnrolmentFramework = z.infer<typeof enrolmentFrameworkSchema>;

export const enrolmentEvidenceSchema = z.object({
  id: z.string(),
  enrolmentId: z.string(),
  criterion: z.string(),
  evidence: z.string(),
  expiresOn: date.nullable(),
  decision: z.enum(['pending', 'met', 'not_met']),
  decisionNote: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type EnrolmentEvidence = z.infer<typeof enrolmentEvidenceSchema>;

/** A criterion's status from its latest evidence: missing, pending, met, not_met or expired. */
export const CRITERION_STATUSES = ['missing', 'pending', 'met', 'not_met', 'expired'] as const;

export const enrolmentDecisionRecordSchema = z.object({
  state: z.enum(ENROLMENT_STATES),
  effectiveOn: date,
  note: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const enrolmentRecordSchema = z.object({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  frameworkId: z.string(),
  frameworkName: z.string(),
  state: z.enum(ENROLMENT_STATES),
  stateSince: date,
  version: z.number().int(),
  /** Every criterion of the framework, with its evidence (latest last) and status today. */
  checklist: z.array(
    z.object({
      key: z.string(),
      heading: z.string(),
      guidance: z.string(),
      expires: z.boolean(),
      status: z.enum(CRITERION_STATUSES),
      evidence: z.array(enrolmentEvidenceSchema),
    }),
  ),
  /** Every decision, oldest first (the application is the first). */
  decisions: z.array(enrolmentDecisionRecordSchema),
});
export type EnrolmentRecord = z.infer<typeof enrolmentRecordSchema>;

export const enrolmentSummarySchema = enrolmentRecordSchema.omit({
  checklist: true,
  decisions: true,
});

export const expiringEvidenceReportSchema = z.object({
  asOf: date,
  until: date,
  items: z.array(
    z.object({
      enrolmentId: z.string(),
      providerId: z.string(),
      providerName: z.string(),
      frameworkName: z.string(),
      criterion: z.string(),
      heading: z.string(),
      evidenceId: z.string(),
      expiresOn: date,
      /** Negative once it has expired. */
      daysLeft: z.number().int(),
      expired: z.boolean(),
    }),
  ),
});
