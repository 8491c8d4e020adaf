/** Index series (NLW, CPIH, FNC…) and the values an organisation adds to them. */
import { z } from 'zod';
import { INDEX_UNITS, indexPointSchema, seriesKey } from '../indices';
import { isoDateSchema, slugSchema } from '../rateCard';
import { itemsOf } from './common';

/** A series id as people write it ('NLW', 'fnc_higher'), read as the engine keys it ('nlw', 'fnc-higher'). */
export const seriesIdSchema = z.string().min(1).max(64).transform(seriesKey).pipe(slugSchema);

/** An added value; name and unit are needed only to start a series the engine does not ship. */
export const addIndexValueSchema = z
  .object({
    from: indexPointSchema.shape.from,
    value: indexPointSchema.shape.value,
    note: indexPointSchema.shape.note,
    name: z.string().min(1).max(200).optional(),
    unit: z.enum(INDEX_UNITS).optional(),
    source: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AddIndexValue = z.output<typeof addIndexValueSchema>;

export const indexPointOutSchema = z.object({
  from: z.string(),
  value: z.string(),
  source: z.string().optional(),
  asOf: z.string().optional(),
  note: z.string().optional(),
  /** Where the value came from: the engine's reference data, or the organisation. */
  origin: z.enum(['reference', 'organisation']),
});
export const indexSeriesOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.enum(INDEX_UNITS),
  source: z.string(),
  points: z.array(indexPointOutSchema),
});
export type IndexSeriesOut = z.infer<typeof indexSeriesOutSchema>;

export const seriesParamsSchema = z.object({ series: seriesIdSchema });
export const indexValueQuerySchema = z.object({ date: isoDateSchema }).strict();
export const indexListResponseSchema = itemsOf(indexSeriesOutSchema);
export const indexValueResponseSchema = z.object({
  series: z.string(),
  name: z.string(),
  unit: z.string(),
  date: z.string(),
  value: z.string(),
  /** The date the value has been in force from. */
  from: z.string(),
  origin: z.enum(['reference', 'organisation']),
});
export const addIndexValueResponseSchema = z.object({
  series: indexSeriesOutSchema,
  added: z.object({ from: z.string(), value: z.string() }),
});
