import request from 'supertest';
import { describeEachDatabase, startTestService, type TestService } from './helpers';
import { cardDiffSchema } from '../../shared/src/contract/engine';
import { testCard } from './fixtures';
import { LIST_PAGE_DEFAULT, LIST_PAGE_MAX } from '../../shared/src/contract/rateCards';

describeEachDatabase('rate card lifecycle', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
  });
  afterAll(() => s.close());

  const api = () => request(s.app);

  /** Draft by editor, submitted by editor, approved by approver. */
  async function approvedCard(overrides: Parameters<typeof testCard>[0] = {}) {
    const created = await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard(overrides))
      .expect(201);
    const { id, version } = created.body.meta;
    await api()
      .post(`/api/v1/rate-cards/${id}/versions/${version}/submit`)
      .set('Authorization', s.auth('editor'))
      .expect(200);
    const approved = await api()
      .post(`/api/v1/rate-cards/${id}/versions/${version}/approve`)
      .set('Authorization', s.auth('approver'))
      .expect(200);
    return approved.body as {
      card: { id: string; version: number };
      meta: { id: string; version: number; status: string };
    };
  }

  test('a draft is created, edited, submitted and approved by someone else, then served with a strong ETag', async () => {
    const created = await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send({ ...testCard({ id: 'life' }), version: 99 })
      .expect(201);
    expect(created.headers.location).toBe('/api/v1/rate-cards/life/versions/1');
    expect(created.body.meta).toMatchObject({
      id: 'life',
      version: 1,
      status: 'draft',
      createdBy: 'Test editor',
      approvedBy: null,
    });
    expect(created.body.card.hotelCost).toBe('250.00');

    const edited = await api()
      .put('/api/v1/rate-cards/life/versions/1')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'life', hotelCost: 260 }))
      .expect(200);
    expect(edited.body.card.hotelCost).toBe('260.00');

    const submitted = await api()
      .post('/api/v1/rate-cards/life/versions/1/submit')
      .set('Authorization', s.auth('editor'))
      .expect(200);
    expect(submitted.body.meta.status).toBe('submitted');
    // A submitted card is no longer editable.
    await api()
      .put('/api/v1/rate-cards/life/versions/1')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'life' }))
      .expect(409);

    const approved = await api()
      .post('/api/v1/rate-cards/life/versions/1/approve')
      .set('Authorization', s.auth('approver'))
      .expect(200);
    expect(approved.body.meta).toMatchObject({
      status: 'approved',
      approvedBy: 'Test approver',
      submittedBy: 'Test editor',
    });

    const got = await api()
      .get('/api/v1/rate-cards/life/versions/1')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(got.body.card.hotelCost).toBe('260.00');
    const etag = got.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    await api()
      .get('/api/v1/rate-cards/life/versions/1')
      .set('Authorization', s.auth('viewer'))
      .set('If-None-Match', etag)
      .expect(304);

    const inForce = await api()
      .get('/api/v1/rate-cards/life/in-force?date=2025-12-25')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(inForce.body.meta.version).toBe(1);
    expect(inForce.headers.etag).toBe(etag);

    const list = await api()
      .get('/api/v1/rate-cards')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'life', version: 1, status: 'approved' }),
      ]),
    );

    const schedule = await api()
      .get('/api/v1/rate-cards/life/versions/1/schedule')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(schedule.body.rows[0]).toMatchObject({
      category: 'residential',
      base: '560.00',
      gold: '571.20',
    });
  });

  test('four-eyes: nobody approves a card they wrote or last edited', async () => {
    const byApprover = await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('approver'))
      .send(testCard({ id: 'eyes' }))
      .expect(201);
    expect(byApprover.body.meta.version).toBe(1);
    await api()
      .post('/api/v1/rate-cards/eyes/versions/1/submit')
      .set('Authorization', s.auth('approver'))
      .expect(200);
    const own = await api()
      .post('/api/v1/rate-cards/eyes/versions/1/approve')
      .set('Authorization', s.auth('approver'))
      .expect(403);
    expect(own.body.error.code).toBe('FOUR_EYES');
    await api()
      .post('/api/v1/rate-cards/eyes/versions/1/approve')
      .set('Authorization', s.auth('approver2'))
      .expect(200);

    // Written by the editor, last edited by approver2: approver2 may not approve it either.
    await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'eyes' }))
      .expect(201);
    await api()
      .put('/api/v1/rate-cards/eyes/versions/2')
      .set('Authorization', s.auth('approver2'))
      .send(testCard({ id: 'eyes', hotelCost: '251' }))
      .expect(200);
    await api()
      .post('/api/v1/rate-cards/eyes/versions/2/submit')
      .set('Authorization', s.auth('editor'))
      .expect(200);
    await api()
      .post('/api/v1/rate-cards/eyes/versions/2/approve')
      .set('Authorization', s.auth('approver2'))
      .expect(403);
    await api()
      .post('/api/v1/rate-cards/eyes/versions/2/approve')
      .set('Authorization', s.auth('approver'))
      .expect(200);
  });

  test('an approved version cannot be edited, submitted again or approved again', async () => {
    const { meta } = await approvedCard({ id: 'frozen' });
    const url = `/api/v1/rate-cards/frozen/versions/${meta.version}`;
    await api()
      .put(url)
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'frozen', hotelCost: '1' }))
      .expect(409);
    await api().post(`${url}/submit`).set('Authorization', s.auth('editor')).expect(409);
    await api().post(`${url}/approve`).set('Authorization', s.auth('approver2')).expect(409);
    const got = await api().get(url).set('Authorization', s.auth('viewer')).expect(200);
    expect(got.body.card.hotelCost).toBe('250.00');
  });

  test('the database itself refuses to change or delete an approved version, or to touch the audit log', async () => {
    await approvedCard({ id: 'db-frozen' });
    const where = `organisation_id = '${s.orgId}' AND card_id = 'db-frozen' AND version = 1`;
    await expect(
      s.ctx.db.query(
        `UPDATE rate_cards SET content = jsonb_set(content, '{hotelCost}', '"1.00"') WHERE ${where}`,
      ),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      s.ctx.db.query(`UPDATE rate_cards SET effective_from = '2020-01-01' WHERE ${where}`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      s.ctx.db.query(`UPDATE rate_cards SET status = 'draft' WHERE ${where}`),
    ).rejects.toThrow(/cannot move from approved to draft/);
    await expect(s.ctx.db.query(`DELETE FROM rate_cards WHERE ${where}`)).rejects.toThrow(
      /cannot be deleted/,
    );
    await expect(
      s.ctx.db.query(`UPDATE audit_log SET actor_name = 'someone else'`),
    ).rejects.toThrow(/append-only/);
    await expect(s.ctx.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    const { rows } = await s.ctx.db.query<{ content: { hotelCost: string }; status: string }>(
      `SELECT content, status FROM rate_cards WHERE ${where}`,
    );
    expect(rows[0]).toMatchObject({ status: 'approved', content: { hotelCost: '250.00' } });
  });

  test('the card in force on a date: latest effectiveFrom on or before it; a superseded version still covers its own dates', async () => {
    await approvedCard({ id: 'dated', effectiveFrom: '2024-04-01' });
    const v2 = await approvedCard({
      id: 'dated',
      effectiveFrom: '2025-04-01',
      hotelCost: '262.50',
    });
    expect(v2.meta.version).toBe(2);
    const inForce = async (date: string) =>
      api()
        .get(`/api/v1/rate-cards/dated/in-force?date=${date}`)
        .set('Authorization', s.auth('viewer'));

    expect((await inForce('2024-04-01')).body.meta.version).toBe(1);
    expect((await inForce('2025-03-31')).body.meta.version).toBe(1);
    expect((await inForce('2025-04-01')).body.meta.version).toBe(2);
    expect((await inForce('2030-01-01')).body.card.hotelCost).toBe('262.50');
    const before = await inForce('2024-03-31');
    expect(before.status).toBe(404);
    expect(before.body.error.message).toMatch(/in force on 2024-03-31/);
    expect((await inForce('2024-02-30')).status).toBe(400);
    expect((await inForce('')).status).toBe(400);

    const v1 = await api()
      .get('/api/v1/rate-cards/dated/versions/1')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(v1.body.meta).toMatchObject({ status: 'superseded', supersededBy: 2 });

    // A draft or submitted version is never in force.
    await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'dated', effectiveFrom: '2026-04-01' }))
      .expect(201);
    expect((await inForce('2026-06-01')).body.meta.version).toBe(2);

    // Withdrawing version 2 hands its dates back to version 1.
    await api()
      .post('/api/v1/rate-cards/dated/versions/2/withdraw')
      .set('Authorization', s.auth('approver'))
      .send({ reason: 'wrong CPIH' })
      .expect(200);
    expect((await inForce('2025-06-01')).body.meta.version).toBe(1);
    await api()
      .post('/api/v1/rate-cards/dated/versions/2/withdraw')
      .set('Authorization', s.auth('approver'))
      .expect(409);

    // A version with an end date stops covering dates after it.
    await approvedCard({ id: 'ending', effectiveFrom: '2025-04-01', effectiveTo: '2025-09-30' });
    expect(
      (
        await api()
          .get('/api/v1/rate-cards/ending/in-force?date=2025-09-30')
          .set('Authorization', s.auth('viewer'))
      ).status,
    ).toBe(200);
    expect(
      (
        await api()
          .get('/api/v1/rate-cards/ending/in-force?date=2025-10-01')
          .set('Authorization', s.auth('viewer'))
      ).status,
    ).toBe(404);
    expect(
      (
        await api()
          .get('/api/v1/rate-cards/nope/in-force?date=2025-10-01')
          .set('Authorization', s.auth('viewer'))
      ).body.error.message,
    ).toBe('no rate card nope');
  });

  test("a family's approved and superseded versions with their dates, in one viewer request", async () => {
    await approvedCard({ id: 'fam', effectiveFrom: '2024-04-01' });
    await approvedCard({ id: 'fam', effectiveFrom: '2025-04-01', hotelCost: '262.50' });
    // A draft is never in force, so it is not part of the family's dated versions.
    await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'fam', effectiveFrom: '2026-04-01' }))
      .expect(201);
    const res = await api()
      .get('/api/v1/rate-cards/fam/family')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(res.headers.etag).toBeTruthy();
    expect(res.body.id).toBe('fam');
    expect(
      res.body.versions.map(
        (v: {
          meta: { version: number; status: string };
          card: { effectiveFrom: string; hotelCost: string };
        }) => [v.meta.version, v.meta.status, v.card.effectiveFrom, v.card.hotelCost],
      ),
    ).toEqual([
      [1, 'superseded', '2024-04-01', '250.00'],
      [2, 'approved', '2025-04-01', '262.50'],
    ]);
    const none = await api()
      .get('/api/v1/rate-cards/nope/family')
      .set('Authorization', s.auth('viewer'))
      .expect(404);
    expect(none.body.error.message).toBe('no rate card nope');
    await api().get('/api/v1/rate-cards/fam/family').expect(401);
  });

  test('concurrent approvals of one submitted version: exactly one wins, the others get 409', async () => {
    const created = await api()
      .post('/api/v1/rate-cards')
      .set('Authorization', s.auth('editor'))
      .send(testCard({ id: 'race' }))
      .expect(201);
    expect(created.body.meta.version).toBe(1);
    await api()
      .post('/api/v1/rate-cards/race/versions/1/submit')
      .set('Authorization', s.auth('editor'))
      .expect(200);
    const approvers = ['approver', 'approver2', 'admin', 'approver', 'approver2', 'admin'] as const;
    const results = await Promise.all(
      approvers.map((who) =>
        api().post('/api/v1/rate-cards/race/versions/1/approve').set('Authorization', s.auth(who)),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const audit = await s.ctx.audit.list(s.orgId, { entityType: 'rate_card', entityId: 'race/1' });
    expect(audit.filter((a) => a.action === 'rate_card.approve')).toHaveLength(1);
  });

  test('concurrent drafts of one family get different version numbers', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        api()
          .post('/api/v1/rate-cards')
          .set('Authorization', s.auth('editor'))
          .send(testCard({ id: 'many' })),
      ),
    );
    const ok = results.filter((r) => r.status === 201).map((r) => r.body.meta.version as number);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(ok).size).toBe(ok.length);
    expect(ok.length).toBeGreaterThanOrEqual(1);
  });

  test('every change is in the audit log with who, what, and before/after', async () => {
    await approvedCard({ id: 'audited' });
    const res = await api()
      .get('/api/v1/audit?entityType=rate_card&entityId=audited/1')
      .set('Authorization', s.auth('admin'))
      .expect(200);
    const actions = res.body.items.map((i: { action: string }) => i.action).reverse();
    expect(actions).toEqual(['rate_card.create', 'rate_card.submit', 'rate_card.approve']);
    const approve = res.body.items[0];
    expect(approve).toMatchObject({
      actorName: 'Test approver',
      before: { status: 'submitted' },
      after: { status: 'approved' },
    });
    expect(res.body.items[2].after.hotelCost).toBe('250.00');
    await api().get('/api/v1/audit').set('Authorization', s.auth('approver')).expect(403);
  });

  test('the price review makes a new draft from an approved version, with the lines and the diff', async () => {
    await approvedCard({ id: 'review', effectiveFrom: '2025-04-01' });
    const res = await api()
      .post('/api/v1/rate-cards/review/versions/1/uplift')
      .set('Authorization', s.auth('editor'))
      .send({ reviewYear: 2026, cpihChange: '0.03', nlwChange: '0.05' })
      .expect(201);
    expect(res.body.meta).toMatchObject({
      id: 'review',
      version: 2,
      status: 'draft',
      derivedFrom: 1,
      effectiveFrom: '2026-04-01',
    });
    expect(res.body.card.hotelCost).toBe('257.50');
    expect(res.body.card.categories[0].careCost).toBe('315.00');
    expect(res.body.review.lines.length).toBeGreaterThan(0);
    expect(res.body.diff).toBeDefined();
    // From a draft: refused. A review year not after the card's start: refused by the engine (422).
    await api()
      .post('/api/v1/rate-cards/review/versions/2/uplift')
      .set('Authorization', s.auth('editor'))
      .send({ reviewYear: 2027, cpihChange: 0, nlwChange: 0 })
      .expect(409);
    await api()
      .post('/api/v1/rate-cards/review/versions/1/uplift')
      .set('Authorization', s.auth('editor'))
      .send({ reviewYear: 2025, cpihChange: 0, nlwChange: 0 })
      .expect(422);
    await api()
      .post('/api/v1/rate-cards/review/versions/1/uplift')
      .set('Authorization', s.auth('editor'))
      .send({ reviewYear: 2026, cpihChange: 3.1, nlwChange: 0 })
      .expect(400);

    const diff = await api()
      .get('/api/v1/rate-cards/review/diff?from=1&to=2')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(diff.body.from.version).toBe(1);
    expect(diff.body.to.version).toBe(2);
    expect(diff.body.diff).toBeDefined();
    // the engine's diff as documented; hotel 250.00 × 1.03 = 257.50, +7.50, 3.00%
    expect(cardDiffSchema.safeParse(diff.body.diff).success).toBe(true);
    expect(diff.body.diff.hotel).toMatchObject({
      old: '250.00',
      new: '257.50',
      change: '7.50',
      percent: '3.00',
    });
    await api()
      .get('/api/v1/rate-cards/review/diff?from=1&to=9')
      .set('Authorization', s.auth('viewer'))
      .expect(404);
  });

  test('cards belong to one organisation: another organisation sees none of them', async () => {
    await approvedCard({ id: 'private' });
    const other = await s.ctx.orgs.createOrganisation(
      { id: null, name: 'test', organisationId: null },
      `Other Council ${driver}`,
    );
    const user = await s.ctx.orgs.createUser(
      { id: null, name: 'test', organisationId: null },
      other.id,
      'Other viewer',
      'viewer',
    );
    const { token } = await s.ctx.orgs.createToken(
      { id: null, name: 'test', organisationId: null },
      user.id,
    );
    await api()
      .get('/api/v1/rate-cards/private/versions/1')
      .set('Authorization', `Bearer ${token}`)
      .expect(404);
    const list = await api()
      .get('/api/v1/rate-cards')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(list.body.items).toEqual([]);
  });

  test('the list pages: 100 versions by default, `limit` up to 500, a cursor to the next page until it is null', async () => {
    for (let i = 0; i < LIST_PAGE_DEFAULT + 1; i++)
      await s.ctx.cards.createDraft(s.users.editor.principal, testCard({ id: 'paged' }));
    const get = (query: string) =>
      api().get(`/api/v1/rate-cards${query}`).set('Authorization', s.auth('viewer'));
    const first = await get('').expect(200);
    expect(first.body.items).toHaveLength(LIST_PAGE_DEFAULT);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    // Small pages, followed to the end, give every version once, by id then version.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        body: { items: Array<{ id: string; version: number }>; nextCursor: string | null };
      } = await get(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items.map((c) => `${c.id}/${c.version}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await s.ctx.cards.list(s.orgId, { limit: LIST_PAGE_MAX });
    expect(seen).toEqual(all.items.map((c) => `${c.id}/${c.version}`));
    expect(seen.filter((k) => k.startsWith('paged/'))).toHaveLength(LIST_PAGE_DEFAULT + 1);

    for (const [query, path] of [
      ['?limit=501', ['query', 'limit']],
      ['?limit=0', ['query', 'limit']],
      ['?cursor=not-a-cursor', ['query', 'cursor']],
    ] as const) {
      const res = await get(query).expect(400);
      expect(res.body.error.path).toEqual(path);
    }
  });
});
