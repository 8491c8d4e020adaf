/**
 * Escalation's effects through the service (Nottingham, seed 004, "Contract Compliance
 * Escalation — 1. Requirement to Improve 2. Contract Suspension 3. 90 Day Final Notice 4.
 * Terminate Contract"), per provider and per location, as the packages chain obeys them.
 */
import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('escalation stages and their effects', (driver) => {
  let s: TestService;
  let providerId: string;
  let north: string;
  let south: string;
  let portal: string;
  beforeAll(async () => {
    s = await startTestService({ driver });
    const editor = s.users.editor.principal;
    const p = await s.ctx.providers.createProvider(editor, { name: 'Poplar Homes' });
    providerId = p.id;
    for (const name of ['Poplar North', 'Poplar South']) {
      const l = await s.ctx.providers.addLocation(editor, p.id, {
        name,
        serviceType: 'residential',
        categories: ['older-residential'],
      });
      await s.ctx.providers.recordInspection(editor, l.id, {
        date: '2025-01-10',
        body: 'CQC',
        kind: 'full',
        result: 'Good',
      });
      if (name === 'Poplar North') north = l.id;
      else south = l.id;
    }
    const link = await request(s.app)
      .post('/api/v1/provider-links')
      .set('Authorization', s.auth('editor'))
      .send({ providerId, label: 'Poplar manager' })
      .expect(201);
    portal = link.body.token;
  }, 120_000);
  afterAll(() => s.close());
  const api = () => request(s.app);

  /** Propose as an editor, approve as an approver: only approved steps have effects. */
  async function escalate(body: Record<string, unknown>) {
    const step = await api()
      .post(`/api/v1/providers/${providerId}/escalation`)
      .set('Authorization', s.auth('editor'))
      .send(body)
      .expect(201);
    await api()
      .post(`/api/v1/escalation-steps/${step.body.id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ decision: 'approved' })
      .expect(200);
    return step.body as { id: string; endsOn: string | null; locationId: string | null };
  }
  const standing = (ref: string, asOf: string) =>
    api()
      .get(`/api/v1/standing/${ref}?asOf=${asOf}`)
      .set('Authorization', s.auth('viewer'))
      .expect(200)
      .then((r) => r.body);
  async function requirement(startDate: string) {
    const r = await api()
      .post('/api/v1/requirements')
      .set('Authorization', s.auth('editor'))
      .send({
        personReference: 'P-000777',
        needs: { kind: 'category', category: 'older-residential' },
        sharedSummary: 'Older person',
        category: 'older-residential',
        area: 'North',
        startDate,
        funding: 'council',
        questions: [],
        closesAt: new Date(Date.now() + 3600_000).toISOString(),
      })
      .expect(201);
    return r.body.requirement.id as string;
  }
  const offer = (id: string) =>
    api()
      .post(`/p/${portal}/api/requirements/${id}/offer`)
      .send({ confirmsNeeds: true, weeklyPrice: '900.00', answers: [] });

  test("a location's Contract Suspension suspends that location (and the provider, as its weakest), not its sibling; a wrong location is refused", async () => {
    const other = await s.ctx.providers.createProvider(s.users.editor.principal, {
      name: 'Elsewhere',
    });
    const foreign = await s.ctx.providers.addLocation(s.users.editor.principal, other.id, {
      name: 'Elsewhere House',
      serviceType: 'nursing',
    });
    const wrong = await api()
      .post(`/api/v1/providers/${providerId}/escalation`)
      .set('Authorization', s.auth('editor'))
      .send({
        stage: 'contract_suspension',
        effectiveOn: '2025-02-01',
        reason: 'medicines errors',
        locationId: foreign.id,
      })
      .expect(400);
    expect(wrong.body.error).toMatchObject({
      path: ['locationId'],
      message: `location ${foreign.id} is not one of Poplar Homes's`,
    });

    const step = await escalate({
      stage: 'contract_suspension',
      effectiveOn: '2025-02-01',
      reason: 'medicines errors at North',
      locationId: north,
    });
    expect(step.locationId).toBe(north);
    expect(await standing(north, '2025-02-01')).toMatchObject({
      stage: 'contract_suspension',
      suspended: true,
      reasons: [
        'most recent full inspection: CQC full inspection on 2025-01-10 (Good) → Silver',
        'Contract Suspension (this location) since 2025-02-01: suspended from new packages',
      ],
    });
    expect(await standing(south, '2025-02-01')).toMatchObject({ stage: null, suspended: false });
    expect(await standing(providerId, '2025-02-01')).toMatchObject({
      stage: 'contract_suspension',
      suspended: true,
    });
    await escalate({
      stage: 'closed',
      effectiveOn: '2025-03-01',
      reason: 'improved',
      locationId: north,
    });
    expect(await standing(north, '2025-03-01')).toMatchObject({ stage: null, suspended: false });
  });

  test('Requirement to Improve only flags (an offer is taken); Contract Suspension refuses offers and awards; a 90 Day Final Notice ends 90 days on, then terminated', async () => {
    await escalate({
      stage: 'requirement_to_improve',
      effectiveOn: '2025-04-01',
      reason: 'late plans',
    });
    const flagged = await requirement('2025-04-15');
    expect(await standing(providerId, '2025-04-15')).toMatchObject({
      stage: 'requirement_to_improve',
      suspended: false,
    });
    expect((await offer(flagged)).status).toBe(201);

    // Suspended from 2025-05-01: a package starting after it cannot be offered for…
    await escalate({
      stage: 'contract_suspension',
      effectiveOn: '2025-05-01',
      reason: 'no progress',
    });
    const refused = await offer(await requirement('2025-05-10'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe(
      `provider ${providerId} is suspended from bidding: Poplar North: most recent full inspection: CQC full inspection on 2025-01-10 (Good) → Silver; Poplar North: Contract Suspension since 2025-05-01: suspended from new packages; Poplar South: most recent full inspection: CQC full inspection on 2025-01-10 (Good) → Silver; Poplar South: Contract Suspension since 2025-05-01: suspended from new packages`,
    );
    // …nor awarded, when the offer came in before the suspension but the package starts after it.
    const lateStart = await requirement('2025-05-20');
    await escalate({ stage: 'closed', effectiveOn: '2025-05-02', reason: 'paused for review' });
    // (closed from 2025-05-02: the offer for a package starting 2025-05-20 is taken)
    expect((await offer(lateStart)).status).toBe(201);
    await escalate({ stage: 'contract_suspension', effectiveOn: '2025-05-15', reason: 'again' });
    await api()
      .post(`/api/v1/requirements/${lateStart}/close`)
      .set('Authorization', s.auth('editor'))
      .expect(200);
    const award = await api()
      .post(`/api/v1/requirements/${lateStart}/award`)
      .set('Authorization', s.auth('approver'))
      .send({});
    expect(award.status).toBe(422);
    expect(award.body.error.message).toBe(
      'every offer is from a suspended or Inadequate provider: no offer can be awarded',
    );

    const notice = await escalate({
      stage: 'final_notice',
      effectiveOn: '2025-06-01',
      reason: 'final',
    });
    expect(notice.endsOn).toBe('2025-08-30');
    expect(await standing(providerId, '2025-08-29')).toMatchObject({ stage: 'final_notice' });
    const ended = await standing(south, '2025-08-30');
    expect(ended).toMatchObject({ stage: 'terminated', suspended: true });
    expect(ended.reasons.at(-1)).toBe(
      'Terminate Contract since 2025-08-30: suspended from new packages',
    );
  });
});
