/**
 * Three service instances on one PostgreSQL (three AppContexts, three pg pools, one schema of
 * the test database), as users who outgrow one machine run them: simultaneous starts, racing
 * approvals, revocation (at once where it was made, within the cache bound elsewhere), what is
 * in force, limits shared between instances, concurrent new versions and the audit order.
 * PostgreSQL only: PGlite is one process's own database.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type express from 'express';
import { openDatabase, type Database } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import { DEMO_TOKENS, demoSingleRateCard, seedDemo } from '../../server/src/demo/seed';
import { DEMO_SHARE_TOKEN } from '../../server/src/scenarios/demo';
import { CACHE_TTL_MS } from '../../server/src/platform/cache/coherentCache';
import { TEST_DATABASE_URL, testConfig } from './helpers';

const describePg = TEST_DATABASE_URL ? describe : describe.skip;

interface Instance {
  db: Database;
  ctx: AppContext;
  app: express.Express;
}

const bearer = (role: keyof typeof DEMO_TOKENS) => `Bearer ${DEMO_TOKENS[role]}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describePg('three instances on one PostgreSQL', () => {
  const schema = `carefee_t_${randomBytes(6).toString('hex')}`;
  const config = testConfig({
    databaseUrl: TEST_DATABASE_URL,
    databaseSchema: schema,
    demo: true,
    authFailureLimit: 5,
  });
  let instances: Instance[] = [];
  let seeded: Array<unknown>;
  const a = () => instances[0]!;
  const b = () => instances[1]!;
  const c = () => instances[2]!;

  beforeAll(async () => {
    // Simultaneous starts: three migrate + seed at once.
    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase(config)));
    seeded = await Promise.all(
      dbs.map(async (db) => {
        await migrate(db);
        const ctx = createContext(config, db, createLogger('silent'));
        instances.push({ db, ctx, app: createApp(ctx) });
        return seedDemo(ctx);
      }),
    );
  });

  afterAll(async () => {
    await instances[0]?.db.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await Promise.all(instances.map((i) => i.db.close()));
    instances = [];
  });

  test('three starting at once all succeed; exactly one seeds the demo', async () => {
    expect(instances).toHaveLength(3);
    expect(seeded.filter((s) => s !== null)).toHaveLength(1);
    const { rows } = await a().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM organisations',
    );
    expect(rows[0]!.n).toBe(1);
    for (const i of instances)
      await request(i.app).get('/api/v1/me').set('Authorization', bearer('viewer')).expect(200);
  });

  test('approvals racing on three instances: exactly one wins, the others get 409', async () => {
    const draft = await request(a().app)
      .post('/api/v1/rate-cards')
      .set('Authorization', bearer('editor'))
      .send({ ...demoSingleRateCard, id: 'race', version: undefined })
      .expect(201);
    const at = `/api/v1/rate-cards/race/versions/${draft.body.meta.version}`;
    await request(b().app).post(`${at}/submit`).set('Authorization', bearer('editor')).expect(200);
    const answers = await Promise.all(
      [...instances, ...instances].map((i) =>
        request(i.app).post(`${at}/approve`).set('Authorization', bearer('approver')),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    // The log replays in order: approved after submitted.
    const meta = answers.find((r) => r.status === 200)!.body.meta;
    expect(Date.parse(meta.approvedAt)).toBeGreaterThanOrEqual(Date.parse(meta.submittedAt));
  });

  test('concurrent new versions of one family on three instances are numbered in turn, none refused', async () => {
    const answers = await Promise.all(
      [...instances, ...instances, ...instances].map((i) =>
        request(i.app)
          .post('/api/v1/rate-cards')
          .set('Authorization', bearer('editor'))
          .send({ ...demoSingleRateCard, id: 'busy', version: undefined }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(new Array(9).fill(201));
    expect(answers.map((r) => r.body.meta.version).sort((x, y) => x - y)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    // One entity's audit rows: in order by time as by id.
    const { rows } = await a().db.query<{ at: Date }>(
      "SELECT at FROM audit_log WHERE entity_id LIKE 'busy/%' ORDER BY id",
    );
    const times = rows.map((r) => +new Date(r.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  test('a revoked token is refused at once where it was revoked, and by the others within the bound', async () => {
    const made = await request(a().app)
      .post('/api/v1/tokens')
      .set('Authorization', bearer('admin'))
      .send({ userId: 'Demo Viewer', label: 'to revoke' })
      .expect(201);
    const token = `Bearer ${made.body.token}`;
    // Every instance has it cached.
    for (const i of instances)
      await request(i.app).get('/api/v1/me').set('Authorization', token).expect(200);
    await request(a().app)
      .delete(`/api/v1/tokens/${made.body.id}`)
      .set('Authorization', bearer('admin'))
      .expect(204);
    const revoked = Date.now();
    await request(a().app).get('/api/v1/me').set('Authorization', token).expect(401);
    // Elsewhere the cached principal lives at most CACHE_TTL_MS (1 s) after the revocation.
    await sleep(Math.max(0, revoked + CACHE_TTL_MS - Date.now()));
    for (const i of [b(), c()])
      await request(i.app).get('/api/v1/me').set('Authorization', token).expect(401);
  });

  test('what is in force moves on every instance at once; a status line within the bound', async () => {
    const make = async (effectiveFrom: string) => {
      const d = await request(a().app)
        .post('/api/v1/rate-cards')
        .set('Authorization', bearer('editor'))
        .send({ ...demoSingleRateCard, id: 'moving', version: undefined, effectiveFrom })
        .expect(201);
      const at = `/api/v1/rate-cards/moving/versions/${d.body.meta.version}`;
      await request(a().app).post(`${at}/submit`).set('Authorization', bearer('editor'));
      await request(a().app).post(`${at}/approve`).set('Authorization', bearer('approver'));
      return d.body.meta.version as number;
    };
    const inForce = async (i: Instance) =>
      (
        await request(i.app)
          .get('/api/v1/rate-cards/moving/in-force?date=2026-06-01')
          .set('Authorization', bearer('viewer'))
          .expect(200)
      ).body.meta.version;
    const v1 = await make('2025-04-01');
    for (const i of instances) expect(await inForce(i)).toBe(v1);
    const v2 = await make('2026-04-01');
    for (const i of instances) expect(await inForce(i)).toBe(v2);
    // Cached status lines everywhere, then a withdrawal on A.
    for (const i of instances)
      await request(i.app)
        .get(`/api/v1/rate-cards/moving/versions/${v2}`)
        .set('Authorization', bearer('viewer'))
        .expect(200);
    await request(a().app)
      .post(`/api/v1/rate-cards/moving/versions/${v2}/withdraw`)
      .set('Authorization', bearer('approver'))
      .send({ reason: 'test' })
      .expect(200);
    const withdrawn = Date.now();
    for (const i of instances) expect(await inForce(i)).toBe(v1);
    const priced = await request(c().app)
      .post('/api/v1/calculate')
      .set('Authorization', bearer('viewer'))
      .send({ items: [{ card: 'moving', date: '2026-06-01', category: 'base' }] })
      .expect(200);
    expect(priced.body.results[0]).toMatchObject({ version: v1, fee: '469.28' });
    await sleep(Math.max(0, withdrawn + CACHE_TTL_MS - Date.now()));
    for (const i of instances) {
      const res = await request(i.app)
        .get(`/api/v1/rate-cards/moving/versions/${v2}`)
        .set('Authorization', bearer('viewer'))
        .expect(200);
      expect(res.body.meta.status).toBe('withdrawn');
    }
  });

  test('limits are shared: failed sign-ins from one address, and responses through one link', async () => {
    // A fresh window (the revoked token above was refused three times), limit 5 failures: two
    // guesses on each instance, the sixth is refused wherever it lands.
    await a().db.query("DELETE FROM rate_limit_hits WHERE key LIKE 'sign-in-failures:%'");
    const statuses: number[] = [];
    for (const i of [...instances, ...instances])
      statuses.push(
        (await request(i.app).get('/api/v1/me').set('Authorization', 'Bearer guess')).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Valid tokens pass on every instance all the same.
    for (const i of instances)
      await request(i.app).get('/api/v1/me').set('Authorization', bearer('viewer')).expect(200);
    // 100 responses an hour per link, counted by all three together.
    const answers: number[] = [];
    for (let n = 0; n < 102; n++)
      answers.push(
        (
          await request(instances[n % 3]!.app)
            .post(`/s/${DEMO_SHARE_TOKEN}/responses`)
            .send({})
        ).status,
      );
    expect(answers.slice(0, 100).every((s) => s !== 429)).toBe(true);
    expect(answers.slice(100)).toEqual([429, 429]);
  });
});
