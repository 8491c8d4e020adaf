/**
 * The engine's calculations over HTTP, figures worked by hand from the papers' rules; each
 * route's errors in the one error shape.
 */
import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';
import { BIRMINGHAM_2024, approvedCard } from './calculate.fixtures';

describeEachDatabase('engine endpoints', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
    await approvedCard(s, BIRMINGHAM_2024);
  });
  afterAll(() => s.close());

  const post = (path: string, body: unknown) =>
    request(s.app)
      .post(`/api/v1${path}`)
      .set('Authorization', s.auth('viewer'))
      .send(body as object);

  describe('POST /quality-rating (Birmingham Table 2)', () => {
    test('a focused inspection can lower the rating at once', async () => {
      const res = await post('/quality-rating', {
        inspections: [
          { date: '2024-01-10', body: 'CQC', kind: 'full', result: 'Good' },
          { date: '2024-06-01', body: 'council', kind: 'focused', result: 'Bronze' },
        ],
      }).expect(200);
      expect(res.body.rating).toBe('Bronze');
      expect(res.body.decidedBy).toMatchObject({
        body: 'council',
        kind: 'focused',
        date: '2024-06-01',
      });
    });
    test('a paid validation inspection raises no higher than Silver between full inspections', async () => {
      const res = await post('/quality-rating', {
        inspections: [
          { date: '2024-01-10', body: 'council', kind: 'full', result: 'Bronze' },
          { date: '2024-05-01', body: 'council', kind: 'validation', result: 'Gold' },
        ],
      }).expect(200);
      expect(res.body.rating).toBe('Silver');
    });
    test('a missing assurance statement means Inadequate', async () => {
      const res = await post('/quality-rating', { inspections: [], assurance: 'missing' }).expect(
        200,
      );
      expect(res.body.rating).toBe('Inadequate');
    });
    test('errors name the field', async () => {
      const bad = await post('/quality-rating', {
        inspections: [{ date: '2024-01-10', body: 'CQC', kind: 'full', result: 'Gold' }],
      }).expect(400);
      expect(bad.body.error).toMatchObject({
        code: 'INVALID_INPUT',
        path: ['inspections', 0, 'result'],
      });
      const none = await post('/quality-rating', { inspections: [] }).expect(404);
      expect(none.body.error).toMatchObject({ code: 'NOT_FOUND', path: ['inspections'] });
    });
  });

  describe('POST /chc-tier', () => {
    test('a staffed tier: base + hours a day × 7 × staff ÷ people × hourly rate', async () => {
      const res = await post('/chc-tier', {
        card: { id: 'bham-care-homes', date: '2024-06-01' },
        tierId: 'tier-3',
      }).expect(200);
      // 12 × 7 × 1 ÷ 1 = 84 hours × £15.50 = £1,302.00; + £1,200.00 = £2,502.00
      expect(res.body).toEqual({
        card: { id: 'bham-care-homes', version: 1 },
        tierId: 'tier-3',
        name: 'Tier 3: 1:1 twelve hours a day',
        kind: 'staffed',
        base: '1200.00',
        hours: '84',
        hourlyRate: '15.50',
        staffingCost: '1302.00',
        fee: '2502.00',
      });
    });
    test('a fixed tier, from an inline card; unknown tiers and cards are 404 with a path', async () => {
      const fixed = await post('/chc-tier', {
        card: { inline: BIRMINGHAM_2024 },
        tierId: 'tier-1',
      }).expect(200);
      expect(fixed.body.fee).toBe('1050.00');
      const tier = await post('/chc-tier', {
        card: { id: 'bham-care-homes', version: 1 },
        tierId: 'tier-9',
      }).expect(404);
      expect(tier.body.error).toMatchObject({ code: 'NOT_FOUND', path: ['tierId'] });
      const card = await post('/chc-tier', {
        card: { id: 'bham-care-homes', version: 5 },
        tierId: 'tier-1',
      }).expect(404);
      expect(card.body.error.path).toEqual(['card', 'version']);
      const bad = await post('/chc-tier', {
        card: { id: 'bham-care-homes', version: 1 },
        tierId: 'Tier One!',
      }).expect(400);
      expect(bad.body.error.path).toEqual(['tierId']);
    });
  });

  describe('POST /tender/score and /tender/award', () => {
    test('Sefton 60:40: price 40 × lowest ÷ bid, CQC 30 × points ÷ 4, reporting 30 × share', async () => {
      const res = await post('/tender/score', {
        bids: [
          { id: 'A', price: '500.00', cqcRating: 'Good', qualityReporting: '0.8' },
          { id: 'B', price: '400.00', cqcRating: 'Outstanding', qualityReporting: '0.5' },
        ],
      }).expect(200);
      // A: 40 × 400/500 = 32 + 22.5 + 24 = 78.5; B: 40 + 30 + 15 = 85
      expect(
        res.body.ranking.map((b: { id: string; total: string; rank: number }) => [
          b.id,
          b.total,
          b.rank,
        ]),
      ).toEqual([
        ['B', '85.00', 1],
        ['A', '78.50', 2],
      ]);
      expect(res.body.lowestPrice).toBe('400.00');
    });
    test('award: highest rating, then the citizen’s choice among the tied', async () => {
      const res = await post('/tender/award', {
        offers: [
          { id: 'a', rating: 'Silver' },
          { id: 'b', rating: 'Gold' },
          { id: 'c', rating: 'Gold' },
        ],
        citizenChoice: 'c',
      }).expect(200);
      expect(res.body).toMatchObject({ winner: 'c', rating: 'Gold', excluded: [] });
    });
    test('Inadequate providers are suspended from bidding: 422 NOT_ALLOWED', async () => {
      const res = await post('/tender/award', {
        offers: [{ id: 'a', rating: 'Inadequate' }],
      }).expect(422);
      expect(res.body.error).toMatchObject({ code: 'NOT_ALLOWED', path: ['offers'] });
    });
    test('a bad bid names its field', async () => {
      const res = await post('/tender/score', {
        bids: [{ id: 'A', price: '-1', cqcRating: 'Good', qualityReporting: 1 }],
      }).expect(400);
      expect(res.body.error.path).toEqual(['bids', 0, 'price']);
    });
  });

  describe('POST /tpc-check', () => {
    const fine = {
      chcFunded: false,
      genuineUpgrade: true,
      requestedByPersonOrFamily: true,
      coversCommissionedServices: false,
      separateWrittenAgreement: true,
      roomAtCommissionerPriceOffered: true,
      voluntary: true,
      agreedWithCommissioner: true,
    };
    test('every condition met: allowed', async () => {
      const res = await post('/tpc-check', fine).expect(200);
      expect(res.body).toMatchObject({ allowed: true, failed: [] });
    });
    test('under CHC a top-up must not be for accommodation', async () => {
      const res = await post('/tpc-check', {
        ...fine,
        chcFunded: true,
        fundsChcEligibleServices: false,
        forAccommodation: true,
      }).expect(200);
      expect(res.body.allowed).toBe(false);
      expect(res.body.failed.map((f: { condition: string }) => f.condition)).toEqual([
        'not-chc-accommodation',
      ]);
    });
    test('a missing fact is a 400 naming it', async () => {
      const rest: Partial<typeof fine> = { ...fine };
      delete rest.voluntary;
      const res = await post('/tpc-check', rest).expect(400);
      expect(res.body.error.path).toEqual(['voluntary']);
    });
  });

  describe('POST /cost-of-care', () => {
    const provider = {
      provider: 'Oak House',
      careHoursPerResidentWeek: 20,
      careHourlyPay: '12.00',
      onCosts: '0.2',
      nonStaff: { food: '40.00', utilities: '20.00' },
      returnOnOperations: '0.05',
      capitalValuePerBed: '52000.00',
      returnOnCapital: '0.06',
      occupancy: '0.9',
    };
    test('care staff, returns and capital built up to pence', async () => {
      const res = await post('/cost-of-care', provider).expect(200);
      // care: 20 × 12.00 × 1.2 = 288.00; + 5% = 14.40 → 302.40
      // hotel: 40 + 20 + 5% of 60 = 3.00; capital 52,000 × 6% ÷ 52 ÷ 0.9 = 66.666… → 66.67 → 129.67
      expect(res.body).toMatchObject({
        provider: 'Oak House',
        care: '302.40',
        hotel: '129.67',
        total: '432.07',
      });
      expect(res.body.lines).toMatchObject({
        careStaff: '288.00',
        careReturnOnOperations: '14.40',
        returnOnCapital: '66.67',
      });
    });
    test('quartiles of several returns', async () => {
      const res = await post('/cost-of-care/quartiles', {
        returns: [
          provider,
          { ...provider, careHourlyPay: '13.00' },
          { ...provider, careHourlyPay: '14.00' },
        ],
      }).expect(200);
      expect(JSON.stringify(res.body)).toContain('432.07');
    });
    test('occupancy over 100% is refused', async () => {
      const res = await post('/cost-of-care', { ...provider, occupancy: 1.5 }).expect(400);
      expect(res.body.error.path).toEqual(['occupancy']);
    });
  });

  describe('POST /conversions/*', () => {
    test('weekly ↔ daily, each rounded once', async () => {
      expect(
        (await post('/conversions/weekly-to-daily', { weekly: '580.03' }).expect(200)).body,
      ).toEqual({ daily: '82.86' });
      expect(
        (await post('/conversions/daily-to-weekly', { daily: '82.86' }).expect(200)).body,
      ).toEqual({ weekly: '580.02' });
    });
    test('a dated period counts both ends: weekly × days ÷ 7', async () => {
      const res = await post('/conversions/period-cost', {
        weekly: '580.03',
        start: '2024-04-01',
        end: '2024-04-10',
      }).expect(200);
      // 580.03 × 10 ÷ 7 = 828.614… → 828.61
      expect(res.body).toMatchObject({ days: 10, cost: '828.61' });
      const bad = await post('/conversions/period-cost', {
        weekly: '580.03',
        start: '2024-04-10',
        end: '2024-04-01',
      }).expect(400);
      expect(bad.body.error.path).toEqual(['end']);
    });
    test('provider size by funded hours; new to the city is Small', async () => {
      expect(
        (await post('/conversions/provider-size', { weeklyHours: 1500 }).expect(200)).body,
      ).toEqual({ size: 'Medium' });
      expect(
        (
          await post('/conversions/provider-size', { weeklyHours: 2500, newToCity: true }).expect(
            200,
          )
        ).body,
      ).toEqual({ size: 'Small' });
    });
  });

  test('every engine endpoint needs a token and refuses a body that is not an object', async () => {
    for (const path of [
      '/quality-rating',
      '/chc-tier',
      '/tender/score',
      '/tender/award',
      '/tpc-check',
      '/cost-of-care',
      '/conversions/period-cost',
    ]) {
      const anon = await request(s.app).post(`/api/v1${path}`).send({}).expect(401);
      expect(anon.body.error.code).toBe('UNAUTHENTICATED');
      const res = await post(path, [1, 2, 3]);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'INVALID_INPUT',
        message: expect.any(String),
        path: expect.any(Array),
      });
    }
  });
});
