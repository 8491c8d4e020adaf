import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';
import { testCard } from './fixtures';

type Who = 'none' | 'viewer' | 'editor' | 'approver' | 'admin';
const WHO: Who[] = ['none', 'viewer', 'editor', 'approver', 'admin'];

interface WriteEndpoint {
  name: string;
  /** The lowest role allowed. */
  min: Exclude<Who, 'none'>;
  /** What an allowed caller gets. */
  ok: number;
  /** Make the state the call needs (through the repository, as editor2 so four-eyes never bites); return the request. */
  call(
    s: TestService,
    family: string,
  ): Promise<{ method: 'post' | 'put' | 'delete'; url: string; body?: unknown }>;
}

const ENDPOINTS: WriteEndpoint[] = [
  {
    name: 'POST /rate-cards',
    min: 'editor',
    ok: 201,
    call: async (_s, id) => ({ method: 'post', url: '/api/v1/rate-cards', body: testCard({ id }) }),
  },
  {
    name: 'PUT /rate-cards/:id/versions/:v',
    min: 'editor',
    ok: 200,
    call: async (s, id) => {
      await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id }));
      return {
        method: 'put',
        url: `/api/v1/rate-cards/${id}/versions/1`,
        body: testCard({ id, hotelCost: '255' }),
      };
    },
  },
  {
    name: 'POST …/submit',
    min: 'editor',
    ok: 200,
    call: async (s, id) => {
      await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id }));
      return { method: 'post', url: `/api/v1/rate-cards/${id}/versions/1/submit` };
    },
  },
  {
    name: 'POST …/approve',
    min: 'approver',
    ok: 200,
    call: async (s, id) => {
      await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id }));
      await s.ctx.cards.submit(s.users.editor2.principal, id, 1);
      return { method: 'post', url: `/api/v1/rate-cards/${id}/versions/1/approve` };
    },
  },
  {
    name: 'POST …/withdraw',
    min: 'approver',
    ok: 200,
    call: async (s, id) => {
      await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id }));
      return {
        method: 'post',
        url: `/api/v1/rate-cards/${id}/versions/1/withdraw`,
        body: { reason: 'test' },
      };
    },
  },
  {
    name: 'POST …/uplift',
    min: 'editor',
    ok: 201,
    call: async (s, id) => {
      await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id }));
      await s.ctx.cards.submit(s.users.editor2.principal, id, 1);
      await s.ctx.cards.approve(s.users.approver2.principal, id, 1);
      return {
        method: 'post',
        url: `/api/v1/rate-cards/${id}/versions/1/uplift`,
        body: { reviewYear: 2026, cpihChange: '0.02', nlwChange: '0.04' },
      };
    },
  },
  {
    name: 'POST /users',
    min: 'admin',
    ok: 201,
    call: async (_s, id) => ({
      method: 'post',
      url: '/api/v1/users',
      body: { name: `user ${id}`, role: 'viewer' },
    }),
  },
  {
    name: 'POST /tokens',
    min: 'admin',
    ok: 201,
    call: async (s) => ({
      method: 'post',
      url: '/api/v1/tokens',
      body: { userId: s.users.viewer.principal.userId, label: 'matrix' },
    }),
  },
  {
    name: 'DELETE /tokens/:id',
    min: 'admin',
    ok: 204,
    call: async (s) => {
      const { id } = await s.ctx.orgs.createToken(
        { id: null, name: 'test', organisationId: s.orgId },
        s.users.viewer.principal.userId,
        'to revoke',
      );
      return { method: 'delete', url: `/api/v1/tokens/${id}` };
    },
  },
];

const RANK: Record<Who, number> = { none: -1, viewer: 0, editor: 1, approver: 2, admin: 3 };

describeEachDatabase('who may do what', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());

  let n = 0;
  const cases = ENDPOINTS.flatMap((e) => WHO.map((who) => [e.name, who, e] as const));
  test.each(cases)('%s as %s', async (_name, who, endpoint) => {
    const family = `m-${++n}`;
    const { method, url, body } = await endpoint.call(s, family);
    let req = request(s.app)[method](url);
    if (who !== 'none') req = req.set('Authorization', s.auth(who));
    const res = await (body === undefined ? req : req.send(body as object));
    const expected = who === 'none' ? 401 : RANK[who] >= RANK[endpoint.min] ? endpoint.ok : 403;
    expect({ status: res.status, body: res.body }).toMatchObject({ status: expected });
  });

  test.each(WHO)('reads need a token: every read as %s', async (who) => {
    const reads = [
      '/api/v1/me',
      '/api/v1/rate-cards',
      '/api/v1/rate-cards/x/versions/1',
      '/api/v1/rate-cards/x/in-force?date=2025-01-01',
      '/api/v1/rate-cards/x/diff?from=1&to=2',
    ];
    for (const url of reads) {
      let req = request(s.app).get(url);
      if (who !== 'none') req = req.set('Authorization', s.auth(who));
      const res = await req;
      if (who === 'none') expect(res.status).toBe(401);
      else expect([200, 404]).toContain(res.status);
    }
  });

  test('admin reads (audit, users, tokens) are for admins only', async () => {
    for (const url of ['/api/v1/audit', '/api/v1/users', '/api/v1/tokens']) {
      await request(s.app).get(url).set('Authorization', s.auth('approver')).expect(403);
      await request(s.app).get(url).set('Authorization', s.auth('admin')).expect(200);
    }
  });

  test('a token made through the API works once shown, is listed without its secret, and stops working when revoked', async () => {
    const made = await request(s.app)
      .post('/api/v1/tokens')
      .set('Authorization', s.auth('admin'))
      .send({ userId: 'Test viewer', label: 'excel on my laptop' })
      .expect(201);
    const token = made.body.token as string;
    expect(token).toMatch(/^cf_[A-Za-z0-9_-]{43}$/);
    await request(s.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    const list = await request(s.app)
      .get('/api/v1/tokens')
      .set('Authorization', s.auth('admin'))
      .expect(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === made.body.id);
    expect(listed).toMatchObject({
      label: 'excel on my laptop',
      userName: 'Test viewer',
      revokedAt: null,
    });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token);
    const { rows } = await s.ctx.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [made.body.id],
    );
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    await request(s.app)
      .delete(`/api/v1/tokens/${made.body.id}`)
      .set('Authorization', s.auth('admin'))
      .expect(204);
    await request(s.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
    await request(s.app)
      .delete('/api/v1/tokens/not-a-token')
      .set('Authorization', s.auth('admin'))
      .expect(404);
  });
});

describe('failed sign-ins are rate limited by address; successful ones are not counted', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ config: { authFailureLimit: 3 } });
  });
  afterAll(() => s.close());

  test('three bad tokens are 401, the fourth attempt is 429', async () => {
    for (let i = 0; i < 5; i++)
      await request(s.app).get('/api/v1/me').set('Authorization', s.auth('viewer')).expect(200);
    for (let i = 0; i < 3; i++)
      await request(s.app).get('/api/v1/me').set('Authorization', `Bearer guess-${i}`).expect(401);
    const blocked = await request(s.app)
      .get('/api/v1/me')
      .set('Authorization', 'Bearer guess-4')
      .expect(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_FAILURES');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  test("a valid token is never refused for someone else's bad guesses from the same address, and 60 at once are never counted", async () => {
    // The address is past its limit (the test above): valid tokens still pass, all at once.
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        request(s.app).get('/api/v1/me').set('Authorization', s.auth('viewer')),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(new Array(60).fill(200));
    await request(s.app).get('/api/v1/me').set('Authorization', 'Bearer guess-5').expect(429);
    // A request with no token is not a guess: 401, not counted.
    await request(s.app).get('/api/v1/me').expect(401);
  });
});

describe('CORS: only the configured add-in origin may call the API from a browser', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ config: { addinOrigin: 'https://addin.example.gov.uk' } });
  });
  afterAll(() => s.close());

  test('the add-in origin is allowed, with the headers the pane needs', async () => {
    const res = await request(s.app)
      .options('/api/v1/rate-cards')
      .set('Origin', 'https://addin.example.gov.uk')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://addin.example.gov.uk');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const get = await request(s.app)
      .get('/api/v1/me')
      .set('Origin', 'https://addin.example.gov.uk')
      .set('Authorization', s.auth('viewer'));
    expect(get.headers['access-control-expose-headers']).toMatch(/ETag/);
  });

  test('any other origin gets no CORS headers', async () => {
    const res = await request(s.app)
      .get('/api/v1/me')
      .set('Origin', 'https://evil.example')
      .set('Authorization', s.auth('viewer'));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
