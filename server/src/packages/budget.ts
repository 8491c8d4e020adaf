/**
 * Budget: what live agreements commit for a financial year, by category, funding stream and
 * provider. Live means active (accepted by the provider). Each agreement's commitment is the
 * engine's yearCommitment over its agreed price and completed variations; the groups and the
 * total are sums of those pence-exact figures.
 */
import type { Queryable } from '../platform/db/database';
import { Decimal, formatPounds } from '../../../shared/src/money';
import { financialYear, yearCommitment } from '../../../shared/src/serviceReceipts';
import { agreementTerms } from './repository';

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

interface LiveRow {
  id: string;
  category: string;
  funding: string;
  provider_id: string;
  start_date: string;
  end_date: string | null;
  weekly_price: string;
}

/** The live agreements overlapping a year, with their completed variations (two queries). */
export async function liveAgreementTerms(
  q: Queryable,
  organisationId: string,
  from: string,
  to: string,
  filter: CommitmentFilter = {},
) {
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
    `SELECT a.id, a.category, a.funding, a.provider_id, to_char(a.start_date, 'YYYY-MM-DD') AS start_date,
       to_char(a.end_date, 'YYYY-MM-DD') AS end_date, a.weekly_price::text AS weekly_price
       FROM service_agreements a WHERE ${where} ORDER BY a.id`,
    params,
  );
  const { rows: vs } = await q.query<{
    agreement_id: string;
    effective_from: string;
    weekly_price: string;
  }>(
    `SELECT v.agreement_id, to_char(v.effective_from, 'YYYY-MM-DD') AS effective_from, v.weekly_price::text AS weekly_price
       FROM agreement_variations v JOIN service_agreements a ON a.id = v.agreement_id
      WHERE ${where} AND v.status = 'completed' ORDER BY v.agreement_id, v.effective_from, v.completed_at`,
    params,
  );
  const byAgreement = new Map<string, Array<{ effectiveFrom: string; weeklyPrice: string }>>();
  for (const v of vs) {
    const list = byAgreement.get(v.agreement_id) ?? [];
    list.push({ effectiveFrom: v.effective_from, weeklyPrice: v.weekly_price });
    byAgreement.set(v.agreement_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    funding: r.funding,
    providerId: r.provider_id,
    terms: agreementTerms(
      { startDate: r.start_date, endDate: r.end_date, weeklyPrice: r.weekly_price },
      byAgreement.get(r.id) ?? [],
    ),
  }));
}

/** Sum figures into groups by key, largest first, then by key. */
export function grouped(items: Array<{ key: string; amount: Decimal }>): CommitmentGroup[] {
  const groups = new Map<string, { agreements: number; total: Decimal }>();
  for (const { key, amount } of items) {
    const g = groups.get(key) ?? { agreements: 0, total: new Decimal(0) };
    g.agreements += 1;
    g.total = g.total.plus(amount);
    groups.set(key, g);
  }
  return [...groups]
    .map(([key, g]) => ({ key, agreements: g.agreements, total: g.total }))
    .sort((a, b) => b.total.comparedTo(a.total) || (a.key < b.key ? -1 : 1))
    .map((g) => ({ key: g.key, agreements: g.agreements, total: formatPounds(g.total) }));
}

export async function commitment(
  q: Queryable,
  organisationId: string,
  year: number,
  filter: CommitmentFilter = {},
): Promise<Commitment> {
  const fy = financialYear(year);
  const live = await liveAgreementTerms(q, organisationId, fy.start, fy.end, filter);
  const figures = live.map((a) => ({
    ...a,
    amount: new Decimal(yearCommitment(a.terms, year).total),
  }));
  const total = figures.reduce((sum, f) => sum.plus(f.amount), new Decimal(0));
  return {
    year,
    from: fy.start,
    to: fy.end,
    agreements: figures.length,
    total: formatPounds(total),
    byCategory: grouped(figures.map((f) => ({ key: f.category, amount: f.amount }))),
    byFunding: grouped(figures.map((f) => ({ key: f.funding, amount: f.amount }))),
    byProvider: grouped(figures.map((f) => ({ key: f.providerId, amount: f.amount }))),
  };
}
