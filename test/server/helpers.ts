/**
 * A fresh service for each suite: in-memory PGlite, or (driver 'pg') a schema of its own on
 * TEST_DATABASE_URL, dropped on close. One organisation with a user and token per role.
 */
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { loadConfig, type Config } from '../../server/src/config';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { createApp } from '../../server/src/app';
import type { AppContext } from '../../server/src/context';
import type { Principal, Role } from '../../server/src/platform/auth/roles';
import { systemActor } from '../../server/src/rateCards/repository';

export type Driver = 'pglite' | 'pg';

export interface TestUser {
  token: string;
  principal: Principal;
}

export interface TestService {
  app: express.Express;
  ctx: AppContext;
  driver: Driver;
  orgId: string;
  tokens: {
    viewer: string;
    editor: string;
    editor2: string;
    approver: string;
    approver2: string;
    admin: string;
  };
  users: Record<keyof TestService['tokens'], TestUser>;
  /** Authorization header value for a role. */
  auth(role: keyof TestService['tokens']): string;
  close(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    dataDir: ':memory:',
    logLevel: 'silent',
    demo: false,
    authFailureLimit: 100_000,
    addinDir: '/nonexistent/carefee-addin',
    ...overrides,
  };
}

export async function startTestService(
  options: { driver?: Driver; config?: Partial<Config>; orgName?: string } = {},
): Promise<TestService> {
  const driver = options.driver ?? 'pglite';
  if (driver === 'pg' && !TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = driver === 'pg' ? `carefee_t_${randomBytes(6).toString('hex')}` : undefined;
  const config = testConfig({
    ...(driver === 'pg' ? { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema } : {}),
    ...options.config,
  });
  const db = await openDatabase(config);
  await migrate(db);
  const ctx = createContext(config, db, createLogger('silent'));
  const org = await ctx.orgs.createOrganisation(
    systemActor,
    options.orgName ?? 'Test City Council',
  );
  const roles: Array<[keyof TestService['tokens'], Role]> = [
    ['viewer', 'viewer'],
    ['editor', 'editor'],
    ['editor2', 'editor'],
    ['approver', 'approver'],
    ['approver2', 'approver'],
    ['admin', 'admin'],
  ];
  const users = {} as TestService['users'];
  for (const [key, role] of roles) {
    const user = await ctx.orgs.createUser(systemActor, org.id, `Test ${key}`, role);
    const { token } = await ctx.orgs.createToken(systemActor, user.id, `test ${key}`);
    users[key] = {
      token,
      principal: {
        userId: user.id,
        name: user.name,
        role,
        organisationId: org.id,
        organisationName: org.name,
      },
    };
  }
  const tokens = Object.fromEntries(
    Object.entries(users).map(([k, u]) => [k, u.token]),
  ) as TestService['tokens'];
  return {
    app: createApp(ctx),
    ctx,
    driver,
    orgId: org.id,
    tokens,
    users,
    auth: (role) => `Bearer ${tokens[role]}`,
    async close() {
      if (schema) await db.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await db.close();
    },
  };
}

/** Run a suite on PGlite always, and on PostgreSQL when TEST_DATABASE_URL is set. */
export function describeEachDatabase(name: string, fn: (driver: Driver) => void): void {
  describe(`${name} [PGlite]`, () => fn('pglite'));
  if (TEST_DATABASE_URL) describe(`${name} [PostgreSQL]`, () => fn('pg'));
  else
    describe.skip(`${name} [PostgreSQL] (skipped: TEST_DATABASE_URL is not set)`, () => fn('pg'));
}
