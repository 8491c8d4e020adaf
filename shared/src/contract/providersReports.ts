/**
 * Reports on the provider record: the market view (Nottingham's "Outcome of visits" table, with
 * ratings beside it), overdue visits (Birmingham's minimum annual inspection) and the public
 * quality list for citizen choice. No I/O.
 */
import { z } from 'zod';
import { RATINGS } from '../quality';
import { isoDateSchema } from '../rateCard';

const date = z.string().describe('YYYY-MM-DD');

/** A financial year as councils write it: 2024/25 runs 1 April 2024 to 31 March 2025. */
export const financialYearSchema = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'a financial year like 2024/25')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), {
    message: 'a financial year like 2024/25 (the second year follows the first)',
  });

export const marketQuerySchema = z.object({
  years: z
    .string()
    .optional()
    .describe(
      'financial years, comma-separated (2024/25,2025/26); this year and last when not given',
    ),
});

export const asOfQuerySchema = z.object({
  asOf: isoDateSchema.optional().describe('today when not given'),
});

const ratingCounts = z.object({
  Gold: z.number().int(),
  Silver: z.number().int(),
  Bronze: z.number().int(),
  Inadequate: z.number().int(),
  unrated: z.number().int(),
});
const ragCounts = z.object({
  Red: z.number().int(),
  Amber: z.number().int(),
  Green: z.number().int(),
  notVisited: z.number().int(),
});
export type RatingCounts = z.infer<typeof ratingCounts>;
export type MarketRagCounts = z.infer<typeof ragCounts>;

export const marketReportSchema = z.object({
  years: z.array(z.string()),
  rows: z.array(
    z.object({
      /** A category of care as locations name it; "uncategorised" when a location names none. */
      category: z.string(),
      year: z.string(),
      /** Each location's rating at the year's end (or today, for the current year). */
      ratings: ratingCounts,
      /** Each location's latest monitoring visit outcome in the year. */
      rag: ragCounts,
    }),
  ),
  /** Each location once (a location in several categories is in each category's row). */
  totals: z.array(z.object({ year: z.string(), ratings: ratingCounts, rag: ragCounts })),
});
export type MarketReport = z.infer<typeof marketReportSchema>;

export const overdueVisitsReportSchema = z.object({
  asOf: date,
  items: z.array(
    z.object({
      providerId: z.string(),
      providerName: z.string(),
      locationId: z.string(),
      locationName: z.string(),
      serviceType: z.string(),
      /** Who visits this kind of home: the council residential homes, the NHS nursing homes. */
      visitBy: z.enum(['council', 'NHS']),
      lastInspectionOn: date.nullable(),
      lastVisitOn: date.nullable(),
      /** A year after the later of the two; null when there has been neither. */
      dueOn: date.nullable(),
      daysOverdue: z.number().int().nullable(),
    }),
  ),
});

export const qualityListItemSchema = z.object({
  provider: z.string(),
  location: z.string(),
  rating: z.enum(RATINGS).nullable(),
  /** The day the rating has held since. */
  since: date.nullable(),
});
export const qualityListSchema = z.object({
  organisation: z.string(),
  asOf: date,
  items: z.array(qualityListItemSchema),
});
export type QualityList = z.infer<typeof qualityListSchema>;

export const publicListParamsSchema = z.object({
  organisationId: z.uuid({ error: 'not an organisation id' }),
});
