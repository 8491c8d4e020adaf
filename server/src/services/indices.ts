/**
 * Index series as an organisation sees them: the engine's reference series (NLW, FNC…) with
 * the values its admins have added (a value published after the engine shipped, or a local
 * series such as a local care wage). An added value on the same date as a shipped one wins:
 * the organisation has said what it prices on. The merged series is validated by the engine
 * (`parseIndexSeries`) and read with the engine's `valueOn`, so the rules stay in one place.
 */
import { z } from 'zod';
import {
  CareFeeError,
  INDEX_UNITS,
  REFERENCE_SERIES,
  indexPointSchema,
  notFound,
  invalid,
  parseIndexSeries,
  slugSchema,
  valueOn,
  type IndexSeries,
  type IsoDate,
} from '../../../shared/src';
import type { Database, Queryable } from '../db/database';
import type { AuditLog, Actor } from '../audit/auditLog';

/** An added value; name and unit are needed only to start a series the engine does not ship. */
export const addIndexValueSchema = z
  .object({
    from: indexPointSchema.shape.from,
    value: indexPointSchema.shape.value,
    name: z.string().min(1).max(200).optional(),
    unit: z.enum(INDEX_UNITS).optional(),
    source: z.string().min(1).max(500).optional(),
  })
  .strict();
export type AddIndexValue = z.input<typeof addIndexValueSchema>;

export const seriesIdSchema = slugSchema;

export const indexPointOutSchema = z.object({
  from: z.string(),
  value: z.string(),
  /** Where the value came from: the engine's published series, or the organisation. */
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

interface Row {
  series_id: string;
  from_date: string;
  value: string;
  series_name: string | null;
  unit: string | null;
  source: string | null;
}

export class IndexService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  private async rows(organisationId: string, seriesId?: string, q: Queryable = this.db): Promise<Row[]> {
    const { rows } = await q.query<Row>(
      `SELECT series_id, from_date, value, series_name, unit, source FROM index_values
        WHERE organisation_id = $1 ${seriesId ? 'AND series_id = $2' : ''} ORDER BY series_id, from_date`,
      seriesId ? [organisationId, seriesId] : [organisationId],
    );
    return rows;
  }

  /** Every series the organisation can read: the shipped ones, then its own. */
  async list(organisationId: string): Promise<IndexSeriesOut[]> {
    const rows = await this.rows(organisationId);
    const ids = [...new Set([...REFERENCE_SERIES.keys(), ...rows.map((r) => r.series_id)])];
    return ids.map((id) => merge(id, rows.filter((r) => r.series_id === id))!);
  }

  async get(organisationId: string, seriesId: string): Promise<IndexSeriesOut> {
    const series = merge(seriesId, await this.rows(organisationId, seriesId));
    if (!series) {
      throw notFound(`no index series "${seriesId}" (the reference series are ${[...REFERENCE_SERIES.keys()].join(', ')})`, ['series']);
    }
    return series;
  }

  /** The value in force on a date, and the point it comes from. */
  async valueOn(organisationId: string, seriesId: string, date: IsoDate) {
    const series = await this.get(organisationId, seriesId);
    const value = valueOn(toEngine(series), date, ['date']);
    const point = [...series.points].reverse().find((p) => p.from <= date)!;
    return { series: series.id, name: series.name, unit: series.unit, date, value, from: point.from, origin: point.origin };
  }

  /** Add (or replace) the organisation's value from a date; audit-logged with the state before. */
  async addValue(actor: Actor & { organisationId: string }, seriesId: string, input: z.output<typeof addIndexValueSchema>) {
    return this.db.transaction(async (tx) => {
      const rows = await this.rows(actor.organisationId, seriesId, tx);
      const shipped = REFERENCE_SERIES.get(seriesId);
      let { name, unit, source } = input;
      if (shipped) {
        if (name !== undefined || unit !== undefined) {
          throw invalid(`"${seriesId}" is a reference series: its name and unit are fixed, give only from and value`, [name !== undefined ? 'name' : 'unit']);
        }
      } else if (rows.length === 0) {
        if (name === undefined || unit === undefined) {
          throw invalid(`"${seriesId}" is a new series: give its name and unit with its first value`, [name === undefined ? 'name' : 'unit']);
        }
        source ??= 'organisation';
      } else {
        name = undefined;
        unit = undefined;
        source = undefined;
      }
      const before = rows.find((r) => r.from_date === input.from);
      const candidate = [...rows.filter((r) => r.from_date !== input.from), { series_id: seriesId, from_date: input.from, value: input.value, series_name: name ?? null, unit: unit ?? null, source: source ?? null }];
      // Validate the merged series with the engine before anything is written (e.g. pence on a money series).
      let merged: IndexSeriesOut;
      try {
        merged = merge(seriesId, candidate)!;
      } catch (e) {
        if (e instanceof CareFeeError) throw new CareFeeError(e.code, e.message.replace(/^[\w.]+: /, ''), ['value']);
        throw e;
      }
      const value = merged.points.find((p) => p.from === input.from)!.value;
      await tx.query(
        `INSERT INTO index_values (organisation_id, series_id, from_date, value, series_name, unit, source, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (organisation_id, series_id, from_date)
         DO UPDATE SET value = EXCLUDED.value, created_by = EXCLUDED.created_by, created_at = now()`,
        [actor.organisationId, seriesId, input.from, value, name ?? null, unit ?? null, source ?? null, actor.id],
      );
      await this.audit.record(tx, actor, {
        action: before ? 'index.value.replace' : 'index.value.add',
        entityType: 'index_value',
        entityId: `${seriesId}@${input.from}`,
        before: before ? { series: seriesId, from: input.from, value: before.value } : undefined,
        after: { series: seriesId, from: input.from, value },
      });
      return { series: merged, added: { from: input.from, value } };
    });
  }
}

/** The shipped series with the organisation's rows laid over it; undefined when neither exists. */
function merge(seriesId: string, rows: readonly Row[]): IndexSeriesOut | undefined {
  const shipped = REFERENCE_SERIES.get(seriesId);
  const head = rows.find((r) => r.series_name !== null && r.unit !== null);
  if (!shipped && !head) return undefined;
  const points = new Map<string, { from: string; value: string; origin: 'reference' | 'organisation' }>();
  for (const p of shipped?.points ?? []) points.set(p.from, { from: p.from, value: p.value, origin: 'reference' });
  for (const r of rows) points.set(r.from_date, { from: r.from_date, value: r.value, origin: 'organisation' });
  const raw: IndexSeriesOut = {
    id: seriesId,
    name: shipped?.name ?? head!.series_name!,
    unit: shipped?.unit ?? (head!.unit as IndexSeries['unit']),
    source: shipped ? shipped.source : (head!.source ?? 'organisation'),
    points: [...points.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
  };
  // Values as the engine keeps them (money in pounds and pence: "7.50").
  const engine = toEngine(raw);
  return { ...raw, points: raw.points.map((p, i) => ({ ...p, value: engine.points[i]!.value })) };
}

/** The engine's series, validated. */
function toEngine(series: IndexSeriesOut): IndexSeries {
  return parseIndexSeries({
    id: series.id,
    name: series.name,
    unit: series.unit,
    source: series.source,
    points: series.points.map(({ from, value }) => ({ from, value })),
  });
}
