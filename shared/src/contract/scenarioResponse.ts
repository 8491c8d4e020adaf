/**
 * A provider's response to a scenario. One schema for the provider page (so people see every
 * problem at once, by field) and for the service (which refuses anything it does not accept).
 * Comments and cost evidence may name a category or band; those must be rows of the scenario.
 * Browser-safe: no Node imports.
 */
import { z } from 'zod';
import { moneySchema } from '../rateCard';
import { COST_UNITS, POSITIONS } from './scenarioView';

/** The rows a comment may name: category ids, each with its band ids (empty for unbanded). */
export type ResponseTargets = ReadonlyMap<string, ReadonlySet<string>>;

export function targetsOf(
  rows: ReadonlyArray<{ category: string; band: string | null }>,
): ResponseTargets {
  const targets = new Map<string, Set<string>>();
  for (const row of rows) {
    const bands = targets.get(row.category) ?? new Set<string>();
    if (row.band !== null) bands.add(row.band);
    targets.set(row.category, bands);
  }
  return targets;
}

/** Blank form fields mean "not given". */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const blankToNull = (v: unknown) =>
  v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v;

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(max, { error: `${what} must be at most ${max} characters` });

/** CQC location ids look like 1-123456789 (CQC's register, "Location ID"). */
export const CQC_LOCATION_ID = /^1-\d{6,12}$/;

const target = {
  category: z.preprocess(blankToNull, z.string().max(64).nullable()),
  band: z.preprocess(blankToNull, z.string().max(40).nullable()),
};

/** Cost figures a provider offers as evidence: pounds and pence, above zero, below a sanity cap. */
const MAX_EVIDENCE = 1_000_000;

const evidenceAmount = moneySchema.refine((v) => Number(v) > 0 && Number(v) <= MAX_EVIDENCE, {
  error: `must be more than £0 and at most £${MAX_EVIDENCE.toLocaleString('en-GB')}`,
});

const baseResponseSchema = z
  .object({
    organisationName: text('Organisation name', 200),
    contactName: text('Contact name', 200),
    contactEmail: z
      .string({ error: 'Contact email is required' })
      .trim()
      .min(1, { error: 'Contact email is required' })
      .pipe(
        z
          .email({ error: 'Contact email must be an email address, like name@example.org' })
          .max(254),
      ),
    cqcLocationId: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(CQC_LOCATION_ID, { error: 'CQC location ID must look like 1-123456789' })
        .optional(),
    ),
    position: z.enum(POSITIONS, {
      error: 'Choose a position: support, support with changes, or oppose',
    }),
    comments: z
      .array(z.object({ ...target, text: text('Comment', 5000) }).strict())
      .max(200, { error: 'at most 200 comments' })
      .default([]),
    costEvidence: z
      .array(
        z
          .object({
            ...target,
            description: text('Description', 300),
            amount: evidenceAmount,
            unit: z.enum(COST_UNITS, { error: `unit must be one of ${COST_UNITS.join(', ')}` }),
          })
          .strict(),
      )
      .max(100, { error: 'at most 100 cost figures' })
      .default([]),
  })
  .strict();

/** The response schema for one scenario: comments may only name its own categories and bands. */
export function responseSchema(targets: ResponseTargets) {
  return baseResponseSchema.superRefine((response, ctx) => {
    const check = (
      list: 'comments' | 'costEvidence',
      i: number,
      category: string | null,
      band: string | null,
    ) => {
      if (category === null) {
        if (band !== null)
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'category'],
            message: 'choose the category the band belongs to',
          });
        return;
      }
      const bands = targets.get(category);
      if (!bands) {
        ctx.addIssue({
          code: 'custom',
          path: [list, i, 'category'],
          message: `"${category}" is not a category in this scenario`,
        });
      } else if (band !== null && !bands.has(band)) {
        ctx.addIssue({
          code: 'custom',
          path: [list, i, 'band'],
          message: `"${band}" is not a band of ${category} in this scenario`,
        });
      }
    };
    response.comments.forEach((c, i) => check('comments', i, c.category, c.band));
    response.costEvidence.forEach((c, i) => check('costEvidence', i, c.category, c.band));
  });
}

export type ProviderResponseInput = z.input<typeof baseResponseSchema>;
export type ProviderResponse = z.output<typeof baseResponseSchema>;

/** Every problem, keyed by dotted field path ("comments.0.text"), for showing beside fields. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}
