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
import type { Database, Queryable } from '../platform/db/database';
import { conflict, HttpError } from '../platform/http/errors';
import { checkCancelled, type ReportProgress } from '../platform/http/progress';
import type { AppContext } from '../context';
import type { ReviewRequest } from '../../../shared/src/contract/packages';
import { addDays, dayNumber, financialYearStart } from '../../../shared/src/dates';
import { Decimal, penceToPounds } from '../../../shared/src/money';
import {
  checkRates,
  rateFor,
  reviewAgreementPence,
  type ReviewRates,
} from '../../../shared/src/annualReview';
import { grouped, liveAgreements, type CommitmentGroup } from './budget';
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

interface Reviewed {
  id: string;
  category: string;
  funding: string;
  afterPence: number;
  yearBefore: number;
  yearAfter: number;
}

async function reviewAll(q: Queryable, organisationId: string, input: ReviewInput) {
  checkRates({ default: input.rates.default ?? '0', byCategory: input.rates.byCategory });
  const yearEnd = addDays(
    `${Number(financialYearStart(input.effectiveFrom).slice(0, 4)) + 1}-04-01`,
    -1,
  );
  const effectiveDay = dayNumber(input.effectiveFrom);
  const yearEndDay = dayNumber(yearEnd);
  const live = await liveAgreements(q, organisationId, input.effectiveFrom, input.effectiveFrom, {
    category: input.category,
    funding: input.funding,
  });
  // Agreements that start on or after the review date are priced at the new rates already.
  const due = live.filter((a) => a.startDay < effectiveDay);
  if (input.rates.default === undefined) {
    const unrated = [...new Set(due.map((a) => a.category))]
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
  const rates: ReviewRates = {
    default: input.rates.default ?? '0',
    ...(input.rates.byCategory ? { byCategory: input.rates.byCategory } : {}),
  };
  const reviewed: Reviewed[] = due.map((a) => ({
    id: a.id,
    category: a.category,
    funding: a.funding,
    ...reviewAgreementPence(
      a.steps,
      a.endDay,
      effectiveDay,
      yearEndDay,
      rateFor(rates, a.category),
    ),
  }));
  const sum = (pick: (r: Reviewed) => number) =>
    penceToPounds(reviewed.reduce((t, r) => t + pick(r), 0));
  const change = (r: Reviewed) => r.yearAfter - r.yearBefore;
  const preview: ReviewPreview = {
    effectiveFrom: input.effectiveFrom,
    yearEnd,
    agreements: reviewed.length,
    yearBefore: sum((r) => r.yearBefore),
    yearAfter: sum((r) => r.yearAfter),
    change: sum(change),
    byCategory: grouped(reviewed.map((r) => ({ key: r.category, pence: change(r) }))),
    byFunding: grouped(reviewed.map((r) => ({ key: r.funding, pence: change(r) }))),
    source: {
      kind: input.source?.kind ?? 'rates',
      from: input.source?.from ?? null,
      to: input.source?.to ?? null,
      scenarioId: input.source?.scenarioId ?? null,
      rates: { default: input.rates.default ?? null, byCategory: input.rates.byCategory ?? {} },
      unpricedCategories: input.source?.unpricedCategories ?? [],
    },
  };
  return { reviewed, preview };
}

export async function previewReview(
  q: Queryable,
  organisationId: string,
  input: ReviewInput,
): Promise<ReviewPreview> {
  return (await reviewAll(q, organisationId, input)).preview;
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
    const { reviewed, preview } = await reviewAll(tx, principal.organisationId, input);
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
    for (let at = 0; at < reviewed.length; at += BATCH) {
      checkCancelled(options.signal, what);
      report({ phase: 'writing', done: at, total: reviewed.length });
      // One statement a batch: the rows travel as one JSON document.
      await tx.query(
        `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
           status, review_id, requested_by, requested_at, approved_by, approved_at, completed_at)
         SELECT gen_random_uuid()::text, $2, x.agreement_id, $3::date, x.weekly_price, $4, 'completed', $5, $6, $7::timestamptz, $6,
                $7::timestamptz, $7::timestamptz
           FROM jsonb_to_recordset($1::jsonb) AS x(agreement_id text, weekly_price numeric)`,
        [
          JSON.stringify(
            reviewed
              .slice(at, at + BATCH)
              .map((r) => ({ agreement_id: r.id, weekly_price: penceToPounds(r.afterPence) })),
          ),
          principal.organisationId,
          input.effectiveFrom,
          input.reason,
          reviewId,
          principal.userId,
          now,
        ],
      );
    }
    checkCancelled(options.signal, what);
    report({ phase: 'writing', done: reviewed.length, total: reviewed.length });
    await audit.record(tx, actorOf(principal), {
      action: 'annual-review.apply',
      entityType: 'annual-review',
      entityId: reviewId,
      after: { ...preview, rates: input.rates, reason: input.reason },
    });
    return { ...preview, reviewId };
  });
}
