/**
 * What the engine's calculations answer (the service's engine endpoints send these). The engine declares its
 * results as TypeScript interfaces; each schema here is typed `z.ZodType<EngineResult>`, so
 * the compiler refuses a schema that stops matching the engine's result (a field renamed,
 * added or retyped there breaks the type check here, not a client at run time).
 */
import { z } from 'zod';
import {
  COST_OF_CARE_LINES,
  costOfCareSurveySchema,
  type CostOfCareFigure,
  type CostOfCareResult,
  type CostOfCareSurvey,
} from '../costOfCare';
import { CQC_RATINGS, type AwardResult, type TenderResult } from '../tender';
import { RATINGS } from '../quality';
import { TPC_CONDITIONS, type TpcResult } from '../tpc';
import type { CardDiff } from '../diff';
import type { ChcTierFee } from '../chc';
import type { PeriodCost } from '../conversions';
import type { RatingResult } from '../ratingFromInspections';

const money = z.string().describe('pounds and pence, e.g. "633.68"');
const rating = z.enum(RATINGS);

export const ratingResultSchema: z.ZodType<RatingResult> = z.object({
  rating,
  reason: z.string(),
  reasons: z.array(z.string()).describe('how the rating got there, oldest step first'),
  decidedBy: z
    .object({
      date: z.string(),
      body: z.enum(['CQC', 'council', 'NHS']),
      kind: z.enum(['full', 'focused', 'validation']),
      result: z.string(),
      rating,
    })
    .nullable(),
});

export const chcTierFeeSchema: z.ZodType<ChcTierFee> = z.object({
  tierId: z.string(),
  name: z.string(),
  kind: z.enum(['fixed', 'staffed']),
  base: money,
  hours: z.string(),
  hourlyRate: money,
  staffingCost: money,
  fee: money,
});

/** The tier's fee, and the card version it came from. */
export const chcTierResponseSchema = z.intersection(
  z.object({ card: z.object({ id: z.string(), version: z.number().int() }) }),
  chcTierFeeSchema,
);

export const tenderResultSchema: z.ZodType<TenderResult> = z.object({
  maxPoints: z.object({
    price: z.string(),
    cqc: z.string(),
    qualityReporting: z.string(),
    capability: z.string().optional(),
  }),
  lowestPrice: money,
  ranking: z.array(
    z.object({
      id: z.string(),
      price: money,
      cqcRating: z.enum(CQC_RATINGS),
      priceScore: z.string(),
      cqcScore: z.string(),
      qualityReportingScore: z.string(),
      capabilityScore: z.string().optional(),
      qualityScore: z.string(),
      total: z.string(),
      rank: z.number().int(),
    }),
  ),
  excluded: z.array(z.object({ id: z.string(), reason: z.string() })),
});

export const awardResultSchema: z.ZodType<AwardResult> = z.object({
  winner: z.string(),
  rating,
  reason: z.string(),
  excluded: z.array(z.string()),
});

export const tpcResultSchema: z.ZodType<TpcResult> = z.object({
  allowed: z.boolean(),
  failed: z.array(z.object({ condition: z.enum(TPC_CONDITIONS), message: z.string() })),
  checked: z.array(z.enum(TPC_CONDITIONS)),
});

const costLines = z.object({
  careStaff: money,
  nursingStaff: money,
  careReturnOnOperations: money,
  food: money,
  utilities: money,
  premises: money,
  management: money,
  other: money,
  hotelReturnOnOperations: money,
  returnOnCapital: money,
});

export const costOfCareResultSchema: z.ZodType<CostOfCareResult> = z.object({
  provider: z.string().optional(),
  lines: costLines,
  care: money,
  hotel: money,
  total: money,
});

const quartileFigures = z.object({ lowerQuartile: money, median: money, upperQuartile: money });

export const costOfCareSurveyResultSchema: z.ZodType<CostOfCareSurvey> = z.object({
  returns: z.number().int(),
  providers: z.array(costOfCareResultSchema),
  quartiles: z.record(
    z.enum([
      'care',
      'hotel',
      'total',
      ...COST_OF_CARE_LINES.map((l) => l.id),
    ] satisfies CostOfCareFigure[] as [CostOfCareFigure, ...CostOfCareFigure[]]),
    quartileFigures,
  ),
});

export const periodCostResultSchema: z.ZodType<PeriodCost> = z.object({
  start: z.string(),
  end: z.string(),
  days: z.number().int(),
  weekly: money,
  cost: money,
});

const percentChange = z
  .string()
  .nullable()
  .describe('(new − old) ÷ old in percent, 2 places half up: "3.10"; null from £0');
const diffRowSchema = z.object({
  key: z.string().describe('stable across versions: "hotel", "care/ld/2", "chc/tier-1/weeklyFee"'),
  kind: z.enum(['hotel', 'care', 'chc']),
  label: z.string(),
  category: z.string().nullable(),
  band: z.string().nullable(),
  tier: z.string().nullable(),
  field: z.string().nullable(),
  status: z.enum(['changed', 'unchanged', 'added', 'removed']),
  old: money.nullable(),
  new: money.nullable(),
  change: money.nullable(),
  percent: percentChange,
});
const ratingFees = z.object({ gold: money, silver: money, bronze: money });

export const cardDiffSchema: z.ZodType<CardDiff> = z.object({
  from: z.object({ id: z.string(), version: z.number().int() }),
  to: z.object({ id: z.string(), version: z.number().int() }),
  hotel: diffRowSchema,
  rows: z.array(diffRowSchema),
  metadata: z.array(
    z.object({
      field: z.string().describe('dotted path, ids for list items: "categories.ld.name"'),
      label: z.string(),
      old: z.string().nullable(),
      new: z.string().nullable(),
    }),
  ),
  fees: z.array(
    z.object({
      kind: z.enum(['added', 'removed', 'changed']),
      category: z.string(),
      band: z.string().nullable(),
      before: ratingFees.nullable(),
      after: ratingFees.nullable(),
      difference: money.optional().describe('change in the Silver weekly fee'),
      percent: percentChange.optional(),
    }),
  ),
  summary: z.object({
    changed: z.number().int(),
    unchanged: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
});

/* ---- Requests the engine's own input schemas do not already describe ---- */

/** POST /api/v1/cost-of-care/quartiles: many providers' returns. */
export const costOfCareSurveyRequestSchema = z.object({ returns: costOfCareSurveySchema }).strict();

// The conversions take plain arguments; these schemas give them names and shapes, the engine
// checks the values (not negative, real dates, end not before start).
const amount = z.union([z.string().max(40), z.number()]);
const rounding = z.enum(['half-up', 'half-even', 'down']).optional();
export const weeklyToDailySchema = z.object({ weekly: amount, rounding }).strict();
export const dailyToWeeklySchema = z.object({ daily: amount, rounding }).strict();
export const periodCostSchema = z
  .object({ weekly: amount, start: z.string().max(40), end: z.string().max(40), rounding })
  .strict();
export const providerSizeSchema = z
  .object({ weeklyHours: amount, newToCity: z.boolean().optional() })
  .strict();
export const weeklyToDailyResultSchema = z.object({ daily: money });
export const dailyToWeeklyResultSchema = z.object({ weekly: money });
export const providerSizeResultSchema = z.object({ size: z.enum(['Large', 'Medium', 'Small']) });
