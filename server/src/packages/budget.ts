/**
 * Budget: what live agreements commit for a financial year, by category, funding stream and
 * provider. Live means active (accepted by the provider). Each agreement's commitment is the
 * engine's year cost over its agreed price and completed variations, in whole pence
 * (costOfDaysPence: the same pennies as yearCommitment, property-tested), so a book of 50,000
 * agreements sums exactly and quickly; the groups and the total are sums of those pence.
 */
import type { Queryable } from '../platform/db/database';
import { dayNumber } from '../../../shared/src/dates';
import { penceToPounds } from '../../../shared/src/money';
import {
  costOfDaysPence,
  financialYear,
  type PenceStep,
} from '../../../shared/src/serviceReceipts';

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

export interface LiveAgreement {
  id: string;
  category: string;
  funding: string;
  providerId: string;
  startDay: number;
  endDay: number | null;
  /** The agreed price from the start, then each completed variation, by day. */
  steps: PenceStep[];
}

interface LiveRow {
  id: string;
  category: string;
  funding: string;
  provider_id: string;
  start_day: number;
  end_day: number | null;
  pence: string | number | bigint;
}

const EPOCH = "DATE '1970-01-01'";

/**
 * The live agreements overlapping the days from `from` to `to`, with their completed
 * variations: two queries, dates as day numbers and prices as whole pence straight from SQL.
 */
export async function liveAgreements(
  q: Queryable,
  organisationId: string,
  from: string,
  to: string,
  filter: CommitmentFilter = {},
): Promise<LiveAgreement[]> {
  const params = [
    organisationId,
    from,
    to,
    filter.category ?? null,
    filter.funding ?? null,
    filter.providerId ?? null,
  ];
  const where = `a.organisation_id = $1 AND a.status = 'active' AND a.start_date <= $3::date
    AND (a.end_date IS NULL OR a.end_date >= $2::date) AND ($4::text IS NULL OR a.category = $4)
    AND ($5::text IS NULL OR a.funding = $5) AND ($6::text IS NULL OR a.provider_id = $6)`;
  const { rows } = await q.query<LiveRow>(
    `SELECT a.id, a.category, a.funding, a.provider_id, a.start_date - ${EPOCH} AS start_day,
       a.end_date - ${EPOCH} AS end_day, (a.weekly_price * 100)::bigint AS pence
       FROM service_agreements a WHERE ${where} ORDER BY a.id`,
    params,
  );
  // Every completed variation of the organisation in one plain scan (no join): only those of
  // the live agreements found above are used.
  const { rows: vs } = await q.query<{
    agreement_id: string;
    day: number;
    pence: string | number | bigint;
  }>(
    `SELECT agreement_id, effective_from - ${EPOCH} AS day, (weekly_price * 100)::bigint AS pence
       FROM agreement_variations WHERE organisation_id = $1 AND status = 'completed'
      ORDER BY agreement_id, effective_from, completed_at`,
    [organisationId],
  );
  const variations = new Map<string, PenceStep[]>();
  for (const v of vs) {
    const list = variations.get(v.agreement_id) ?? [];
    list.push({ fromDay: Number(v.day), weeklyPence: Number(v.pence) });
    variations.set(v.agreement_id, list);
  }
  return rows.map((r) => {
    const startDay = Number(r.start_day);
    // As agreementTerms: a later step on the same day replaces an earlier one.
    const byDay = new Map<number, number>([[startDay, Number(r.pence)]]);
    for (const v of variations.get(r.id) ?? []) byDay.set(v.fromDay, v.weeklyPence);
    return {
      id: r.id,
      category: r.category,
      funding: r.funding,
      providerId: r.provider_id,
      startDay,
      endDay: r.end_day === null ? null : Number(r.end_day),
      steps: [...byDay]
        .map(([fromDay, weeklyPence]) => ({ fromDay, weeklyPence }))
        .sort((a, b) => a.fromDay - b.fromDay),
    };
  });
}

/** Sum pence into groups by key, largest first, then by key. */
export function grouped(items: Array<{ key: string; pence: number }>): CommitmentGroup[] {
  const groups = new Map<string, { agreements: number; pence: number }>();
  for (const { key, pence } of items) {
    const g = groups.get(key) ?? { agreements: 0, pence: 0 };
    g.agreements += 1;
    g.pence += pence;
    groups.set(key, g);
  }
  return [...groups]
    .map(([key, g]) => ({ key, ...g }))
    .sort((a, b) => b.pence - a.pence || (a.key < b.key ? -1 : 1))
    .map((g) => ({ key: g.key, agreements: g.agreements, total: penceToPounds(g.pence) }));
}

export async function commitment(
  q: Queryable,
  organisationId: string,
  year: number,
  filter: CommitmentFilter = {},
): Promise<Commitment> {
  const fy = financialYear(year);
  const live = await liveAgreements(q, organisationId, fy.start, fy.end, filter);
  const fromDay = dayNumber(fy.start);
  const toDay = dayNumber(fy.end);
  const figures = live.map((a) => ({
    ...a,
    pence: costOfDaysPence(a.steps, a.endDay, fromDay, toDay),
  }));
  const total = figures.reduce((sum, f) => sum + f.pence, 0);
  return {
    year,
    from: fy.start,
    to: fy.end,
    agreements: figures.length,
    total: penceToPounds(total),
    byCategory: grouped(figures.map((f) => ({ key: f.category, pence: f.pence }))),
    byFunding: grouped(figures.map((f) => ({ key: f.funding, pence: f.pence }))),
    byProvider: grouped(figures.map((f) => ({ key: f.providerId, pence: f.pence }))),
  };
}
