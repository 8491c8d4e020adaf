/**
 * The annual review of every live agreement: a preview of the cost by category and funding
 * stream, then the same review applied as one completed variation per agreement, in one
 * transaction with one audit entry (each variation carries the review's id). Apply names the
 * preview it confirms (agreement count and the year's change); if the agreements changed since,
 * it is refused rather than applying something nobody saw. The rates are typed in (a price
 * review), or come from an approved uplifted card or a scenario (./reviewSources.ts). Applying
 * reports progress and stops, writing nothing, when cancelled (platform/http/progress.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable, SqlParam } from '../platform/db/database';
import { conflict, HttpError } from '../platform/http/errors';
import { checkCancelled, type ReportProgress } from '../platform/http/progress';
import type { AppContext } from '../context';
import type { ReviewRequest } from '../../../shared/src/contract/packages';
import { addDays, dayNumber, financialYearStart } from '../../../shared/src/dates';
import { Decimal, penceToPounds, toRate } from '../../../shared/src/money';
import { checkRates, type ReviewRates } from '../../../shared/src/annualReview';
import {
  bookSql,
  groupsOf,
  groupTotalsSql,
  periodCostSql,
  stepDays,
  totalOf,
  type CommitmentGroup,
  type GroupRow,
} from './budget';
import { lockPackageBook } from './locks';
import { reviewFromCard, reviewFromScenario, type ReviewSource } from './reviewSources';

export interface ReviewInput {
  effectiveFrom: string;
  /** default: for every category not named (none: every live agreement's category must be). */
  rates: { default?: string | undefined; byCategory?: Record<string, string> | undefined };
  reason: string;
  category?: string | undefined;
  funding?: string | undefined;
  source?: ReviewSource | undefined;
}

export interface ReviewPreview {
  effectiveFrom: string;
  /** The rest of the financial year the change is counted over. */
  yearEnd: string;
  agreements: number;
  yearBefore: string;
  yearAfter: string;
  change: string;
  byCategory: CommitmentGroup[];
  byFunding: CommitmentGroup[];
  source: {
    kind: ReviewSource['kind'];
    from: ReviewSource['from'];
    to: ReviewSource['to'];
    scenarioId: string | null;
    rates: { default: string | null; byCategory: Record<string, string> };
    unpricedCategories: string[];
  };
}

/** The review a request asks for: its rates typed in, or from a card or a scenario. */
export async function resolveReview(
  ctx: AppContext,
  organisationId: string,
  request: ReviewRequest,
): Promise<ReviewInput> {
  const source = request.card
    ? await reviewFromCard(ctx, organisationId, request.card)
    : request.scenario
      ? await reviewFromScenario(ctx, organisationId, request.scenario)
      : undefined;
  return {
    effectiveFrom: request.effectiveFrom ?? source!.effectiveFrom!,
    rates: {
      default: request.rates?.default,
      byCategory: { ...source?.byCategory, ...request.rates?.byCategory },
    },
    reason: request.reason,
    category: request.category,
    funding: request.funding,
    source,
  };
}

/**
 * SQL for the reviewed agreements, one row each (id, category, funding, after_pence,
 * year_before, year_after): every agreement live on the review date that started before it
 * (one starting on or after it is priced at the new rates already). As the engine's
 * reviewAgreement, in whole pence: the price in force on the review date (the step from on
 * or before it that no later step has replaced by then) × (1 + the category's rate) rounded
 * once to pence half up (ROUND on numeric: halves away from zero, prices are never negative)
 * becomes the price from that date; the rest of the financial year is costed with and without
 * it, each price in force rounded once (budget.ts). Parameters: bookSql's, then $7 the review
 * day, $8 the year's last day, $9 the rates by category (JSON), $10 the default rate.
 */
function reviewedSql(organisationId: string, input: ReviewInput, rates: ReviewRates) {
  const book = bookSql(organisationId, input.effectiveFrom, input.effectiveFrom, {
    category: input.category,
    funding: input.funding,
  });
  const yearEnd = addDays(
    `${Number(financialYearStart(input.effectiveFrom).slice(0, 4)) + 1}-04-01`,
    -1,
  );
  const days = stepDays('$7::int', '$8::int');
  // Exact decimals, never exponent notation, for SQL's numeric.
  const byCategory = Object.fromEntries(
    Object.entries(rates.byCategory ?? {}).map(([c, r]) => [c, toRate(r, 'rate').toFixed()]),
  );
  return {
    yearEnd,
    sql: `WITH ${book.sql},
      reviewed AS (
        SELECT l.id, l.category, l.funding,
               max(x.after_pence) FILTER (WHERE x.in_force) AS after_pence,
               sum(${periodCostSql('s.pence', days)}) AS year_before,
               sum(${periodCostSql('CASE WHEN x.in_force THEN x.after_pence ELSE s.pence END', days)}) AS year_after
          FROM live l JOIN steps s ON s.agreement_id = l.id
         CROSS JOIN LATERAL (
           SELECT s.day <= $7::int AND (s.next_day IS NULL OR s.next_day > $7::int) AS in_force,
                  round(s.pence * (1 + COALESCE(($9::jsonb ->> l.category)::numeric, $10::numeric)))::bigint
                    AS after_pence) x
         WHERE l.start_day < $7::int
         GROUP BY l.id, l.category, l.funding)`,
    params: [
      ...book.params,
      dayNumber(input.effectiveFrom),
      dayNumber(yearEnd),
      JSON.stringify(byCategory),
      toRate(rates.default, 'rate').toFixed(),
    ],
  };
}

/** The preview of a review from the sums of `from` (reviewed rows: a CTE or a table). */
async function previewOf(
  q: Queryable,
  input: ReviewInput,
  yearEnd: string,
  withSql: string,
  from: string,
  params: readonly SqlParam[],
): Promise<ReviewPreview> {
  const { rows } = await q.query<GroupRow>(
    `${withSql} ${groupTotalsSql(
      from,
      { year_before: 'year_before', year_after: 'year_after', change: 'year_after - year_before' },
      ['category', 'funding'],
    )}`,
    params,
  );
  const total = totalOf(rows);
  const byCategory = groupsOf(rows, 'category', 'change');
  if (input.rates.default === undefined) {
    const unrated = byCategory
      .map((g) => g.key)
      .filter((c) => input.rates.byCategory?.[c] === undefined)
      .sort();
    if (unrated.length)
      throw new HttpError(
        422,
        'NOT_ALLOWED',
        `no rate for the live agreements in ${unrated.join(', ')}${
          input.source?.unpricedCategories.length
            ? ` (the card's bands in ${input.source.unpricedCategories.join(', ')} change by different amounts, and agreements do not record their band)`
            : ''
        }: give rates.default for them, or review one category at a time`,
        ['rates', 'default'],
      );
  }
  const pounds = (name: string) => penceToPounds(Number(total[name] ?? 0));
  return {
    effectiveFrom: input.effectiveFrom,
    yearEnd,
    agreements: Number(total.agreements),
    yearBefore: pounds('year_before'),
    yearAfter: pounds('year_after'),
    change: pounds('change'),
    byCategory,
    byFunding: groupsOf(rows, 'funding', 'change'),
    source: {
      kind: input.source?.kind ?? 'rates',
      from: input.source?.from ?? null,
      to: input.source?.to ?? null,
      scenarioId: input.source?.scenarioId ?? null,
      rates: { default: input.rates.default ?? null, byCategory: input.rates.byCategory ?? {} },
      unpricedCategories: input.source?.unpricedCategories ?? [],
    },
  };
}

function ratesOf(input: ReviewInput): ReviewRates {
  checkRates({ default: input.rates.default ?? '0', byCategory: input.rates.byCategory });
  return {
    default: input.rates.default ?? '0',
    ...(input.rates.byCategory ? { byCategory: input.rates.byCategory } : {}),
  };
}

export async function previewReview(
  q: Queryable,
  organisationId: string,
  input: ReviewInput,
): Promise<ReviewPreview> {
  const reviewed = reviewedSql(organisationId, input, ratesOf(input));
  return previewOf(q, input, reviewed.yearEnd, reviewed.sql, 'reviewed', reviewed.params);
}

/** Variations written a statement at a time, with progress and a cancellation check between. */
const BATCH = 5000;

export async function applyReview(
  db: Database,
  audit: AuditLog,
  principal: Principal,
  input: ReviewInput & { confirm: { agreements: number; change: string } },
  options: { signal?: AbortSignal; onProgress?: ReportProgress } = {},
): Promise<ReviewPreview & { reviewId: string }> {
  const reviewId = randomUUID();
  const what = 'the annual review';
  const report = options.onProgress ?? (() => undefined);
  return db.transaction(async (tx) => {
    await lockPackageBook(tx, principal.organisationId);
    // The reviewed rows stay in the database (a temporary table, gone at the end of the
    // transaction): the preview is summed from them and the variations written from them.
    const reviewed = reviewedSql(principal.organisationId, input, ratesOf(input));
    await tx.query(
      `CREATE TEMPORARY TABLE annual_review_rows (n int PRIMARY KEY, id text, category text,
         funding text, after_pence bigint, year_before bigint, year_after bigint) ON COMMIT DROP`,
    );
    await tx.query(
      `${reviewed.sql}
       INSERT INTO annual_review_rows
       SELECT row_number() OVER (ORDER BY id), id, category, funding, after_pence, year_before, year_after
         FROM reviewed`,
      reviewed.params,
    );
    const preview = await previewOf(tx, input, reviewed.yearEnd, '', 'annual_review_rows', []);
    if (
      preview.agreements !== input.confirm.agreements ||
      !new Decimal(preview.change).eq(input.confirm.change)
    ) {
      throw conflict(
        `the agreements changed since the preview: now ${preview.agreements} agreements adding ${preview.change}, not ${input.confirm.agreements} adding ${input.confirm.change}; preview again`,
        ['confirm'],
      );
    }
    const { rows: done } = await tx.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM agreement_variations
        WHERE organisation_id = $1 AND review_id IS NOT NULL AND effective_from = $2::date
          AND status = 'completed'`,
      [principal.organisationId, input.effectiveFrom],
    );
    if (Number(done[0]?.n ?? 0) > 0)
      throw conflict(`a review from ${input.effectiveFrom} has been applied already`, [
        'effectiveFrom',
      ]);
    const now = new Date().toISOString();
    const total = preview.agreements;
    for (let at = 0; at < total; at += BATCH) {
      checkCancelled(options.signal, what);
      report({ phase: 'writing', done: at, total });
      await tx.query(
        `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
           status, review_id, requested_by, requested_at, approved_by, approved_at, completed_at)
         SELECT gen_random_uuid()::text, $1, r.id, $2::date, r.after_pence / 100.0, $3, 'completed', $4, $5,
                $6::timestamptz, $5, $6::timestamptz, $6::timestamptz
           FROM annual_review_rows r WHERE r.n > $7 AND r.n <= $8`,
        [
          principal.organisationId,
          input.effectiveFrom,
          input.reason,
          reviewId,
          principal.userId,
          now,
          at,
          at + BATCH,
        ],
      );
    }
    checkCancelled(options.signal, what);
    report({ phase: 'writing', done: total, total });
    await audit.record(tx, actorOf(principal), {
      action: 'annual-review.apply',
      entityType: 'annual-review',
      entityId: reviewId,
      after: { ...preview, rates: input.rates, reason: input.reason },
    });
    return { ...preview, reviewId };
  });
}
