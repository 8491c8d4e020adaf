/**
 * Index series over HTTP: the engine's reference series, an organisation's own values laid
 * over them (admins only, audit-logged), and the value in force on a date.
 */
import request from 'supertest';
import { REFERENCE_SERIES, indexValue } from '../../shared/src';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('indices', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());

  const get = (path: string, role: keyof TestService['tokens'] = 'viewer') =>
    request(s.app).get(`/api/v1${path}`).set('Authorization', s.auth(role));
  const add = (series: string, body: unknown, role: keyof TestService['tokens'] = 'admin') =>
    request(s.app)
      .post(`/api/v1/indices/${series}/values`)
      .set('Authorization', s.auth(role))
      .send(body as object);

  test('the reference series are listed, each with its values', async () => {
    const res = await get('/indices').expect(200);
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([...REFERENCE_SERIES.keys()]);
    const nlw = res.body.items.find((x: { id: string }) => x.id === 'nlw');
    expect(nlw.points.every((p: { origin: string }) => p.origin === 'reference')).toBe(true);
  });

  test('one series, by id in any case', async () => {
    const res = await get('/indices/NLW').expect(200);
    expect(res.body).toMatchObject({ id: 'nlw', unit: 'pounds-per-hour' });
    expect(res.body.points).toContainEqual(
      expect.objectContaining({ from: '2017-04-01', value: '7.50' }),
    );
  });

  test('the value in force on a date is the engine’s', async () => {
    const res = await get('/indices/nlw/value?date=2017-10-15').expect(200);
    // The 2017 anchor: £7.50 an hour from 1 April 2017.
    expect(res.body).toMatchObject({
      series: 'nlw',
      value: '7.50',
      from: '2017-04-01',
      origin: 'reference',
    });
    expect(res.body.value).toBe(indexValue('nlw', '2017-10-15').value);
  });

  test('errors: unknown series 404, bad date 400, no value yet 404', async () => {
    expect((await get('/indices/no-such').expect(404)).body.error).toMatchObject({
      code: 'NOT_FOUND',
      path: ['series'],
    });
    expect((await get('/indices/nlw/value?date=2017-02-30').expect(400)).body.error).toMatchObject({
      code: 'INVALID_INPUT',
      path: ['query', 'date'],
    });
    expect((await get('/indices/nlw/value').expect(400)).body.error.path).toEqual([
      'query',
      'date',
    ]);
    expect((await get('/indices/nlw/value?date=1999-01-01').expect(404)).body.error.code).toBe(
      'NOT_FOUND',
    );
    expect((await get('/indices/..%2F..%2Fetc/value?date=2024-01-01')).status).toBeLessThan(500);
  });

  test('an admin adds a local care wage series; values merge, audited', async () => {
    const first = await add('bcw', {
      from: '2024-04-01',
      value: '12.00',
      name: 'Birmingham Care Wage',
      unit: 'pounds-per-hour',
      source: 'Birmingham City Council',
    }).expect(201);
    expect(first.body.added).toEqual({ from: '2024-04-01', value: '12.00' });
    await add('bcw', { from: '2025-04-01', value: 12.6 }).expect(201);
    const value = await get('/indices/bcw/value?date=2025-06-01').expect(200);
    expect(value.body).toMatchObject({
      series: 'bcw',
      name: 'Birmingham Care Wage',
      value: '12.60',
      from: '2025-04-01',
      origin: 'organisation',
    });
    const list = await get('/indices').expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain('bcw');
    const audit = await get('/audit?entityType=index_value', 'admin').expect(200);
    expect(
      audit.body.items.map(
        (a: { entityId: string; action: string }) => `${a.action} ${a.entityId}`,
      ),
    ).toEqual(['index.value.add bcw@2025-04-01', 'index.value.add bcw@2024-04-01']);
  });

  test('an added value on a reference series date replaces it for this organisation only', async () => {
    await add('nlw', { from: '2027-04-01', value: '13.20' }).expect(201);
    expect((await get('/indices/nlw/value?date=2027-05-01').expect(200)).body).toMatchObject({
      value: '13.20',
      origin: 'organisation',
    });
    await add('nlw', { from: '2027-04-01', value: '13.25' }).expect(201);
    expect((await get('/indices/nlw/value?date=2027-05-01').expect(200)).body.value).toBe('13.25');
    const other = await startTestService({ driver, orgName: 'Other Council' });
    try {
      // The other organisation has only the published series: 2027's NLW is not yet published
      // for it (never 2026's 12.71 carried forward), and 2026's is the reference value.
      const res = await request(other.app)
        .get('/api/v1/indices/nlw/value?date=2027-05-01')
        .set('Authorization', other.auth('viewer'))
        .expect(404);
      expect(res.body.error.message).toMatch(/for 2027-05-01 is not yet published/);
      const published = await request(other.app)
        .get('/api/v1/indices/nlw/value?date=2026-05-01')
        .set('Authorization', other.auth('viewer'))
        .expect(200);
      expect(published.body).toMatchObject({ value: '12.71', origin: 'reference' });
    } finally {
      await other.close();
    }
  });

  test('validation by the engine; only admins add', async () => {
    expect(
      (await add('nlw', { from: '2028-04-01', value: '13.123' }).expect(400)).body.error,
    ).toMatchObject({ code: 'INVALID_INPUT', path: ['value'] });
    expect(
      (await add('nlw', { from: '2028-04-01', value: '-1' }).expect(400)).body.error.path,
    ).toEqual(['value']);
    expect(
      (await add('nlw', { from: '2028-04-01', value: '14', unit: 'index' }).expect(400)).body.error
        .path,
    ).toEqual(['unit']);
    expect(
      (await add('new-series', { from: '2028-04-01', value: '1' }).expect(400)).body.error.path,
    ).toEqual(['name']);
    expect((await add('nlw', { from: 'soon', value: '1' }).expect(400)).body.error.path).toEqual([
      'from',
    ]);
    expect(
      (await add('nlw', { from: '2028-04-01', value: '14', colour: 'red' }).expect(400)).body.error
        .code,
    ).toBe('INVALID_INPUT');
    expect(
      (await add('nlw', { from: '2028-04-01', value: '14' }, 'approver').expect(403)).body.error
        .code,
    ).toBe('FORBIDDEN');
  });
});
