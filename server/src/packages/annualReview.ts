/**
 * The annual review of every live agreement: a preview of the cost by category and funding
 * stream, then the same review applied as one completed variation per agreement, in one
 * transaction with one audit entry (each variation carries the review's id). Apply names the
 * preview it confirms (agreement count and the year's change); if the agreements changed since,
 * it is refused rather than applying something nobody saw.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable } from '../platform/db/database';
import { conflict } from '../platform/http/errors';
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

export interface ReviewInput {
  effectiveFrom: string;
  rates: ReviewRates;
  reason: string;
  category?: string | undefined;
  funding?: string | undefined;
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
  checkRates(input.rates);
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
  const reviewed: Reviewed[] = live
    .filter((a) => a.startDay < effectiveDay)
    .map((a) => ({
      id: a.id,
      category: a.category,
      funding: a.funding,
      ...reviewAgreementPence(
        a.steps,
        a.endDay,
        effectiveDay,
        yearEndDay,
        rateFor(input.rates, a.category),
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

export async function applyReview(
  db: Database,
  audit: AuditLog,
  principal: Principal,
  input: ReviewInput & { confirm: { agreements: number; change: string } },
): Promise<ReviewPreview & { reviewId: string }> {
  const reviewId = randomUUID();
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
      `SELECT count(*) AS n FROM agreement_variations v JOIN service_agreements a ON a.id = v.agreement_id
        WHERE a.organisation_id = $1 AND v.review_id IS NOT NULL AND v.effective_from = $2::date
          AND v.status = 'completed'`,
      [principal.organisationId, input.effectiveFrom],
    );
    if (Number(done[0]?.n ?? 0) > 0)
      throw conflict(`a review from ${input.effectiveFrom} has been applied already`, [
        'effectiveFrom',
      ]);
    const now = new Date().toISOString();
    // One statement for every agreement: the rows travel as one JSON document.
    await tx.query(
      `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
         status, review_id, requested_by, requested_at, approved_by, approved_at, completed_at)
       SELECT gen_random_uuid()::text, $2, x.agreement_id, $3::date, x.weekly_price, $4, 'completed', $5, $6, $7::timestamptz, $6,
              $7::timestamptz, $7::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(agreement_id text, weekly_price numeric)`,
      [
        JSON.stringify(
          reviewed.map((r) => ({ agreement_id: r.id, weekly_price: penceToPounds(r.afterPence) })),
        ),
        principal.organisationId,
        input.effectiveFrom,
        input.reason,
        reviewId,
        principal.userId,
        now,
      ],
    );
    await audit.record(tx, actorOf(principal), {
      action: 'annual-review.apply',
      entityType: 'annual-review',
      entityId: reviewId,
      after: { ...preview, rates: input.rates, reason: input.reason },
    });
    return { ...preview, reviewId };
  });
}
