/** Request bodies of the scenario API (editors and viewers of the organisation). */
import { z } from 'zod';
import { rateSchema, slugSchema } from '../../../shared/src/rateCard';

const dateTime = z.iso.datetime({
  offset: true,
  error: 'must be a date and time like 2026-03-01T09:00:00Z',
});
const rate = z.union([z.string(), z.number()]);

const cardRef = z.object({ id: slugSchema, version: z.number().int().min(1) }).strict();

export const upliftAssumptionsSchema = z
  .object({
    reviewYear: z.number().int().min(2000).max(2100),
    cpihChange: rate,
    nlwChange: rate,
    localWageChange: rate.nullable().optional(),
  })
  .strict();

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
    proposed: z.union([cardRef, z.object({ uplift: upliftAssumptionsSchema }).strict()], {
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

export const createLinkSchema = z
  .object({
    label: z.string().trim().min(1).max(120),
    expiresAt: dateTime.nullable().optional(),
  })
  .strict();

export type CreateLinkInput = z.output<typeof createLinkSchema>;
