/**
 * Quality monitoring over HTTP (Nottingham, seed 004): frameworks of grouped indicators with
 * guidance and an outcome rule, visits scoring each indicator Red/Amber/Green with notes, and
 * action plans with due dates and status. No I/O.
 */
import { z } from 'zod';
import { RAG } from '../monitoring';
import { isoDateSchema } from '../rateCard';

const text = (max: number) => z.string().trim().max(max);
const date = z.string().describe('YYYY-MM-DD');
const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a lower-case key of letters, digits and dashes');

export const VISITING_BODIES = ['council', 'NHS'] as const;

export const outcomeRuleSchema = z
  .object({
    redWhenRedsAtLeast: z.number().int().min(1).max(500),
    amberWhenRedsAtLeast: z.number().int().min(1).max(500),
    amberWhenAmbersAtLeast: z.number().int().min(1).max(500),
  })
  .strict()
  .refine((r) => r.amberWhenRedsAtLeast <= r.redWhenRedsAtLeast, {
    message: 'amberWhenRedsAtLeast must not exceed redWhenRedsAtLeast',
    path: ['amberWhenRedsAtLeast'],
  });

const groupsSchema = z
  .array(
    z
      .object({
        name: text(200).min(1, 'a group needs a name'),
        indicators: z
          .array(
            z
              .object({
                key,
                title: text(300).min(1, 'an indicator needs a title'),
                guidance: text(4000).default(''),
              })
              .strict(),
          )
          .min(1, 'a group needs at least one indicator')
          .max(200),
      })
      .strict(),
  )
  .min(1, 'a framework needs at least one group')
  .max(50)
  .superRefine((groups, ctx) => {
    const seen = new Set<string>();
    groups.forEach((g, gi) =>
      g.indicators.forEach((ind, ii) => {
        if (seen.has(ind.key))
          ctx.addIssue({
            code: 'custom',
            message: `indicator key "${ind.key}" is used twice`,
            path: [gi, 'indicators', ii, 'key'],
          });
        seen.add(ind.key);
      }),
    );
  });

export const monitoringFrameworkInputSchema = z
  .object({
    name: text(200).min(1, 'name must not be empty'),
    /** Marks a framework as an example to edit, not the organisation's own. */
    example: z.boolean().default(false),
    groups: groupsSchema,
    outcomeRule: outcomeRuleSchema,
  })
  .strict();
export type MonitoringFrameworkInput = z.output<typeof monitoringFrameworkInputSchema>;
export const monitoringFrameworkUpdateSchema = monitoringFrameworkInputSchema
  .extend({ version: z.number().int().min(1) })
  .strict();

export const visitInputSchema = z
  .object({
    frameworkId: z.uuid({ error: 'not a framework id' }),
    visitedOn: isoDateSchema,
    /** Who visited: the council visits residential homes, the NHS nursing homes (the default). */
    body: z.enum(VISITING_BODIES).optional(),
    scores: z
      .array(
        z
          .object({
            indicator: key,
            rag: z.enum(RAG),
            notes: text(4000).default(''),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
    summary: text(4000).optional(),
  })
  .strict();
export type VisitInput = z.output<typeof visitInputSchema>;

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export const actionPlanInputSchema = z
  .object({
    action: text(2000).min(3, 'action must say what is to be done (at least 3 characters)'),
    dueOn: isoDateSchema,
    /** The visit it follows from, at the same location. */
    visitId: z.uuid({ error: 'not a visit id' }).nullable().optional(),
  })
  .strict();
export type ActionPlanInput = z.infer<typeof actionPlanInputSchema>;
export const actionPlanUpdateSchema = z
  .object({
    status: z.enum(ACTION_STATUSES),
    dueOn: isoDateSchema.optional(),
    /** Required when done: the day it was completed. */
    completedOn: isoDateSchema.nullable().optional(),
    note: text(2000).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type ActionPlanUpdate = z.infer<typeof actionPlanUpdateSchema>;

export const monitoringFrameworkParamsSchema = z.object({
  frameworkId: z.uuid({ error: 'not a framework id' }),
});
export const visitParamsSchema = z.object({ visitId: z.uuid({ error: 'not a visit id' }) });
export const actionPlanParamsSchema = z.object({
  actionPlanId: z.uuid({ error: 'not an action plan id' }),
});
export const actionPlanListQuerySchema = z.object({
  status: z.enum(ACTION_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('only open actions past their due date'),
  asOf: isoDateSchema.optional().describe('the day overdue is judged on; today when not given'),
});

// ---------------------------------------------------------------------------------------------
// Replies.

const ragCounts = z.object({
  Red: z.number().int(),
  Amber: z.number().int(),
  Green: z.number().int(),
});

export const monitoringFrameworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  example: z.boolean(),
  groups: z.array(
    z.object({
      name: z.string(),
      indicators: z.array(z.object({ key: z.string(), title: z.string(), guidance: z.string() })),
    }),
  ),
  outcomeRule: z.object({
    redWhenRedsAtLeast: z.number().int(),
    amberWhenRedsAtLeast: z.number().int(),
    amberWhenAmbersAtLeast: z.number().int(),
  }),
  /** The rule in words. */
  outcomeRuleText: z.string(),
  version: z.number().int(),
});
export type MonitoringFramework = z.infer<typeof monitoringFrameworkSchema>;

export const visitRecordSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  frameworkId: z.string(),
  frameworkVersion: z.number().int(),
  visitedOn: date,
  body: z.enum(VISITING_BODIES),
  scores: z.array(z.object({ indicator: z.string(), rag: z.enum(RAG), notes: z.string() })),
  counts: ragCounts,
  outcome: z.enum(RAG),
  outcomeReason: z.string(),
  summary: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type VisitRecord = z.infer<typeof visitRecordSchema>;

export const actionPlanRecordSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  locationName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  visitId: z.string().nullable(),
  action: z.string(),
  dueOn: date,
  status: z.enum(ACTION_STATUSES),
  completedOn: date.nullable(),
  note: z.string(),
  /** Open and past its due date (on asOf, or today). */
  overdue: z.boolean(),
  version: z.number().int(),
});
export type ActionPlanRecord = z.infer<typeof actionPlanRecordSchema>;
