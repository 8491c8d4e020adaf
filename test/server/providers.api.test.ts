/**
 * The provider record over HTTP: register, record evidence, read the standing the add-in
 * prices by, escalate with two approvers, import a CQC file; roles and bad input.
 */
import request from 'supertest';
import { stringify } from 'csv-stringify/sync';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('providers API', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());
  const api = () => request(s.app);

  test('register, record evidence, read the standing by CQC location ID; list with standings', async () => {
    const created = await api()
      .post('/api/v1/providers')
      .set('Authorization', s.auth('editor'))
      .send({ name: 'Maple Care Ltd', companyNumber: '07654321' })
      .expect(201);
    expect(created.headers.location).toBe(`/api/v1/providers/${created.body.id}`);
    const home = await api()
      .post(`/api/v1/providers/${created.body.id}/locations`)
      .set('Authorization', s.auth('editor'))
      .send({
        name: 'Maple House',
        cqcLocationId: '1-300000001',
        serviceType: 'residential',
        categories: ['older-residential'],
        beds: 32,
      })
      .expect(201);
    const loc = home.body.id as string;
    await api()
      .post(`/api/v1/locations/${loc}/inspections`)
      .set('Authorization', s.auth('editor'))
      .send({ date: '2025-01-10', body: 'CQC', kind: 'full', result: 'Inadequate' })
      .expect(201);
    await api()
      .post(`/api/v1/locations/${loc}/inspections`)
      .set('Authorization', s.auth('editor'))
      .send({ date: '2025-07-01', body: 'CQC', kind: 'focused', result: 'Good' })
      .expect(201);

    const held = await api()
      .get('/api/v1/standing/1-300000001?asOf=2025-03-01')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(held.body).toMatchObject({ rating: 'Inadequate', suspended: true });
    const lifted = await api()
      .get('/api/v1/standing/1-300000001?asOf=2025-07-02')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(lifted.body).toEqual({
      asOf: '2025-07-02',
      providerId: created.body.id,
      providerName: 'Maple Care Ltd',
      locationId: loc,
      locationName: 'Maple House',
      cqcLocationId: '1-300000001',
      rating: 'Silver',
      bronzeDeductionApplies: false,
      suspended: false,
      stage: null,
      reasons: [
        'most recent full inspection: CQC full inspection on 2025-01-10 (Inadequate) → Inadequate',
        'CQC re-inspected and removed its Inadequate: CQC focused inspection on 2025-07-01 (Good) → Silver',
      ],
    });

    const list = await api()
      .get('/api/v1/providers?q=maple&asOf=2025-07-02')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      name: 'Maple Care Ltd',
      locations: [{ name: 'Maple House', beds: 32 }],
      standing: { rating: 'Silver' },
    });
    const history = await api()
      .get(`/api/v1/providers/${created.body.id}/history`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'inspection.record',
      'inspection.record',
      'location.create',
      'provider.create',
    ]);
  });

  test('bad input: 4xx naming the field, nothing written', async () => {
    const p = await api()
      .post('/api/v1/providers')
      .set('Authorization', s.auth('editor'))
      .send({ name: 'Rowan Homes' })
      .expect(201);
    const loc = (
      await api()
        .post(`/api/v1/providers/${p.body.id}/locations`)
        .set('Authorization', s.auth('editor'))
        .send({ name: 'Rowan', serviceType: 'nursing' })
        .expect(201)
    ).body.id as string;
    const post = (path: string, body: object) =>
      api().post(path).set('Authorization', s.auth('editor')).send(body);

    const inspection = { date: '2025-01-10', body: 'CQC', kind: 'full', result: 'Good' };
    const malformed = await post('/api/v1/locations/nope/inspections', inspection).expect(400);
    expect(malformed.body.error.path).toEqual(['params', 'locationId']);
    const unknown = await post(
      '/api/v1/locations/00000000-0000-4000-8000-000000000000/inspections',
      inspection,
    ).expect(404);
    expect(unknown.body.error.path).toEqual(['locationId']);
    const future = await post(`/api/v1/locations/${loc}/inspections`, {
      date: '2999-01-10',
      body: 'CQC',
      kind: 'full',
      result: 'Good',
    }).expect(400);
    expect(future.body.error.path).toEqual(['date']);
    const scale = await post(`/api/v1/locations/${loc}/inspections`, {
      date: '2025-01-10',
      body: 'NHS',
      kind: 'full',
      result: 'Silver',
    }).expect(400);
    expect(scale.body.error.message).toBe(
      'result "Silver" is not a NHS inspection result (Bright Green, Green, Amber, Red)',
    );
    const kind = await post(`/api/v1/locations/${loc}/inspections`, {
      date: '2025-01-10',
      body: 'CQC',
      kind: 'annual',
      result: 'Good',
    }).expect(400);
    expect(kind.body.error.path).toEqual(['body', 'kind']);
    const service = await post(`/api/v1/providers/${p.body.id}/locations`, {
      name: 'X',
      serviceType: 'hotel',
    }).expect(400);
    expect(service.body.error.path).toEqual(['body', 'serviceType']);
    const plan = await post(`/api/v1/locations/${loc}/plans`, {
      opened: '2025-03-01',
      deadline: '2025-02-01',
    }).expect(400);
    expect(plan.body.error.path).toEqual(['deadline']);
    const evidence = await api()
      .get(`/api/v1/locations/${loc}/evidence`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(evidence.body).toEqual({ inspections: [], statements: [], plans: [] });
    const stale = await api()
      .put(`/api/v1/locations/${loc}`)
      .set('Authorization', s.auth('editor'))
      .send({ name: 'Rowan', serviceType: 'nursing', version: 7 })
      .expect(409);
    expect(stale.body.error.path).toEqual(['version']);
  });

  test('a search counts its matches in the page query; a page past the last match still gives the total', async () => {
    for (const name of ['Totara Care A', 'Totara Care B', 'Totara Care C'])
      await s.ctx.providers.createProvider(s.users.editor.principal, { name });
    const page = (query: string) =>
      api()
        .get(`/api/v1/providers?${query}`)
        .set('Authorization', s.auth('viewer'))
        .expect(200)
        .then((r) => [r.body.total, r.body.items.map((i: { name: string }) => i.name)]);
    expect(await page('q=totara&limit=2')).toEqual([3, ['Totara Care A', 'Totara Care B']]);
    expect(await page('q=totara&limit=2&offset=2')).toEqual([3, ['Totara Care C']]);
    expect(await page('q=totara&limit=2&offset=5')).toEqual([3, []]);
    expect(await page('q=nothing-like-this')).toEqual([0, []]);
    const all = await s.ctx.db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM providers WHERE organisation_id = $1',
      [s.orgId],
    );
    expect((await page('limit=1'))[0]).toBe(Number(all.rows[0]!.n));
  });

  test('roles: viewers read only; escalation is decided by an approver who did not propose it', async () => {
    await api()
      .post('/api/v1/providers')
      .set('Authorization', s.auth('viewer'))
      .send({ name: 'Nope' })
      .expect(403);
    await api().get('/api/v1/providers').expect(401);
    const p = await api()
      .post('/api/v1/providers')
      .set('Authorization', s.auth('editor'))
      .send({ name: 'Willow Lodge Ltd' })
      .expect(201);
    const step = await api()
      .post(`/api/v1/providers/${p.body.id}/escalation`)
      .set('Authorization', s.auth('approver'))
      .send({
        stage: 'contract_suspension',
        effectiveOn: '2025-04-01',
        reason: 'red on 9 indicators',
      })
      .expect(201);
    await api()
      .post(`/api/v1/escalation-steps/${step.body.id}/decision`)
      .set('Authorization', s.auth('editor'))
      .send({ decision: 'approved' })
      .expect(403);
    const own = await api()
      .post(`/api/v1/escalation-steps/${step.body.id}/decision`)
      .set('Authorization', s.auth('approver'))
      .send({ decision: 'approved' })
      .expect(403);
    expect(own.body.error.code).toBe('SEPARATION_OF_DUTIES');
    await api()
      .post(`/api/v1/escalation-steps/${step.body.id}/decision`)
      .set('Authorization', s.auth('approver2'))
      .send({ decision: 'approved', note: 'agreed at panel' })
      .expect(200);
    const standing = await api()
      .get(`/api/v1/standing/${p.body.id}?asOf=2025-04-02`)
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(standing.body).toMatchObject({
      rating: null,
      suspended: true,
      stage: 'contract_suspension',
    });
    expect(standing.body.reasons.at(-1)).toBe(
      'Contract Suspension since 2025-04-01: suspended from new packages',
    );
  });

  test('CQC import: upload a Care directory CSV, registering new locations; a malformed one is a 400 naming row and column', async () => {
    const csv = stringify([
      [
        'Location ID',
        'Location Name',
        'Care home?',
        'Location Primary Inspection Category',
        'Location Latest Overall Rating',
        'Publication Date',
        'Care homes beds',
        'Provider ID',
        'Provider Name',
      ],
      [
        '1-400000001',
        'Hawthorn House',
        'Y',
        'Nursing homes',
        'Good',
        '12/03/2025',
        '48',
        '1-500000001',
        'Hawthorn Ltd',
      ],
      [
        '1-400000002',
        'Holly Court',
        'Y',
        'Residential social care',
        'Requires improvement',
        '02/04/2025',
        '20',
        '1-500000001',
        'Hawthorn Ltd',
      ],
    ]);
    const res = await api()
      .post('/api/v1/cqc-imports?filename=HSCA_Active_Locations.csv&register=true')
      .set('Authorization', s.auth('editor'))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(res.body).toMatchObject({
      layout: 'care-directory',
      rows: 2,
      added: { providers: 1, locations: 2, inspections: 2 },
    });
    const again = await api()
      .post('/api/v1/cqc-imports?filename=HSCA_Active_Locations.csv&register=true')
      .set('Authorization', s.auth('editor'))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(again.body).toMatchObject({
      added: { providers: 0, locations: 0, inspections: 0 },
      unchanged: 2,
    });
    const bad = await api()
      .post('/api/v1/cqc-imports?filename=x.csv')
      .set('Authorization', s.auth('editor'))
      .set('Content-Type', 'text/csv')
      .send(csv.replace('1-400000002', 'XYZ'))
      .expect(400);
    expect(bad.body.error).toEqual({
      code: 'INVALID_FILE',
      message: 'row 3, column "Location ID": "XYZ" is not a CQC location ID (like 1-123456789)',
      path: ['file', 3, 'Location ID'],
    });
    await api()
      .post('/api/v1/cqc-imports?filename=x.csv')
      .set('Authorization', s.auth('viewer'))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(403);
  });
});
