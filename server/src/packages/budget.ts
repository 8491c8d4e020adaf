/**
 * Budget: what live agreements commit for a financial year, by category, funding stream and
 * provider. Live means active (accepted by the provider). Each agreement's commitment is the
 * engine's year cost over its agreed price and completed variations (the pennies of the engine's
 * yearCommitment over agreementTerms), worked out inside the database in whole pence so that a book of
 * 50,000 agreements is never carried across to JavaScript row by row: only the sums by group
 * come back. The rounding is the engine's, once per price in force: weekly pence × days ÷ 7
 * rounded half up, written as the integer division (2 × pence × days + 7) ÷ 14 (prices are never
 * negative, so truncation is floor). test/server/packages.book.test.ts checks it against the
 * engine on varied agreements.
 */
import type { Queryable, SqlParam } from '../platform/db/database';
import { dayNumber } from '../../../shared/src/dates';
import { penceToPounds } from '../../../shared/src/money';
import { financialYear } from '../../../shared/src/serviceReceipts';

export interface CommitmentFilter {
  category?: string | undefined;
  funding?: string | undefined;
  providerId?: string | undefined;
}

export interface CommitmentGroup {
  key: string;
  agreements: number;
  total: string;
}

export interface Commitment {
  year: number;
  from: string;
  to: string;
  agreements: number;
  total: string;
  byCategory: CommitmentGroup[];
  byFunding: CommitmentGroup[];
  byProvider: CommitmentGroup[];
}

const EPOCH = "DATE '1970-01-01'";

/**
 * SQL (common table expressions, to follow WITH) for the live agreements overlapping the days
 * from `from` to `to` and their price steps, with the parameters it uses ($1 to $6):
 * - live(id, category, funding, provider_id, start_day, end_day): dates as day numbers;
 * - steps(agreement_id, day, pence, next_day): the agreed price from the start, then each
 *   completed variation, in whole pence; as agreementTerms, a later step on the same day
 *   replaces an earlier one (a variation replaces the agreed price, the later completed one
 *   an earlier one); next_day is the day the next step takes over (null for the last).
 */
export function bookSql(
  organisationId: string,
  from: string,
  to: string,
  filter: CommitmentFilter = {},
): { sql: string; params: SqlParam[] } {
  return {
    sql: `live AS (
      SELECT a.id, a.category, a.funding, a.provider_id, a.start_date - ${EPOCH} AS start_day,
             a.end_date - ${EPOCH} AS end_day, (a.weekly_price * 100)::bigint AS pence
        FROM service_agreements a
       WHERE a.organisation_id = $1 AND a.status = 'active' AND a.start_date <= $3::date
         AND (a.end_date IS NULL OR a.end_date >= $2::date) AND ($4::text IS NULL OR a.category = $4)
         AND ($5::text IS NULL OR a.funding = $5) AND ($6::text IS NULL OR a.provider_id = $6)),
    raw_steps AS (
      SELECT l.id AS agreement_id, l.start_day AS day, l.pence, 0 AS kind, NULL::timestamptz AS at
        FROM live l
      UNION ALL
      SELECT v.agreement_id, v.effective_from - ${EPOCH}, (v.weekly_price * 100)::bigint, 1, v.completed_at
        FROM agreement_variations v JOIN live l ON l.id = v.agreement_id
       WHERE v.organisation_id = $1 AND v.status = 'completed'),
    last_steps AS (
      SELECT DISTINCT ON (agreement_id, day) agreement_id, day, pence
        FROM raw_steps ORDER BY agreement_id, day, kind DESC, at DESC),
    steps AS (
      SELECT agreement_id, day, pence,
             lead(day) OVER (PARTITION BY agreement_id ORDER BY day) AS next_day
        FROM last_steps)`,
    params: [
      organisationId,
      from,
      to,
      filter.category ?? null,
      filter.funding ?? null,
      filter.providerId ?? null,
    ],
  };
}

/**
 * SQL for the days of a step from day $F to day $T (both included) that its agreement covers:
 * the step's own day or F, whichever is later, to the day before the next step, the agreement's
 * end or T, whichever is earliest (LEAST ignores the nulls of "no next step" and "no end").
 */
export const stepDays = (f: string, t: string) =>
  `GREATEST(LEAST(${t}, l.end_day, s.next_day - 1) - GREATEST(${f}, s.day) + 1, 0)`;

/** The engine's periodCost in SQL: pence × days ÷ 7 rounded half up, exactly, in integers. */
export const periodCostSql = (pence: string, days: string) =>
  `((2 * (${pence}) * (${days}) + 7) / 14)`;

type Dimension = 'category' | 'funding' | 'provider_id';

export interface GroupRow {
  /** The column grouped by, or null for the total row. */
  dimension: Dimension | null;
  key: string | null;
  agreements: string | number;
  [sum: string]: string | number | bigint | null;
}

/**
 * SQL that sums the named expressions over the rows of `from` (one row an agreement) by each
 * of `dimensions` and in total, in one pass (GROUPING SETS).
 */
export function groupTotalsSql(
  from: string,
  sums: Record<string, string>,
  dimensions: readonly Dimension[],
): string {
  const which = dimensions.map((d) => `WHEN GROUPING(${d}) = 0 THEN '${d}'`).join(' ');
  const sumsSql = Object.entries(sums)
    .map(([name, expr]) => `COALESCE(sum(${expr}), 0) AS ${name}`)
    .join(', ');
  return `SELECT CASE ${which} END AS dimension, COALESCE(${dimensions.join(', ')}) AS key,
                 count(*) AS agreements, ${sumsSql}
            FROM ${from} GROUP BY GROUPING SETS (${dimensions.map((d) => `(${d})`).join(', ')}, ())`;
}

/** Groups of one dimension summing `sum`, largest first, then by key. */
export function groupsOf(
  rows: readonly GroupRow[],
  dimension: Dimension,
  sum = 'pence',
): CommitmentGroup[] {
  return rows
    .filter((r) => r.dimension === dimension)
    .map((r) => ({ key: r.key ?? '', agreements: Number(r.agreements), pence: Number(r[sum]) }))
    .sort((a, b) => b.pence - a.pence || (a.key < b.key ? -1 : 1))
    .map((g) => ({ key: g.key, agreements: g.agreements, total: penceToPounds(g.pence) }));
}

/** The total row of groupTotalsSql's answer (no rows: no agreements, nothing summed). */
export function totalOf(rows: readonly GroupRow[]): GroupRow {
  return rows.find((r) => r.dimension === null) ?? { dimension: null, key: null, agreements: 0 };
}

export async function commitment(
  q: Queryable,
  organisationId: string,
  year: number,
  filter: CommitmentFilter = {},
): Promise<Commitment> {
  const fy = financialYear(year);
  const book = bookSql(organisationId, fy.start, fy.end, filter);
  const days = stepDays('$7::int', '$8::int');
  const { rows } = await q.query<GroupRow>(
    `WITH ${book.sql},
     per_agreement AS (
       SELECT l.id, l.category, l.funding, l.provider_id, sum(${periodCostSql('s.pence', days)}) AS pence
         FROM live l JOIN steps s ON s.agreement_id = l.id
        GROUP BY l.id, l.category, l.funding, l.provider_id)
     ${groupTotalsSql('per_agreement', { pence: 'pence' }, ['category', 'funding', 'provider_id'])}`,
    [...book.params, dayNumber(fy.start), dayNumber(fy.end)],
  );
  const total = totalOf(rows);
  return {
    year,
    from: fy.start,
    to: fy.end,
    agreements: Number(total.agreements),
    total: penceToPounds(Number(total.pence ?? 0)),
    byCategory: groupsOf(rows, 'category'),
    byFunding: groupsOf(rows, 'funding'),
    byProvider: groupsOf(rows, 'provider_id'),
  };
}
