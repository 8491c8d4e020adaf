import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';
import { testCard } from './fixtures';

describeEachDatabase('bad input is answered 4xx with a path, never 5xx', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
    await s.ctx.cards.createDraft(s.users.editor2.principal, testCard({ id: 'target' }));
  });
  afterAll(() => s.close());

  const badCards: unknown[] = [
    null,
    [],
    'a card',
    42,
    {},
    testCard({ id: 'Not A Slug' }),
    testCard({ hotelCost: '-1' }),
    testCard({ hotelCost: 'twelve' }),
    testCard({ hotelCost: '1e400' }),
    testCard({ effectiveFrom: '2025-02-30' }),
    testCard({ effectiveFrom: '2025-04-01', effectiveTo: '2025-03-01' }),
    testCard({ categories: [] }),
    { ...testCard(), surprise: true },
    { ...testCard(), title: 'x'.repeat(10_000) },
    testCard({
      categories: [
        { id: 'a', name: 'A', careCost: '1' },
        { id: 'a', name: 'A again', careCost: '2' },
      ],
    }),
  ];

  test.each(badCards.map((c, i) => [i, c]))(
    'POST /rate-cards with bad card #%s → 400',
    async (_i, card) => {
      const res = await request(s.app)
        .post('/api/v1/rate-cards')
        .set('Authorization', s.auth('editor'))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(card));
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        path: expect.any(Array),
      });
    },
  );

  test('the bad field is named in the path', async () => {
    const res = await request(s.app)
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ hotelCost: '-1' }));
    expect(res.body.error.path).toEqual(['hotelCost']);
  });

  test.each([
    ['put', '/api/v1/rate-cards/target/versions/1', { ...testCard({ id: 'other' }) }],
    ['put', '/api/v1/rate-cards/target/versions/1', { ...testCard({ id: 'target' }), version: 2 }],
    ['put', '/api/v1/rate-cards/target/versions/abc', testCard({ id: 'target' })],
    ['put', '/api/v1/rate-cards/target/versions/0', testCard({ id: 'target' })],
    ['put', '/api/v1/rate-cards/target/versions/-1', testCard({ id: 'target' })],
    ['put', '/api/v1/rate-cards/target/versions/1e400', testCard({ id: 'target' })],
    ['put', '/api/v1/rate-cards/target/versions/99999999999', testCard({ id: 'target' })],
    ['put', '/api/v1/rate-cards/BAD%20ID/versions/1', testCard({ id: 'target' })],
    ['post', '/api/v1/rate-cards/target/versions/1/withdraw', { reason: 42 }],
    ['post', '/api/v1/rate-cards/target/versions/1/withdraw', { reason: 'ok', extra: 1 }],
    ['post', '/api/v1/rate-cards/target/versions/1/uplift', { reviewYear: 'next' }],
    ['post', '/api/v1/rate-cards/target/versions/1/uplift', []],
    ['get', '/api/v1/rate-cards/target/in-force?date=2025-13-01', undefined],
    ['get', '/api/v1/rate-cards/target/in-force?date=2025-01-01&date=2025-01-02', undefined],
    ['get', '/api/v1/rate-cards/target/in-force', undefined],
    ['get', '/api/v1/rate-cards/target/diff?from=one&to=2', undefined],
    ['get', '/api/v1/rate-cards/target/versions/1.5', undefined],
    ['get', '/api/v1/audit?limit=-4', undefined],
    ['post', '/api/v1/users', { name: '', role: 'viewer' }],
    ['post', '/api/v1/users', { name: 'x', role: 'superuser' }],
    ['post', '/api/v1/tokens', { userId: 7 }],
  ] as const)('%s %s → 4xx', async (method, url, body) => {
    let req = request(s.app)[method](url).set('Authorization', s.auth('admin'));
    if (body !== undefined) req = req.send(body as object);
    const res = await req;
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  test('a body over the limit is 413; a body that is not JSON is 400', async () => {
    const small = await startTestService({ driver, config: { jsonLimit: '1kb' } });
    try {
      const res = await request(small.app)
        .post('/api/v1/rate-cards')
        .set('Authorization', small.auth('editor'))
        .send({ ...testCard(), notes: 'x'.repeat(5000) });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('TOO_LARGE');
    } finally {
      await small.close();
    }
    const res = await request(s.app)
      .put('/api/v1/rate-cards/target/versions/1')
      .set('Authorization', s.auth('editor'))
      .set('Content-Type', 'application/json')
      .send('{oops');
    expect(res.status).toBe(400);
  });
});

describeEachDatabase('a failed write leaves nothing half-written', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());

  /** Make the audit write fail for one action: the change it records must roll back with it. */
  function failAudit(action: string): () => void {
    const original = s.ctx.audit.record.bind(s.ctx.audit);
    const spy = jest.spyOn(s.ctx.audit, 'record').mockImplementation(async (tx, actor, entry) => {
      if (entry.action === action) throw new Error('disk full (simulated)');
      return original(tx, actor, entry);
    });
    return () => spy.mockRestore();
  }

  test('a draft whose audit row cannot be written is not created', async () => {
    const restore = failAudit('rate_card.create');
    try {
      const res = await request(s.app)
        .post('/api/v1/rate-cards')
        .set('Authorization', s.auth('editor'))
        .send(testCard({ id: 'ghost' }));
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
    } finally {
      restore();
    }
    const { rows } = await s.ctx.db.query(`SELECT 1 FROM rate_cards WHERE card_id = 'ghost'`);
    expect(rows).toHaveLength(0);
    // And the family can still be created afterwards, as version 1.
    const ok = await request(s.app)
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'ghost' }))
      .expect(201);
    expect(ok.body.meta.version).toBe(1);
  });

  test('an approval whose supersession audit fails leaves both versions as they were', async () => {
    await s.ctx.cards.createDraft(
      s.users.editor.principal,
      testCard({ id: 'half', effectiveFrom: '2024-04-01' }),
    );
    await s.ctx.cards.submit(s.users.editor.principal, 'half', 1);
    await s.ctx.cards.approve(s.users.approver.principal, 'half', 1);
    await s.ctx.cards.createDraft(
      s.users.editor.principal,
      testCard({ id: 'half', effectiveFrom: '2025-04-01' }),
    );
    await s.ctx.cards.submit(s.users.editor.principal, 'half', 2);
    const restore = failAudit('rate_card.supersede');
    try {
      await request(s.app)
        .post('/api/v1/rate-cards/half/versions/2/approve')
        .set('Authorization', s.auth('approver'))
        .expect(500);
    } finally {
      restore();
    }
    const { rows } = await s.ctx.db.query<{ version: number; status: string }>(
      `SELECT version, status FROM rate_cards WHERE card_id = 'half' ORDER BY version`,
    );
    expect(rows.map((r) => [Number(r.version), r.status])).toEqual([
      [1, 'approved'],
      [2, 'submitted'],
    ]);
    const audit = await s.ctx.audit.list(s.orgId, { entityId: 'half/2' });
    expect(audit.map((a) => a.action)).not.toContain('rate_card.approve');
    // Retried without the fault, it goes through.
    await request(s.app)
      .post('/api/v1/rate-cards/half/versions/2/approve')
      .set('Authorization', s.auth('approver'))
      .expect(200);
  });
});
