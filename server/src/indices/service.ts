/**
 * Index series as an organisation sees them: the engine's reference series (NLW, CPIH, FNC…)
 * with the values its admins have added (a value published after the engine shipped, or a
 * series of its own such as a local care wage). The rows become the engine's `extra` series;
 * the engine lays them over its own (`seriesCatalogue`, `findSeries`, `indexValue`), so merging,
 * validation and the value in force on a date stay engine rules.
 */
import {
  CareFeeError,
  REFERENCE_SERIES,
  findSeries,
  indexValue,
  seriesCatalogue,
  type ExtraSeries,
  type IndexSeries,
  type IsoDate,
} from '../../../shared/src';
import type { Database, Queryable } from '../platform/db/database';
import type { AuditLog, Actor } from '../platform/audit/auditLog';

export {
  addIndexValueSchema,
  indexPointOutSchema,
  indexSeriesOutSchema,
  seriesIdSchema,
  type AddIndexValue,
  type IndexSeriesOut,
} from '../../../shared/src/contract/indices';
import type { AddIndexValue, IndexSeriesOut } from '../../../shared/src/contract/indices';

interface Row {
  series_id: string;
  from_date: string;
  value: string;
  note: string | null;
  series_name: string | null;
  unit: string | null;
  source: string | null;
}

/** The organisation's rows as the engine's `extra` series. */
function toExtra(rows: readonly Row[]): ExtraSeries[] {
  const bySeries = new Map<string, Row[]>();
  for (const r of rows) bySeries.set(r.series_id, [...(bySeries.get(r.series_id) ?? []), r]);
  return [...bySeries].map(([id, points]) => {
    const head = points.find((p) => p.series_name !== null);
    return {
      id,
      ...(head?.series_name ? { name: head.series_name } : {}),
      ...(head?.unit ? { unit: head.unit as IndexSeries['unit'] } : {}),
      ...(head?.source ? { source: head.source } : {}),
      points: points.map((p) => ({
        from: p.from_date,
        value: p.value,
        ...(p.note ? { note: p.note } : {}),
      })),
    };
  });
}

function present(series: IndexSeries, rows: readonly Row[]): IndexSeriesOut {
  const own = new Set(rows.filter((r) => r.series_id === series.id).map((r) => r.from_date));
  return {
    id: series.id,
    name: series.name,
    unit: series.unit,
    source: series.source,
    points: series.points.map((p) => ({
      ...p,
      origin: own.has(p.from) ? 'organisation' : 'reference',
    })),
  };
}

export class IndexService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  private async rows(organisationId: string, q: Queryable = this.db): Promise<Row[]> {
    const { rows } = await q.query<Row>(
      `SELECT series_id, from_date, value, note, series_name, unit, source FROM index_values
        WHERE organisation_id = $1 ORDER BY series_id, from_date`,
      [organisationId],
    );
    return rows;
  }

  /** Every series the organisation can read: the shipped ones, then its own. */
  async list(organisationId: string): Promise<IndexSeriesOut[]> {
    const rows = await this.rows(organisationId);
    return [...seriesCatalogue(toExtra(rows)).values()].map((s) => present(s, rows));
  }

  async get(organisationId: string, seriesId: string): Promise<IndexSeriesOut> {
    const rows = await this.rows(organisationId);
    return present(findSeries(seriesId, toExtra(rows)), rows);
  }

  /** The value in force on a date, with where it came from. */
  async valueOn(organisationId: string, seriesId: string, date: IsoDate) {
    const rows = await this.rows(organisationId);
    const value = indexValue(seriesId, date, toExtra(rows));
    const own = rows.some((r) => r.series_id === value.series && r.from_date === value.from);
    return { ...value, origin: own ? ('organisation' as const) : ('reference' as const) };
  }

  /** Add (or replace) the organisation's value from a date; audit-logged with the value before. */
  async addValue(
    actor: Actor & { organisationId: string },
    seriesId: string,
    input: AddIndexValue,
  ) {
    return this.db.transaction(async (tx) => {
      const rows = await this.rows(actor.organisationId, tx);
      const ofSeries = rows.filter((r) => r.series_id === seriesId);
      const isNew = !REFERENCE_SERIES.has(seriesId) && ofSeries.length === 0;
      const before = ofSeries.find((r) => r.from_date === input.from);
      const row: Row = {
        series_id: seriesId,
        from_date: input.from,
        value: input.value,
        note: input.note ?? null,
        // A series' name, unit and source are kept with its first value.
        series_name: isNew ? (input.name ?? null) : (before?.series_name ?? null),
        unit: isNew ? (input.unit ?? null) : (before?.unit ?? null),
        source: isNew ? (input.source ?? null) : (before?.source ?? null),
      };
      const candidate = [
        ...rows.filter((r) => !(r.series_id === seriesId && r.from_date === input.from)),
        row,
      ];
      const extra = toExtra(candidate);
      if (!isNew && (input.name !== undefined || input.unit !== undefined)) {
        const field = input.name !== undefined ? 'name' : 'unit';
        throw new CareFeeError(
          'INVALID_INPUT',
          `series "${seriesId}" already exists: its name and unit are fixed, give only from and value`,
          [field],
        );
      }
      // The engine validates the merged series before anything is written (e.g. pence on a wage).
      let series: IndexSeries;
      try {
        series = findSeries(seriesId, extra);
      } catch (e) {
        if (!(e instanceof CareFeeError)) throw e;
        const field = e.path.find(
          (p) => p === 'value' || p === 'from' || p === 'name' || p === 'unit' || p === 'note',
        );
        throw new CareFeeError(
          e.code,
          e.message.replace(/^extra\.\d+\.[\w.]*: /, ''),
          field ? [field] : [],
        );
      }
      const stored = series.points.find((p) => p.from === input.from)!.value;
      await tx.query(
        `INSERT INTO index_values (organisation_id, series_id, from_date, value, note, series_name, unit, source, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (organisation_id, series_id, from_date)
         DO UPDATE SET value = EXCLUDED.value, note = EXCLUDED.note, created_by = EXCLUDED.created_by, created_at = now()`,
        [
          actor.organisationId,
          seriesId,
          input.from,
          stored,
          row.note,
          row.series_name,
          row.unit,
          row.source,
          actor.id,
        ],
      );
      await this.audit.record(tx, actor, {
        action: before ? 'index.value.replace' : 'index.value.add',
        entityType: 'index_value',
        entityId: `${seriesId}@${input.from}`,
        before: before ? { series: seriesId, from: input.from, value: before.value } : undefined,
        after: { series: seriesId, from: input.from, value: stored },
      });
      return { series: present(series, candidate), added: { from: input.from, value: stored } };
    });
  }
}
