import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { openDatabase, type Database } from '../../server/src/platform/db/database';
import { loadMigrations, migrate, splitStatements } from '../../server/src/platform/db/migrate';
import { createContext } from '../../server/src/services';
import { createLogger } from '../../server/src/logger';
import { createApp } from '../../server/src/app';
import { DEMO_CARDS, DEMO_TOKENS, seedDemo } from '../../server/src/demo/seed';
import { TEST_DATABASE_URL, testConfig } from './helpers';
import type { Config } from '../../server/src/config';

async function open(config: Config) {
  const db = await openDatabase(config);
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  return { db, ctx, app: createApp(ctx) };
}

const bearer = (t: string) => `Bearer ${t}`;

describe('a restart keeps every approved card', () => {
  const cases: Array<
    [string, () => { config: Config; cleanup: (db?: Database) => Promise<void> }]
  > = [
    [
      'PGlite in a data directory',
      () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'carefee-restart-'));
        return {
          config: testConfig({ dataDir: dir }),
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    ],
  ];
  if (TEST_DATABASE_URL) {
    cases.push([
      'PostgreSQL',
      () => {
        const schema = `carefee_restart_${randomBytes(5).toString('hex')}`;
        return {
          config: testConfig({ databaseUrl: TEST_DATABASE_URL, databaseSchema: schema }),
          cleanup: async (db) => {
            await db?.query(`DROP SCHEMA "${schema}" CASCADE`);
          },
        };
      },
    ]);
  }

  test.each(cases)(
    '%s: seeded demo cards read back identically after close and reopen',
    async (_name, make) => {
      const { config, cleanup } = make();
      let db: Database | undefined;
      try {
        const first = await open(config);
        expect(await seedDemo(first.ctx)).not.toBeNull();
        const before = await request(first.app)
          .get('/api/v1/rate-cards')
          .set('Authorization', bearer(DEMO_TOKENS.viewer))
          .expect(200);
        const cardsBefore = await Promise.all(
          DEMO_CARDS.map((c) =>
            request(first.app)
              .get(`/api/v1/rate-cards/${c.id}/versions/1`)
              .set('Authorization', bearer(DEMO_TOKENS.viewer)),
          ),
        );
        await first.db.close();

        const second = await open(config);
        db = second.db;
        // Seeding again does nothing: the database is not empty.
        expect(await seedDemo(second.ctx)).toBeNull();
        const after = await request(second.app)
          .get('/api/v1/rate-cards')
          .set('Authorization', bearer(DEMO_TOKENS.viewer))
          .expect(200);
        expect(after.body.items).toEqual(before.body.items);
        expect(after.body.items.map((i: { status: string }) => i.status)).toEqual([
          'approved',
          'approved',
          'approved',
        ]);
        for (const [i, c] of DEMO_CARDS.entries()) {
          const res = await request(second.app)
            .get(`/api/v1/rate-cards/${c.id}/versions/1`)
            .set('Authorization', bearer(DEMO_TOKENS.viewer))
            .expect(200);
          expect(res.body).toEqual(cardsBefore[i]!.body);
          expect(res.headers.etag).toBe(cardsBefore[i]!.headers.etag);
        }
        // Migrations are not applied twice.
        expect(await migrate(second.db)).toEqual([]);
      } finally {
        await cleanup(db);
        await db?.close();
      }
    },
    120_000,
  );
});

describe('the demo seed', () => {
  test('makes one user per role, each card written by the editor and approved by the approver', async () => {
    const { db, ctx, app } = await open(testConfig());
    try {
      await seedDemo(ctx);
      for (const [role, token] of Object.entries(DEMO_TOKENS)) {
        const me = await request(app)
          .get('/api/v1/me')
          .set('Authorization', bearer(token))
          .expect(200);
        expect(me.body.user.role).toBe(role);
        expect(me.body.organisation.name).toBe('Demo City Council');
      }
      const list = await request(app)
        .get('/api/v1/rate-cards')
        .set('Authorization', bearer(DEMO_TOKENS.viewer))
        .expect(200);
      for (const item of list.body.items)
        expect(item).toMatchObject({
          createdBy: 'Demo Editor',
          approvedBy: 'Demo Approver',
          status: 'approved',
        });
      const nottingham = await request(app)
        .get('/api/v1/rate-cards/demo-base-rate/in-force?date=2025-06-01')
        .set('Authorization', bearer(DEMO_TOKENS.viewer))
        .expect(200);
      const schedule = await request(app)
        .get('/api/v1/rate-cards/demo-base-rate/versions/1/schedule')
        .set('Authorization', bearer(DEMO_TOKENS.viewer))
        .expect(200);
      expect(nottingham.body.card.categories).toHaveLength(1);
      expect(schedule.body.rows[0].base).toBe('469.28');
      const banded = await request(app)
        .get('/api/v1/rate-cards/demo-care-homes/versions/1/schedule')
        .set('Authorization', bearer(DEMO_TOKENS.viewer))
        .expect(200);
      // Residential, nursing, dementia, LD bands 1-4, MH bands 1-3.
      expect(banded.body.rows).toHaveLength(10);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('migrations', () => {
  test('every file in server/migrations is picked up, in order, numbers unique', () => {
    const ms = loadMigrations();
    expect(ms[0]!.name).toBe('001_core');
    expect(ms.map((m) => m.version)).toEqual([...ms.map((m) => m.version)].sort((a, b) => a - b));
  });

  test('statements split on semicolons outside quotes, comments and $$ bodies', () => {
    const sql = `-- a comment; not a split
CREATE TABLE a (x text DEFAULT 'a;b');
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no; never'; END $$;
/* block; comment */ SELECT 1`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain("RAISE EXCEPTION 'no; never'; END $$");
  });

  test('a migration that fails leaves nothing behind and is not recorded', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    try {
      await expect(
        migrate(db, [
          {
            version: 1,
            name: '001_broken',
            sql: 'CREATE TABLE half (x int); SELECT no_such_function()',
          },
        ]),
      ).rejects.toThrow();
      const { rows } = await db.query(
        `SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`,
      );
      expect(rows).toHaveLength(0);
      expect((await db.query('SELECT * FROM schema_migrations')).rows).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});
