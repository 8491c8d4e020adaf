import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';

describeEachDatabase('the service skeleton', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());

  test('healthz and readyz answer without a token', async () => {
    await request(s.app).get('/healthz').expect(200, { status: 'ok' });
    await request(s.app).get('/readyz').expect(200, { status: 'ready' });
  });

  test('/me names the caller and their organisation', async () => {
    const res = await request(s.app)
      .get('/api/v1/me')
      .set('Authorization', s.auth('editor'))
      .expect(200);
    expect(res.body).toEqual({
      user: { id: s.users.editor.principal.userId, name: 'Test editor', role: 'editor' },
      organisation: { id: s.orgId, name: 'Test City Council' },
    });
  });

  test('no token is 401, a wrong token is 401, both in the error shape', async () => {
    const none = await request(s.app).get('/api/v1/me').expect(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="carefee"');
    const bad = await request(s.app)
      .get('/api/v1/me')
      .set('Authorization', 'Bearer nope')
      .expect(401);
    expect(bad.body.error).toEqual({
      code: 'UNAUTHENTICATED',
      message: expect.any(String),
      path: [],
    });
  });

  test('the request id is echoed, or made up when none is sent', async () => {
    const res = await request(s.app).get('/healthz').set('x-request-id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    const made = await request(s.app).get('/healthz').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('bad JSON is 400 and an unknown route 404, never 5xx', async () => {
    const res = await request(s.app)
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .set('Content-Type', 'application/json')
      .send('{"id": ')
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
    await request(s.app).get('/api/v1/nothing-here').expect(404);
  });
});
