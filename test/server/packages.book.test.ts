/**
 * The commitment and the annual review are worked out inside the database in whole pence
 * (server/src/packages/budget.ts, annualReview.ts). Property: on varied agreements (open-ended
 * or ending, variations on the start day, on the same day twice, rejected ones, declined
 * agreements) they give exactly the engine's figures, penny for penny: yearCommitment and
 * reviewAgreement over agreementTerms, summed with decimal.js.
 */
import fc from 'fast-check';
import { commitment } from '../../server/src/packages/budget';
import { previewReview } from '../../server/src/packages/annualReview';
import { agreementTerms } from '../../server/src/packages/repository';
import { addDays } from '../../shared/src/dates';
import { Decimal, formatPounds, penceToPounds } from '../../shared/src/money';
import { rateFor, reviewAgreement } from '../../shared/src/annualReview';
import { yearCommitment } from '../../shared/src/serviceReceipts';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

const CATEGORIES = ['older-residential', 'older-nursing', 'dementia'] as const;
const FUNDING = ['council', 'chc', 'joint'] as const;

const variationArb = fc.record({
  // Small offsets often: the start day itself, and two variations on one day.
  offset: fc.oneof(fc.constantFrom(0, 1, 7), fc.integer({ min: 0, max: 800 })),
  pence: fc.integer({ min: 0, max: 300_000 }),
  completed: fc.boolean(),
});

const agreementArb = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  funding: fc.constantFrom(...FUNDING),
  provider: fc.constantFrom('p1', 'p2', 'p3'),
  startOffset: fc.integer({ min: 0, max: 1000 }),
  length: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
  pence: fc.integer({ min: 0, max: 300_000 }),
  active: fc.boolean(),
  variations: fc.array(variationArb, { maxLength: 4 }),
});

type Generated = typeof agreementArb extends fc.Arbitrary<infer T> ? T : never;

const RATES = { default: '0.031', byCategory: { 'older-nursing': '0.0455', dementia: '-0.0125' } };

describeEachDatabase('commitment and review in SQL equal the engine', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  }, 60_000);
  afterAll(() => s.close());

  async function seed(agreements: Generated[]) {
    const db = s.ctx.db;
    await db.query('DELETE FROM agreement_variations WHERE organisation_id = $1', [s.orgId]);
    await db.query('DELETE FROM service_agreements WHERE organisation_id = $1', [s.orgId]);
    const live: Array<{ a: Generated; terms: ReturnType<typeof agreementTerms> }> = [];
    for (const [i, a] of agreements.entries()) {
      const start = addDays('2024-01-01', a.startOffset);
      const end = a.length === null ? null : addDays(start, a.length);
      const id = `book-${i}`;
      await db.query(
        `INSERT INTO service_agreements (id, organisation_id, provider_id, person_reference, category, funding,
           start_date, end_date, weekly_price, price_provenance, funding_split, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9::numeric, '{}'::jsonb, '{}'::jsonb, $10, 'test')`,
        [
          id,
          s.orgId,
          a.provider,
          `P-${i}`,
          a.category,
          a.funding,
          start,
          end,
          penceToPounds(a.pence),
          a.active ? 'active' : 'declined',
        ],
      );
      const completed: Array<{ effectiveFrom: string; weeklyPrice: string }> = [];
      for (const [j, v] of a.variations.entries()) {
        const effectiveFrom = addDays(start, v.offset);
        // Completed in order: a later one on the same day replaces an earlier one.
        await db.query(
          `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price,
             reason, status, requested_by, completed_at)
           VALUES ($1, $2, $3, $4::date, $5::numeric, 'test', $6, 'test', $7::timestamptz)`,
          [
            `${id}-v${j}`,
            s.orgId,
            id,
            effectiveFrom,
            penceToPounds(v.pence),
            v.completed ? 'completed' : 'rejected',
            v.completed ? `2025-01-01T00:00:${String(j).padStart(2, '0')}Z` : null,
          ],
        );
        if (v.completed) completed.push({ effectiveFrom, weeklyPrice: penceToPounds(v.pence) });
      }
      if (a.active)
        live.push({
          a,
          terms: agreementTerms(
            { startDate: start, endDate: end, weeklyPrice: penceToPounds(a.pence) },
            completed,
          ),
        });
    }
    return live;
  }

  const sumBy = (items: Array<{ key: string; amount: string }>) => {
    const m = new Map<string, Decimal>();
    for (const { key, amount } of items) m.set(key, (m.get(key) ?? new Decimal(0)).plus(amount));
    return Object.fromEntries([...m].map(([k, v]) => [k, formatPounds(v)]));
  };

  test('the year’s commitment (2025/26) and a review from 1 April 2025, to the penny', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(agreementArb, { minLength: 1, maxLength: 12 }), async (book) => {
        const live = await seed(book);

        const inYear = live.filter(
          (l) =>
            l.terms.start <= '2026-03-31' && (l.terms.end === null || l.terms.end >= '2025-04-01'),
        );
        const costs = inYear.map((l) => ({ l, total: yearCommitment(l.terms, 2025).total }));
        const got = await commitment(s.ctx.db, s.orgId, 2025);
        expect(got.agreements).toBe(inYear.length);
        expect(got.total).toBe(
          sumBy(costs.map((c) => ({ key: 'all', amount: c.total }))).all ?? '0.00',
        );
        expect(Object.fromEntries(got.byCategory.map((g) => [g.key, g.total]))).toEqual(
          sumBy(costs.map((c) => ({ key: c.l.a.category, amount: c.total }))),
        );
        expect(Object.fromEntries(got.byProvider.map((g) => [g.key, g.total]))).toEqual(
          sumBy(costs.map((c) => ({ key: c.l.a.provider, amount: c.total }))),
        );

        const due = live.filter(
          (l) =>
            l.terms.start < '2025-04-01' && (l.terms.end === null || l.terms.end >= '2025-04-01'),
        );
        const reviews = due.map((l) => ({
          l,
          r: reviewAgreement(l.terms, '2025-04-01', rateFor(RATES, l.a.category)),
        }));
        const preview = await previewReview(s.ctx.db, s.orgId, {
          effectiveFrom: '2025-04-01',
          rates: RATES,
          reason: 'property',
        });
        const all = (pick: (r: (typeof reviews)[number]['r']) => string) =>
          sumBy(reviews.map(({ r }) => ({ key: 'all', amount: pick(r) }))).all ?? '0.00';
        expect(preview.agreements).toBe(due.length);
        expect(preview.yearBefore).toBe(all((r) => r.yearBefore));
        expect(preview.yearAfter).toBe(all((r) => r.yearAfter));
        expect(preview.change).toBe(all((r) => r.change));
        expect(Object.fromEntries(preview.byFunding.map((g) => [g.key, g.total]))).toEqual(
          sumBy(reviews.map(({ l, r }) => ({ key: l.a.funding, amount: r.change }))),
        );
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});
