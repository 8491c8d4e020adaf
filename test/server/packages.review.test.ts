/**
 * The annual review from an approved uplifted rate card, and the cost of a scenario out for
 * consultation on the live agreements (Birmingham: prices "reviewed on an annual basis",
 * increases from 1 April). Every figure to the penny; applying streams progress and a
 * cancelled review writes nothing.
 */
import request from 'supertest';
import { applyReview, resolveReview } from '../../server/src/packages/annualReview';
import { BIRMINGHAM_2024, approvedCard } from './calculate.fixtures';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

const CARD = BIRMINGHAM_2024.id;
// The card's fee for older-residential goes from 348.43 + 231.60 = 580.03 to
// 359.23 (hotel × 1.031) + 247.12 (care × 1.067) = 606.35: this exact ratio, less one.
const OLDER_RATE = '0.045376963260521007534093064151854214437';

const PLACEMENTS = [
  'placement_id,person_reference,provider,category,funding,start_date,weekly_price',
  'R-1,P-1,1-201,older-residential,council,2024-06-03,580.03',
  'R-2,P-2,1-201,older-residential,chc,2024-09-02,700.00',
  'R-3,P-3,1-201,learning-disability,council,2024-05-06,1000.00',
].join('\n');

describeEachDatabase('annual review from an approved card, and a scenario’s cost', (driver) => {
  let s: TestService;
  let scenarioId: string;

  beforeAll(async () => {
    s = await startTestService({ driver });
    const editor = s.users.editor.principal;
    const p = await s.ctx.providers.createProvider(editor, { name: 'Birch House' });
    await s.ctx.providers.addLocation(editor, p.id, {
      name: 'Birch House',
      cqcLocationId: '1-201',
      serviceType: 'residential',
    });
    await approvedCard(s, { ...BIRMINGHAM_2024, effectiveTo: undefined });
    // The 2025 uplift: CPIH 3.1% on the hotel cost, NLW 6.7% on the care cost (a draft v2).
    const uplift = await request(s.app)
      .post(`/api/v1/rate-cards/${CARD}/versions/1/uplift`)
      .set('Authorization', s.auth('editor'))
      .send({ reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' });
    expect(uplift.status).toBe(201);
    const imported = await request(s.app)
      .post('/api/v1/agreements/import')
      .set('Authorization', s.auth('approver'))
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(PLACEMENTS));
    expect(imported.status).toBe(201);
    const scenario = await request(s.app)
      .post('/api/v1/scenarios')
      .set('Authorization', s.auth('editor'))
      .send({
        title: 'Uplift 2025',
        baseCard: { id: CARD, version: 1 },
        proposed: { uplift: { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' } },
        opensAt: '2025-01-01T00:00:00Z',
        closesAt: '2030-01-01T00:00:00Z',
      });
    expect(scenario.status).toBe(201);
    scenarioId = scenario.body.id ?? scenario.body.scenario.id;
  }, 120_000);
  afterAll(() => s.close());

  const preview = (body: Record<string, unknown>) =>
    request(s.app)
      .post('/api/v1/annual-review/preview')
      .set('Authorization', s.auth('viewer'))
      .send(body);

  // Rest of 2025/26 (365 days), each agreement rounded once: 580.03 → 606.35 adds
  // 31,616.82 − 30,244.42 = 1,372.40; 700.00 → 731.76 adds 38,156.06 − 36,500.00 = 1,656.06;
  // learning disability at the default 3%: 1,000.00 → 1,030.00 adds 53,707.14 − 52,142.86 = 1,564.28.
  const EXPECTED = {
    effectiveFrom: '2025-04-01',
    yearEnd: '2026-03-31',
    agreements: 3,
    yearBefore: '118887.28',
    yearAfter: '123480.02',
    change: '4592.74',
    byCategory: [
      { key: 'older-residential', agreements: 2, total: '3028.46' },
      { key: 'learning-disability', agreements: 1, total: '1564.28' },
    ],
    byFunding: [
      { key: 'council', agreements: 2, total: '2936.68' },
      { key: 'chc', agreements: 1, total: '1656.06' },
    ],
  };

  test('a scenario out for consultation shows its cost on the live agreements', async () => {
    const cost = await preview({ scenario: scenarioId, rates: { default: '0.03' } });
    expect(cost.status).toBe(200);
    expect(cost.body).toMatchObject(EXPECTED);
    expect(cost.body.source).toEqual({
      kind: 'scenario',
      from: { id: CARD, version: 1 },
      to: { id: CARD, version: null },
      scenarioId,
      rates: { default: '0.03', byCategory: { 'older-residential': OLDER_RATE } },
      // Band 1 goes 648.43 → 679.33, band 2 760.78 → 799.21: not one ratio.
      unpricedCategories: ['learning-disability'],
    });
    // Never applied: a scenario is a proposal.
    const apply = await request(s.app)
      .post('/api/v1/annual-review/apply')
      .set('Authorization', s.auth('approver'))
      .send({ scenario: scenarioId, confirm: { agreements: 3, change: '4592.74' } });
    expect(apply.status).toBe(400);
    expect(apply.body.error.path).toEqual(['scenario']);
  });

  test('a draft card is refused; agreements the card cannot price need a default rate', async () => {
    const draft = await preview({ card: { id: CARD, version: 2 } });
    expect(draft.status).toBe(422);
    expect(draft.body.error.path).toEqual(['card']);
    await s.ctx.cards.submit(s.users.editor.principal, CARD, 2);
    await s.ctx.cards.approve(s.users.approver.principal, CARD, 2);

    const noDefault = await preview({ card: { id: CARD, version: 2 } });
    expect(noDefault.status).toBe(422);
    expect(noDefault.body.error).toMatchObject({
      path: ['rates', 'default'],
      message: expect.stringContaining('no rate for the live agreements in learning-disability'),
    });
    // One category at a time needs no default.
    const older = await preview({ card: { id: CARD, version: 2 }, category: 'older-residential' });
    expect(older.body).toMatchObject({ agreements: 2, change: '3028.46' });

    const neither = await preview({ reason: 'nothing to review from' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.path).toEqual(['rates', 'default']);
  });

  test('applying the approved card: a cancelled review writes nothing; then the prices land on the card', async () => {
    const body = { card: { id: CARD, version: 2 }, rates: { default: '0.03' } };
    const cost = await preview(body);
    expect(cost.body).toMatchObject(EXPECTED);
    expect(cost.body.source).toMatchObject({ kind: 'card', from: { id: CARD, version: 1 } });

    const variations = async () =>
      Number(
        (
          await s.ctx.db.query<{ n: string | number }>(
            'SELECT count(*) AS n FROM agreement_variations',
          )
        ).rows[0]!.n,
      );
    const abort = new AbortController();
    const review = await resolveReview(s.ctx, s.orgId, { ...body, reason: 'Annual price review' });
    await expect(
      applyReview(
        s.ctx.db,
        s.ctx.audit,
        s.users.approver.principal,
        { ...review, confirm: { agreements: 3, change: '4592.74' } },
        { signal: abort.signal, onProgress: () => abort.abort() },
      ),
    ).rejects.toMatchObject({ status: 499, code: 'CANCELLED' });
    expect(await variations()).toBe(0);

    const res = await request(s.app)
      .post('/api/v1/annual-review/apply')
      .set('Authorization', s.auth('approver'))
      .set('Accept', 'application/x-ndjson')
      .send({ ...body, confirm: { agreements: 3, change: '4592.74' } })
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      });
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ progress: { phase: 'writing', done: 0, total: 3 } });
    expect(lines[lines.length - 1]).toMatchObject({ status: 201, result: EXPECTED });
    expect(await variations()).toBe(3);

    const list = await request(s.app)
      .get('/api/v1/agreements')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    const prices: Record<string, string> = {};
    for (const a of list.body.items as Array<{ id: string; importKey: string }>) {
      const detail = await request(s.app)
        .get(`/api/v1/agreements/${a.id}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      prices[a.importKey] = detail.body.prices.at(-1).weekly;
    }
    // The agreement at the old card price is now at the new card price, to the penny.
    expect(prices).toEqual({ 'R-1': '606.35', 'R-2': '731.76', 'R-3': '1030.00' });
  });
});
