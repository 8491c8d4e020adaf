import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** Three homes on the provider record, rated from a full CQC inspection each (Table 2). */
const HOMES = { oak: 'Outstanding', elm: 'Good', ash: 'Inadequate' } as const;
type Home = keyof typeof HOMES;

const requirementBody = {
  personReference: 'P-000123',
  needs: { kind: 'category', category: 'older-residential' },
  specialistNeeds: 'Advanced dementia; needs a ground-floor room',
  sharedSummary: 'Older person, advanced dementia, ground-floor room needed',
  category: 'older-residential',
  area: 'North',
  startDate: '2025-04-03',
  funding: 'council',
  questions: [
    { id: 'dementia-care', text: 'Can you meet advanced dementia needs?', kind: 'mandatory' },
    { id: 'activities', text: 'Describe your activities programme', kind: 'open' },
  ],
  // The worked example of the needs-led cost: £1,685.97 a week.
  indicativeCost: {
    coreHours: 20,
    oneToOneHours: 10,
    twoToOneHours: 3,
    hourlyRate: '12.00',
    wakingNights: 2,
    wakingNightRate: '130.00',
    sleepingNights: 5,
    sleepingNightRate: '85.00',
    onCosts: '0.25',
    overheads: '0.15',
    returnRate: '0.05',
  },
};

const meets = [{ questionId: 'dementia-care', answer: true }];

describeEachDatabase(
  'care packages: requirement → offers → award → agreement → receipts',
  (driver) => {
    let s: TestService;
    const portal: Record<string, string> = {};
    const ids = {} as Record<Home, string>;

    beforeAll(async () => {
      s = await startTestService({ driver });
      const editor = s.users.editor.principal;
      for (const [home, cqc] of Object.entries(HOMES)) {
        const p = await s.ctx.providers.createProvider(editor, { name: `${home} house` });
        const location = await s.ctx.providers.addLocation(editor, p.id, {
          name: `${home} house`,
          serviceType: 'residential',
          categories: ['older-residential'],
        });
        await s.ctx.providers.recordInspection(editor, location.id, {
          date: '2025-02-01',
          body: 'CQC',
          kind: 'full',
          result: cqc,
        });
        ids[home as Home] = p.id;
      }
      for (const provider of Object.keys(HOMES)) {
        const res = await request(s.app)
          .post('/api/v1/provider-links')
          .set('Authorization', s.auth('editor'))
          .send({ providerId: ids[provider as Home], label: `${provider} care manager` });
        expect(res.status).toBe(201);
        portal[provider] = res.body.token;
      }
    }, 120_000); // a loaded machine can take half a minute to start PGlite and migrate
    afterAll(() => s.close());

    async function newRequirement(body: Record<string, unknown> = {}) {
      const res = await request(s.app)
        .post('/api/v1/requirements')
        .set('Authorization', s.auth('editor'))
        .send({ ...requirementBody, closesAt: at(HOUR), ...body });
      expect(res.status).toBe(201);
      return res.body.requirement as { id: string; indicative: { cost: { weekly: string } } };
    }
    const offer = (provider: string, requirementId: string, body: Record<string, unknown>) =>
      request(s.app)
        .post(`/p/${portal[provider]}/api/requirements/${requirementId}/offer`)
        .send(body);
    const close = (id: string) =>
      request(s.app)
        .post(`/api/v1/requirements/${id}/close`)
        .set('Authorization', s.auth('editor'))
        .expect(200);
    const award = (id: string, body: Record<string, unknown> = {}) =>
      request(s.app)
        .post(`/api/v1/requirements/${id}/award`)
        .set('Authorization', s.auth('approver'))
        .send(body);

    test('the whole chain, with every penny of the receipts and the year commitment', async () => {
      const r = await newRequirement();
      expect(r.indicative.cost.weekly).toBe('1685.97');

      // Providers see the requirement without the person reference.
      const seen = await request(s.app).get(`/p/${portal.elm}/api/requirements`).expect(200);
      expect(seen.body.items.map((i: { id: string }) => i.id)).toContain(r.id);
      expect(JSON.stringify(seen.body)).not.toContain('P-000123');

      // Offers: a revision supersedes the live one; one live offer per provider.
      expect(
        (await offer('oak', r.id, { confirmsNeeds: true, weeklyPrice: '900.00', answers: meets }))
          .status,
      ).toBe(201);
      const revised = await offer('oak', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '880.00',
        answers: meets,
      });
      expect(revised.status).toBe(201);
      expect(revised.body.offer).toMatchObject({
        revision: 2,
        weeklyPrice: '880.00',
        status: 'live',
      });
      expect(
        (await offer('elm', r.id, { confirmsNeeds: true, weeklyPrice: 850, answers: meets }))
          .status,
      ).toBe(201);

      // A suspended provider cannot offer; a mandatory question must be met.
      const suspended = await offer('ash', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '700.00',
        answers: meets,
      });
      expect(suspended.status).toBe(422);
      expect(suspended.body.error.path).toEqual(['providerId']);
      const unmet = await offer('elm', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '850.00',
        answers: [{ questionId: 'dementia-care', answer: false }],
      });
      expect(unmet.status).toBe(400);
      expect(unmet.body.error.path).toEqual(['answers', 0, 'answer']);
      const unconfirmed = await offer('elm', r.id, { confirmsNeeds: false, weeklyPrice: '850.00' });
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.body.error.path).toEqual(['confirmsNeeds']);

      const detail = await request(s.app)
        .get(`/api/v1/requirements/${r.id}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(
        detail.body.offers.map(
          (o: {
            providerId: string;
            weeklyPrice: string;
            status: string;
            aboveIndicative: string;
          }) => [o.providerId, o.weeklyPrice, o.status, o.aboveIndicative],
        ),
      ).toEqual([
        [ids.oak, '900.00', 'superseded', '-785.97'],
        [ids.oak, '880.00', 'live', '-805.97'],
        [ids.elm, '850.00', 'live', '-835.97'],
      ]);

      // Not before the closing time.
      const early = await award(r.id);
      expect(early.status).toBe(422);
      expect(early.body.error.path).toEqual(['closesAt']);
      await close(r.id);
      const late = await offer('elm', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '800.00',
        answers: meets,
      });
      expect(late.status).toBe(422);
      expect(late.body.error.path).toEqual(['closesAt']);

      // Seed 001 "Quality:Price 60:40": oak (Gold) 40 × 850/880 + 30 + 30 = 98.64 beats
      // elm (Silver) 40 + 22.5 + 22.5 = 85.
      const awarded = await award(r.id);
      expect(awarded.status).toBe(201);
      expect(awarded.body.requirement.status).toBe('awarded');
      expect(awarded.body.requirement.award.reason).toBe(
        'highest Quality:Price score (98.64 points)',
      );
      const agreement = awarded.body.agreement;
      expect(agreement).toMatchObject({
        providerId: ids.oak,
        status: 'pending-acceptance',
        weeklyPrice: '880.00',
        startDate: '2025-04-03',
        endDate: null,
        fundingSplit: {
          councilNet: '880.00',
          clientContribution: '0.00',
          chcShare: '0.00',
          jointNhsShare: '0.00',
          fnc: null,
          thirdParty: null,
        },
      });
      expect(agreement.priceProvenance).toMatchObject({
        source: 'offer',
        offerRevision: 2,
        offeredWeekly: '880.00',
        ratingAtAward: 'Gold',
        indicativeWeekly: '1685.97',
      });
      expect((await award(r.id)).status).toBe(409);

      // Another provider sees nothing of it and cannot accept it.
      expect(
        (await request(s.app).get(`/p/${portal.elm}/api/agreements`).expect(200)).body.items,
      ).toEqual([]);
      expect(
        (await request(s.app).post(`/p/${portal.elm}/api/agreements/${agreement.id}/accept`))
          .status,
      ).toBe(404);
      const accepted = await request(s.app)
        .post(`/p/${portal.oak}/api/agreements/${agreement.id}/accept`)
        .expect(200);
      expect(accepted.body.agreement.status).toBe('active');
      expect(JSON.stringify(accepted.body)).not.toContain('P-000123');

      // Variations: never before the start; dated change orders through approval.
      const before = await request(s.app)
        .post(`/api/v1/agreements/${agreement.id}/variations`)
        .set('Authorization', s.auth('editor'))
        .send({ effectiveFrom: '2025-04-01', weeklyPrice: '900.00', reason: 'review' });
      expect(before.status).toBe(400);
      expect(before.body.error.path).toEqual(['effectiveFrom']);
      const v = await request(s.app)
        .post(`/api/v1/agreements/${agreement.id}/variations`)
        .set('Authorization', s.auth('editor'))
        .send({
          effectiveFrom: '2025-04-17',
          weeklyPrice: '900.00',
          reason: 'Needs increased after review',
        })
        .expect(201);
      expect(v.body.variation.status).toBe('pending-approval');
      const vid = v.body.variation.id;
      expect(
        (
          await request(s.app)
            .post(`/api/v1/variations/${vid}/complete`)
            .set('Authorization', s.auth('editor'))
        ).status,
      ).toBe(409);
      await request(s.app)
        .post(`/api/v1/variations/${vid}/approve`)
        .set('Authorization', s.auth('approver'))
        .expect(200);
      const done = await request(s.app)
        .post(`/api/v1/variations/${vid}/complete`)
        .set('Authorization', s.auth('editor'))
        .expect(200);
      expect(done.body.variation.status).toBe('completed');

      // Receipts weekly to a Sunday: Thu 3 – Sun 6 April: 4 × 880 ÷ 7 = 502.857… → £502.86;
      // 7–13 April £880.00; 14–16 April 3 × 880 ÷ 7 = 377.142… → £377.14 and 17–20 April
      // 4 × 900 ÷ 7 = 514.285… → £514.29, together £891.43.
      const raised = await request(s.app)
        .post(`/api/v1/agreements/${agreement.id}/receipts/raise`)
        .set('Authorization', s.auth('editor'))
        .send({ until: '2025-04-20' })
        .expect(201);
      const receipts = raised.body.items as Array<{
        id: string;
        periodStart: string;
        periodEnd: string;
        amount: string;
        lines: Array<{ cost: string }>;
      }>;
      expect(receipts.map((x) => [x.periodStart, x.periodEnd, x.amount])).toEqual([
        ['2025-04-03', '2025-04-06', '502.86'],
        ['2025-04-07', '2025-04-13', '880.00'],
        ['2025-04-14', '2025-04-20', '891.43'],
      ]);
      expect(receipts[2]!.lines.map((l) => l.cost)).toEqual(['377.14', '514.29']);
      // Raising again adds nothing.
      const again = await request(s.app)
        .post(`/api/v1/agreements/${agreement.id}/receipts/raise`)
        .set('Authorization', s.auth('editor'))
        .send({ until: '2025-04-20' })
        .expect(201);
      expect(again.body.items).toEqual([]);

      // Lifecycle: the provider submits or disputes; the commissioner approves, invoices, pays.
      const [first, second, third] = receipts.map((x) => x.id);
      const mv = (path: string, role: 'approver' = 'approver', body = {}) =>
        request(s.app).post(path).set('Authorization', s.auth(role)).send(body);
      await request(s.app).post(`/p/${portal.oak}/api/receipts/${first}/submit`).expect(200);
      expect(
        (await request(s.app).post(`/p/${portal.elm}/api/receipts/${second}/submit`)).status,
      ).toBe(404);
      const disputed = await request(s.app)
        .post(`/p/${portal.oak}/api/receipts/${second}/dispute`)
        .send({ reason: 'Two days in hospital' })
        .expect(200);
      expect(disputed.body.receipt).toMatchObject({
        status: 'disputed',
        disputeReason: 'Two days in hospital',
      });
      expect((await mv(`/api/v1/receipts/${third}/approve`)).status).toBe(409);
      await mv(`/api/v1/receipts/${first}/approve`).expect(200);
      const invoiced = await mv(`/api/v1/receipts/${first}/invoice`, 'approver', {
        invoiceReference: 'INV-1001',
      }).expect(200);
      expect(invoiced.body.receipt).toMatchObject({
        status: 'invoiced',
        invoiceReference: 'INV-1001',
      });
      const paid = await mv(`/api/v1/receipts/${first}/pay`).expect(200);
      expect(paid.body.receipt.status).toBe('paid');
      expect(paid.body.receipt.paidAt).not.toBeNull();

      // A period overlapping a paid one is refused.
      const overlap = await request(s.app)
        .post(`/api/v1/agreements/${agreement.id}/receipts`)
        .set('Authorization', s.auth('editor'))
        .send({ periodStart: '2025-04-05', periodEnd: '2025-04-05' });
      expect(overlap.status).toBe(409);
      expect(overlap.body.error.message).toMatch(/overlaps paid receipt/);
      expect(overlap.body.error.path).toEqual(['periodStart']);

      // The payment schedule for finance: approved and invoiced receipts.
      await mv(`/api/v1/receipts/${second}/approve`).expect(200);
      const csv = await request(s.app)
        .get('/api/v1/receipts/payment-schedule.csv')
        .set('Authorization', s.auth('viewer'))
        .expect(200)
        .expect('Content-Type', /text\/csv/);
      expect(csv.text.split('\r\n')).toEqual([
        'Receipt,Agreement,Provider,Person reference,Category,Funding,Period start,Period end,Amount (£),Status,Approved at,Invoice reference',
        expect.stringMatching(
          new RegExp(
            `^${second},${agreement.id},${ids.oak},P-000123,older-residential,council,2025-04-07,2025-04-13,880.00,approved,\\d{4}-.*Z,$`,
          ),
        ),
        '',
      ]);

      // The year's commitment (2025/26): 14 days × 880 ÷ 7 = £1,760.00 and 349 days × 900 ÷ 7
      // = 44,871.428… → £44,871.43: £46,631.43.
      const c = await request(s.app)
        .get('/api/v1/commitment?year=2025')
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(c.body).toMatchObject({
        year: 2025,
        from: '2025-04-01',
        to: '2026-03-31',
        agreements: 1,
        total: '46631.43',
        byCategory: [{ key: 'older-residential', agreements: 1, total: '46631.43' }],
        byFunding: [{ key: 'council', agreements: 1, total: '46631.43' }],
        byProvider: [{ key: ids.oak, agreements: 1, total: '46631.43' }],
      });
      const none = await request(s.app)
        .get('/api/v1/commitment?year=2025&funding=chc')
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(none.body.total).toBe('0.00');

      // Every step is in the audit log.
      const audit = await s.ctx.audit.list(s.orgId, { limit: 100 });
      const actions = audit.map((e) => e.action);
      for (const a of [
        'requirement.create',
        'offer.submit',
        'offer.revise',
        'requirement.award',
        'agreement.create',
        'agreement.accept',
        'variation.complete',
        'receipt.raise',
        'receipt.pay',
      ])
        expect(actions).toContain(a);
    });

    test('two awards of one requirement at once: exactly one wins', async () => {
      const r = await newRequirement();
      await offer('elm', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '850.00',
        answers: meets,
      }).expect(201);
      await close(r.id);
      const results = await Promise.all([award(r.id), award(r.id), award(r.id)]);
      expect(results.map((x) => x.status).sort()).toEqual([201, 409, 409]);
      const list = await request(s.app)
        .get('/api/v1/agreements')
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(
        list.body.items.filter((a: { requirementId: string }) => a.requirementId === r.id),
      ).toHaveLength(1);
    });

    test('award with no offers is refused, and nothing is written', async () => {
      const r = await newRequirement();
      await close(r.id);
      const res = await award(r.id);
      expect(res.status).toBe(422);
      expect(res.body.error.path).toEqual(['offers']);
      const after = await request(s.app)
        .get(`/api/v1/requirements/${r.id}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(after.body.requirement.status).toBe('open');
    });

    test('Quality:Price with scored capability questions: the commissioner scores each offer', async () => {
      // Seed 001: "60% = 30% CQC Rating + 30% Quality Reporting" decides the split without
      // scored questions; with them the seed is silent: they take 20 of the 60 (configurable),
      // CQC and quality reporting 20 each.
      await request(s.app)
        .put('/api/v1/packages/settings')
        .set('Authorization', s.auth('admin'))
        .send({ award: { rule: 'quality-price' } })
        .expect(200);
      const r = await newRequirement({
        questions: [{ id: 'night-staff', text: 'How do you staff nights?', kind: 'scored' }],
      });
      const answers = [{ questionId: 'night-staff', answer: true }];
      const oak = await offer('oak', r.id, { confirmsNeeds: true, weeklyPrice: '900.00', answers });
      const elm = await offer('elm', r.id, { confirmsNeeds: true, weeklyPrice: '810.00', answers });
      expect([oak.status, elm.status]).toEqual([201, 201]);
      await close(r.id);
      const oakId = oak.body.offer.id as string;
      const elmId = elm.body.offer.id as string;

      const unscored = await award(r.id, {
        capabilityScores: [{ offerId: oakId, questionId: 'night-staff', score: 1 }],
      });
      expect(unscored.status).toBe(400);
      expect(unscored.body.error).toEqual({
        code: 'INVALID_INPUT',
        message: `score offer ${elmId} on the capability question "night-staff" (0 to 4) before awarding`,
        path: ['capabilityScores'],
      });
      const tooHigh = await award(r.id, {
        capabilityScores: [{ offerId: oakId, questionId: 'night-staff', score: 5 }],
      });
      expect(tooHigh.status).toBe(400);
      expect(tooHigh.body.error.path).toEqual(['capabilityScores', 0, 'score']);

      // Oak (Outstanding / Gold): 40 × 810 ÷ 900 = 36.00 + CQC 20 + reporting 20 + capability
      // 20 × 1 ÷ 4 = 5.00 → 81.00. Elm (Good / Silver): 40 + 15 + 15 + 20 × 4 ÷ 4 = 20 → 90.00.
      // (Without the question Oak would win: 36 + 30 + 30 = 96 against 40 + 22.5 + 22.5 = 85.)
      const res = await award(r.id, {
        capabilityScores: [
          { offerId: oakId, questionId: 'night-staff', score: 1 },
          { offerId: elmId, questionId: 'night-staff', score: 4 },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body.requirement.award).toMatchObject({
        winner: elmId,
        reason: 'highest Quality:Price score (90.00 points)',
        ranking: [
          {
            id: elmId,
            priceScore: '40.00',
            cqcScore: '15.00',
            qualityReportingScore: '15.00',
            capabilityScore: '20.00',
            qualityScore: '50.00',
            total: '90.00',
            rank: 1,
          },
          {
            id: oakId,
            priceScore: '36.00',
            cqcScore: '20.00',
            qualityReportingScore: '20.00',
            capabilityScore: '5.00',
            qualityScore: '45.00',
            total: '81.00',
            rank: 2,
          },
        ],
      });
      expect(res.body.agreement.weeklyPrice).toBe('810.00');
    });

    test('Birmingham rule: a citizen may choose a lower-rated offer, with the reason recorded', async () => {
      // Seed 003: "citizen choice may be exercised in this regard".
      await request(s.app)
        .put('/api/v1/packages/settings')
        .set('Authorization', s.auth('admin'))
        .send({ award: { rule: 'highest-rating' } })
        .expect(200);
      try {
        const r = await newRequirement();
        await offer('oak', r.id, {
          confirmsNeeds: true,
          weeklyPrice: '900.00',
          answers: meets,
        }).expect(201);
        const elm = await offer('elm', r.id, {
          confirmsNeeds: true,
          weeklyPrice: '850.00',
          answers: meets,
        }).expect(201);
        await close(r.id);
        const unexplained = await award(r.id, { citizenChoice: { offerId: elm.body.offer.id } });
        expect(unexplained.status).toBe(400);
        expect(unexplained.body.error.path).toEqual(['citizenChoice', 'reason']);
        const res = await award(r.id, {
          citizenChoice: { offerId: elm.body.offer.id, reason: 'Close to her family' },
          fundingSplit: { councilNet: '800.00', clientContribution: '50.00' },
        });
        expect(res.status).toBe(201);
        expect(res.body.agreement.providerId).toBe(ids.elm);
        expect(res.body.requirement.award.citizenChoice).toEqual({
          offerId: elm.body.offer.id,
          reason: 'Close to her family',
          departsFromRule: true,
        });
        expect(res.body.agreement.fundingSplit).toMatchObject({
          councilNet: '800.00',
          clientContribution: '50.00',
        });
      } finally {
        await request(s.app)
          .put('/api/v1/packages/settings')
          .set('Authorization', s.auth('admin'))
          .send({ award: { rule: 'quality-price' } })
          .expect(200);
      }
    });

    test('funding shares must add up to the price; a top-up must meet every condition', async () => {
      const r = await newRequirement();
      await offer('elm', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '850.00',
        answers: meets,
      }).expect(201);
      await close(r.id);
      const short = await award(r.id, { fundingSplit: { councilNet: '800.00' } });
      expect(short.status).toBe(400);
      expect(short.body.error.path).toEqual(['fundingSplit']);
      // Seed 001: "It must be agreed in writing with the commissioners".
      const tpc = await award(r.id, {
        fundingSplit: {
          councilNet: '850.00',
          thirdParty: {
            weekly: '40.00',
            writtenAgreementReference: 'TPC-77',
            conditions: {
              genuineUpgrade: true,
              requestedByPersonOrFamily: true,
              coversCommissionedServices: false,
              separateWrittenAgreement: true,
              roomAtCommissionerPriceOffered: true,
              voluntary: true,
              agreedWithCommissioner: false,
            },
          },
        },
      });
      expect(tpc.status).toBe(422);
      expect(tpc.body.error.message).toMatch(/agreed in writing with the commissioner/);
      const requirement = await request(s.app)
        .get(`/api/v1/requirements/${r.id}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(requirement.body.requirement.status).toBe('open');
    });

    test('roles and links: viewers cannot award; a revoked link opens nothing', async () => {
      const r = await newRequirement();
      const res = await request(s.app)
        .post(`/api/v1/requirements/${r.id}/award`)
        .set('Authorization', s.auth('viewer'))
        .send({});
      expect(res.status).toBe(403);
      const made = await request(s.app)
        .post('/api/v1/provider-links')
        .set('Authorization', s.auth('editor'))
        .send({ providerId: ids.elm, label: 'temporary' })
        .expect(201);
      await request(s.app).get(`/p/${made.body.token}/api/offers`).expect(200);
      await request(s.app)
        .delete(`/api/v1/provider-links/${made.body.link.id}`)
        .set('Authorization', s.auth('editor'))
        .expect(200);
      expect((await request(s.app).get(`/p/${made.body.token}/api/offers`)).status).toBe(404);
    });

    test('annual review: a preview by category and funding, then applied all or nothing', async () => {
      // An active agreement of its own category: £700.00 a week from Monday 2 June 2025.
      const r = await newRequirement({
        category: 'ld-residential',
        needs: { kind: 'category', category: 'ld-residential', band: '2' },
        startDate: '2025-06-02',
        funding: 'chc',
      });
      await offer('elm', r.id, {
        confirmsNeeds: true,
        weeklyPrice: '700.00',
        answers: meets,
      }).expect(201);
      await close(r.id);
      const awarded = await award(r.id).expect(201);
      await request(s.app)
        .post(`/p/${portal.elm}/api/agreements/${awarded.body.agreement.id}/accept`)
        .expect(200);

      // 700 × 1.05 = £735.00; 1 April 2026 – 31 March 2027 is 365 days:
      // 365 × 700 ÷ 7 = £36,500.00 before, 365 × 735 ÷ 7 = £38,325.00 after, +£1,825.00.
      const body = {
        effectiveFrom: '2026-04-01',
        rates: { default: '0.03', byCategory: { 'ld-residential': '0.05' } },
        category: 'ld-residential',
      };
      const preview = await request(s.app)
        .post('/api/v1/annual-review/preview')
        .set('Authorization', s.auth('viewer'))
        .send(body)
        .expect(200);
      expect(preview.body).toEqual({
        effectiveFrom: '2026-04-01',
        yearEnd: '2027-03-31',
        agreements: 1,
        yearBefore: '36500.00',
        yearAfter: '38325.00',
        change: '1825.00',
        byCategory: [{ key: 'ld-residential', agreements: 1, total: '1825.00' }],
        byFunding: [{ key: 'chc', agreements: 1, total: '1825.00' }],
        // Rates typed in (a price review), as each category took them.
        source: {
          kind: 'rates',
          from: null,
          to: null,
          scenarioId: null,
          rates: { default: '0.03', byCategory: { 'ld-residential': '0.05' } },
          unpricedCategories: [],
        },
      });

      const apply = (confirm: unknown, role: 'approver' | 'editor' = 'approver') =>
        request(s.app)
          .post('/api/v1/annual-review/apply')
          .set('Authorization', s.auth(role))
          .send({ ...body, confirm });
      expect((await apply({ agreements: 1, change: '1825.00' }, 'editor')).status).toBe(403);
      const stale = await apply({ agreements: 1, change: '1800.00' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.path).toEqual(['confirm']);
      const applied = await apply({ agreements: 1, change: '1825.00' });
      expect(applied.status).toBe(201);
      expect(applied.body.change).toBe('1825.00');

      const agreement = await request(s.app)
        .get(`/api/v1/agreements/${awarded.body.agreement.id}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(agreement.body.prices).toEqual([
        { from: '2025-06-02', weekly: '700.00' },
        { from: '2026-04-01', weekly: '735.00' },
      ]);
      expect(agreement.body.variations).toMatchObject([
        {
          effectiveFrom: '2026-04-01',
          weeklyPrice: '735.00',
          status: 'completed',
          reviewId: applied.body.reviewId,
        },
      ]);
      const c = await request(s.app)
        .get('/api/v1/commitment?year=2026&category=ld-residential')
        .set('Authorization', s.auth('viewer'))
        .expect(200);
      expect(c.body.total).toBe('38325.00');
      // The same review cannot be applied twice.
      const again = await request(s.app)
        .post('/api/v1/annual-review/preview')
        .set('Authorization', s.auth('viewer'))
        .send(body)
        .expect(200);
      expect((await apply({ agreements: 1, change: again.body.change })).status).toBe(409);
    });
  },
);
