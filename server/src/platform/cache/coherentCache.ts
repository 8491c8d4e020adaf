/**
 * A small read-through cache that stays honest beside writers, on one instance and several:
 *
 * - an entry lives at most `ttlMs`: the bound within which a change committed by another
 *   instance (or the admin command line) is honoured here, since nothing tells this process;
 * - `invalidate()` forgets everything at once; writers call it after their commit;
 * - a value read from the database before an invalidation is never stored after it (each read
 *   takes a `stamp()` first), so a request racing a revocation cannot cache the old row again.
 */
export const CACHE_TTL_MS = 1_000;

export class CoherentCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = CACHE_TTL_MS,
    /** Bounded: many keys (tokens, versions) never grow the process. */
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.until > Date.now() ? hit.value : undefined;
  }

  /** Take before reading what will be stored, and pass to `set`. */
  stamp(): number {
    return this.generation;
  }

  set(key: string, value: V, stamp: number): void {
    if (stamp !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
