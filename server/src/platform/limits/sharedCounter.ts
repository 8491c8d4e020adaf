/**
 * Limiter counts kept in the database (table rate_limit_hits, migration 020), so every instance
 * on one PostgreSQL counts against the same limit; PGlite uses the same table. Fixed windows:
 * a key's hits in the window that now falls in, each hit one atomic upsert.
 */
import type { Store, Options, IncrementResponse } from 'express-rate-limit';
import type { Database } from '../db/database';

export class SharedCounter {
  constructor(
    private readonly db: Database,
    /** Keeps limiters apart in the one table. */
    private readonly name: string,
    readonly windowMs: number,
  ) {}

  private window(now = Date.now()): number {
    const size = Math.max(1, this.windowMs);
    return Math.floor(now / size) * size;
  }

  /** Count one hit; the key's hits in this window (this one included) and when it ends. */
  async hit(key: string): Promise<{ hits: number; resetTime: Date }> {
    const start = this.window();
    const { rows } = await this.db.query<{ hits: number }>(
      `INSERT INTO rate_limit_hits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
       RETURNING hits`,
      [`${this.name}:${key}`, start],
    );
    // Now and then, forget this limiter's finished windows.
    if (Math.random() < 0.01) await this.forgetOldWindows(start);
    return { hits: Number(rows[0]!.hits), resetTime: new Date(start + this.windowMs) };
  }

  async undo(key: string): Promise<void> {
    await this.db.query(
      'UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1 AND window_start = $2 AND hits > 0',
      [`${this.name}:${key}`, this.window()],
    );
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_hits WHERE key = $1', [`${this.name}:${key}`]);
  }

  private async forgetOldWindows(current: number): Promise<void> {
    await this.db.query(
      'DELETE FROM rate_limit_hits WHERE starts_with(key, $1) AND window_start < $2',
      [`${this.name}:`, current],
    );
  }
}

/** express-rate-limit's store over a SharedCounter (the window is the counter's). */
export class SharedLimitStore implements Store {
  private counter?: SharedCounter;
  /** Counts live in the database, shared by every instance. */
  readonly localKeys = false;

  constructor(
    private readonly db: Database,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.counter = new SharedCounter(this.db, this.prefix, options.windowMs);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { hits, resetTime } = await this.counter!.hit(key);
    return { totalHits: hits, resetTime };
  }

  decrement(key: string): Promise<void> {
    return this.counter!.undo(key);
  }

  resetKey(key: string): Promise<void> {
    return this.counter!.reset(key);
  }
}
