/**
 * One small interface over both drivers, so PGlite (a single-file install, tests) and
 * PostgreSQL (production) share every line of SQL and every repository above this file.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from '../../config';

export type SqlParam = string | number | boolean | null | Date;

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  readonly driver: 'pglite' | 'pg';
  /** Run fn inside BEGIN … COMMIT; any throw rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Run fn holding a PostgreSQL session advisory lock: across instances, one at a time (fn
   * may run several transactions). PGlite is one process's own database: fn just runs.
   */
  withSessionLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** Run several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A PostgreSQL error as both drivers report it: SQLSTATE in `code`. */
export const sqlState = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;

/**
 * PGlite is one connection: a transaction and a concurrent request's query would share it
 * and interleave. Every use therefore goes through this queue, one at a time.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;
  private readonly lock = new Mutex();
  constructor(private readonly db: PGlite) {}

  query<T>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
    return this.lock.run(async () => ({ rows: (await this.db.query<T>(sql, [...params])).rows }));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.lock.run(() =>
      this.db.transaction(async (tx) =>
        fn({
          query: async <R>(sql: string, params: readonly SqlParam[] = []) => ({
            rows: (await tx.query<R>(sql, [...params])).rows,
          }),
        }),
      ),
    );
  }

  withSessionLock<T>(_key: number, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  exec(sql: string): Promise<void> {
    return this.lock.run(async () => {
      await this.db.exec(sql);
    });
  }

  close(): Promise<void> {
    return this.lock.run(() => this.db.close());
  }
}

class PgDatabase implements Database {
  readonly driver = 'pg' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
    const result = await this.pool.query(sql, [...params]);
    return { rows: result.rows as T[] };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await fn({
        query: async <R>(sql: string, params: readonly SqlParam[] = []) => ({
          rows: (await client.query(sql, [...params])).rows as R[],
        }),
      });
      await client.query('COMMIT');
      return value;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async withSessionLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    // The lock lives on one connection, held aside while fn uses the rest of the pool.
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** PGlite (in the data directory, or in memory for ':memory:'), or PostgreSQL when DATABASE_URL is set. */
export async function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...(config.databaseSchema
        ? { options: `-c search_path=${quoteIdent(config.databaseSchema)}` }
        : {}),
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    if (config.databaseSchema) {
      // Instances starting together race even IF NOT EXISTS: the loser finds the schema made.
      await pool
        .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(config.databaseSchema)}`)
        .catch((e: unknown) => {
          if (sqlState(e) !== '23505' && sqlState(e) !== '42P06') throw e;
        });
    }
    return new PgDatabase(pool);
  }
  const db =
    config.dataDir === ':memory:' ? await PGlite.create() : await PGlite.create(config.dataDir);
  return new PgliteDatabase(db);
}
