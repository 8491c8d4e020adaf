/**
 * Rate cards for the custom functions and the pane: fetched from the service, validated with
 * the engine's rateCardSchema, kept in memory and in per-user storage.
 *
 * - Deduplicated: any number of concurrent cells asking for the same card share one request.
 * - A failed or timed-out request rejects every waiting cell at once (no cell is left on
 *   #BUSY!), and the failure is remembered briefly so the rest of a recalculation does not
 *   hammer the service.
 * - Offline: cards fetched before are served from storage when the service cannot be reached.
 * - Synchronous when warm: `peek` answers from memory so a warm recalculation makes no
 *   requests and allocates no promises.
 * - Pinned: a version pinned for the workbook replaces the "in force on the date" lookup.
 *
 * - One request per card family when cold: the family's approved versions come with their
 *   effective dates in one answer, and every date is resolved here by the service's own rule
 *   (shared/src/inForce.ts), so a sheet pricing on 3,000 dates costs one request, not 3,000.
 *
 * Versions are immutable (id@version never changes), so they are kept for good. Which version
 * is in force on a date can change (a new version approved), so a family's dated versions are
 * fetched once a session and after `refresh()`; the stored ones are the fallback when offline.
 */
import {
  invalid,
  notFound,
  rateCardSchema,
  slugSchema,
  zodToCareFeeError,
  type IsoDate,
  type RateCard,
} from '../../../shared/src';
import { InForceIndex, type VersionRange } from '../../../shared/src/inForce';
import { isApiError, type CardSummary, type CardResponse } from './apiClient';
import { REQUEST_TIMEOUT_MS } from './config';
import type { PinStore } from './pins';
import type { KeyValueStore } from './storage';

/** What the cache fetches from: the ApiClient, or a fake in tests. */
export interface CardSource {
  getCardVersion(id: string, version: number): Promise<CardResponse>;
  /** Every approved and superseded version of a family, with its effective dates. */
  getCardFamily(id: string): Promise<{ id: string; versions: CardResponse[] }>;
}

/** "bham-care-homes" (the family: the version in force) or "bham-care-homes@3" (one version). */
export interface CardRef {
  id: string;
  version?: number;
}

export interface CachedCard {
  card: RateCard;
  meta: CardSummary | null;
  /** When this copy was fetched from the service (ISO timestamp). */
  fetchedAt: string;
  /** The version came from a workbook pin. */
  pinned: boolean;
  /** The service could not be reached: this is the stored copy. */
  offline: boolean;
}

/** The card cannot be had: not connected and not cached, or the service sent something unusable. */
export class CardUnavailableError extends Error {
  override readonly name = 'CarefeeCardUnavailable';
}
export const isCardUnavailable = (e: unknown): e is CardUnavailableError =>
  typeof e === 'object' &&
  e !== null &&
  (e as { name?: unknown }).name === 'CarefeeCardUnavailable';

const refs = new Map<string, CardRef>();

/** Parse a card reference as typed in a cell; INVALID_INPUT (→ #VALUE!) when malformed. */
export function parseCardRef(input: unknown): CardRef {
  if (typeof input === 'string') {
    const known = refs.get(input);
    if (known) return known;
  }
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalid(
      `card must be a rate card id such as "bham-care-homes" or "bham-care-homes@3", got ${JSON.stringify(input)}`,
      ['card'],
    );
  }
  const text = input.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  const id = at < 0 ? text : text.slice(0, at);
  const versionText = at < 0 ? undefined : text.slice(at + 1).replace(/^v/, '');
  if (!slugSchema.safeParse(id).success) {
    throw invalid(
      `card "${input}" is not a rate card id (lower-case letters, digits and dashes, e.g. "bham-care-homes")`,
      ['card'],
    );
  }
  let ref: CardRef = { id };
  if (versionText !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(versionText)) {
      throw invalid(
        `card "${input}": the version after @ must be a whole number from 1, e.g. "${id}@3"`,
        ['card'],
      );
    }
    ref = { id, version: Number(versionText) };
  }
  if (refs.size < 10_000) refs.set(input, ref);
  return ref;
}

export const formatCardRef = (ref: CardRef) =>
  ref.version === undefined ? ref.id : `${ref.id}@${ref.version}`;

interface VersionEntry {
  card: RateCard;
  meta: CardSummary | null;
  fetchedAt: string;
}
interface FamilyEntry {
  ranges: VersionRange[];
  index: InForceIndex;
  /** Date → version in force (null: none), so a warm cell does one map lookup. */
  memo: Map<IsoDate, number | null>;
  fetchedAt: string;
  /** Fetched (or deliberately kept) in this session; a stale one is only an offline fallback. */
  fresh: boolean;
  offline: boolean;
}

const familyEntry = (
  ranges: VersionRange[],
  fetchedAt: string,
  fresh: boolean,
  offline: boolean,
): FamilyEntry => ({
  ranges,
  index: new InForceIndex(ranges),
  memo: new Map(),
  fetchedAt,
  fresh,
  offline,
});
interface Failure {
  error: unknown;
  until: number;
}

export interface CardCacheOptions {
  source: CardSource;
  store?: KeyValueStore;
  pins?: PinStore;
  /** Today's date for cells that give none (local calendar date). */
  today?: () => IsoDate;
  now?: () => number;
  /** Reject a request that takes longer (the ApiClient has its own timeout too). */
  timeoutMs?: number;
  /** How long a failure is remembered before the next cell may try again. */
  failureTtlMs?: number;
  storageKey?: string;
}

const STORAGE_VERSION = 2;

export function localToday(): IsoDate {
  const d = new Date();
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

const covers = (card: RateCard, date: IsoDate) =>
  card.effectiveFrom <= date &&
  (card.effectiveTo === null || card.effectiveTo === undefined || date <= card.effectiveTo);

export class CardCache {
  private readonly versions = new Map<string, VersionEntry>();
  private readonly families = new Map<string, FamilyEntry>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Promise<CachedCard>>();
  private readonly failures = new Map<string, Failure>();
  private loaded: Promise<void> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  readonly today: () => IsoDate;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly failureTtlMs: number;
  private readonly storageKey: string;
  /** Requests made to the source (for the pane's status line and the benchmark). */
  requests = 0;

  constructor(private readonly options: CardCacheOptions) {
    this.today = options.today ?? localToday;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS + 1_000;
    this.failureTtlMs = options.failureTtlMs ?? 5_000;
    this.storageKey = options.storageKey ?? 'carefee.cards';
  }

  /** The card from memory, or undefined when it must be fetched (then call `get`). */
  peek(ref: CardRef, date?: IsoDate): CachedCard | undefined {
    if (ref.version !== undefined) return this.fromVersion(ref.id, ref.version, false, false);
    const pinned = this.options.pins?.get(ref.id);
    if (pinned !== undefined) {
      const hit = this.versions.get(`${ref.id}@${pinned}`);
      if (!hit) return undefined;
      if (date === undefined || covers(hit.card, date)) return this.entry(hit, true, false);
    }
    const family = this.families.get(ref.id);
    if (!family?.fresh) return undefined;
    const version = this.versionOn(family, ref.id, date ?? this.today());
    if (version === null) return undefined; // `get` explains that none is in force
    return this.fromVersion(ref.id, version, false, family.offline);
  }

  private versionOn(family: FamilyEntry, id: string, date: IsoDate): number | null {
    let version = family.memo.get(date);
    if (version === undefined) {
      version = family.index.versionOn(id, date) ?? null;
      if (family.memo.size < 100_000) family.memo.set(date, version);
    }
    return version;
  }

  /**
   * The card for a reference and date (today when none): from memory, storage or the service.
   * Concurrent calls for the same reference and date share one promise, so a cold sheet of
   * 100,000 cells costs one pending lookup per card, not one per cell.
   */
  get(ref: CardRef, date?: IsoDate): Promise<CachedCard> {
    const key = `${formatCardRef(ref)}|${date ?? ''}`;
    let waiting = this.waiting.get(key);
    if (!waiting) {
      waiting = this.lookup(ref, date).finally(() => this.waiting.delete(key));
      this.waiting.set(key, waiting);
    }
    return waiting;
  }

  private async lookup(ref: CardRef, date?: IsoDate): Promise<CachedCard> {
    await this.load();
    const hit = this.peek(ref, date);
    if (hit) return hit;
    if (ref.version !== undefined)
      return this.entry(await this.fetchVersion(ref.id, ref.version), false, false);
    const pinned = this.options.pins?.get(ref.id);
    if (pinned !== undefined) {
      const entry = await this.fetchVersion(ref.id, pinned);
      if (date === undefined || covers(entry.card, date)) return this.entry(entry, true, false);
    }
    return this.fetchInForce(ref.id, date ?? this.today());
  }

  /** Read the stored copy once (every `get` waits for it). */
  load(): Promise<void> {
    this.loaded ??= this.readStore();
    return this.loaded;
  }

  /** Look up again which version is in force (after an approval, a reconnect, a new token). */
  refresh(): void {
    for (const family of this.families.values()) family.fresh = false;
    this.failures.clear();
    this.emit();
  }

  /** Forget every card, in memory and in storage. */
  async clear(): Promise<void> {
    this.versions.clear();
    this.families.clear();
    this.failures.clear();
    await this.options.store?.removeItem(this.storageKey);
    this.emit();
  }

  /** Every version held, newest fetch first: the pane's "cards available offline" list. */
  cachedCards(): CachedCard[] {
    return [...this.versions.values()]
      .sort((a, b) => (a.fetchedAt < b.fetchedAt ? 1 : -1))
      .map((v) => this.entry(v, this.options.pins?.get(v.card.id) === v.card.version, false));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------

  private entry(v: VersionEntry, pinned: boolean, offline: boolean): CachedCard {
    return { card: v.card, meta: v.meta, fetchedAt: v.fetchedAt, pinned, offline };
  }

  private fromVersion(
    id: string,
    version: number,
    pinned: boolean,
    offline: boolean,
  ): CachedCard | undefined {
    const v = this.versions.get(`${id}@${version}`);
    return v && this.entry(v, pinned, offline);
  }

  private fetchVersion(id: string, version: number): Promise<VersionEntry> {
    return this.shared<VersionEntry>(`${id}@${version}`, async () => {
      const response = await this.options.source.getCardVersion(id, version);
      const entry = this.accept(response, `${id}@${version}`, id, version);
      return entry;
    }).catch((e) => {
      throw this.unavailable(e, `${id}@${version}`);
    });
  }

  private async fetchInForce(id: string, date: IsoDate): Promise<CachedCard> {
    let family: FamilyEntry;
    try {
      family = await this.fetchFamily(id);
    } catch (e) {
      // Offline (or the service is failing): the dated versions stored last time are still a
      // true statement about approved cards, so serve them rather than fail every cell.
      const stale = this.families.get(id);
      if (!stale || this.isDefinitive(e)) throw this.unavailable(e, id);
      stale.fresh = true;
      stale.offline = true;
      family = stale;
    }
    const version = this.versionOn(family, id, date);
    if (version === null) {
      throw notFound(
        family.ranges.length === 0
          ? `rate card ${id} has no approved version yet`
          : `no approved version of rate card ${id} is in force on ${date}`,
        ['date'],
      );
    }
    const entry = this.versions.get(`${id}@${version}`);
    if (entry) return this.entry(entry, false, family.offline);
    // Stored ranges name a version whose content was not kept: fetch it (or say it is missing).
    return this.entry(await this.fetchVersion(id, version), false, family.offline);
  }

  /** A family's dated versions: one request, shared by every cell and date that needs it. */
  private fetchFamily(id: string): Promise<FamilyEntry> {
    return this.shared<FamilyEntry>(`${id}|family`, async () => {
      const response = await this.options.source.getCardFamily(id);
      const list = Array.isArray(response?.versions) ? response.versions : null;
      if (!list) throw new CardUnavailableError(`carefee sent no versions for rate card ${id}`);
      const entries = list.map((v) => this.accept(v, `a version of ${id}`, id));
      const ranges = entries.map((e): VersionRange => ({
        id,
        version: e.card.version,
        effectiveFrom: e.card.effectiveFrom,
        effectiveTo: e.card.effectiveTo ?? null,
      }));
      const family = familyEntry(ranges, new Date(this.now()).toISOString(), true, false);
      this.families.set(id, family);
      this.scheduleSave();
      return family;
    });
  }

  /** A "no such card" or "bad request" answer is the truth, not a connection problem. */
  private isDefinitive(e: unknown): boolean {
    return isApiError(e) && (e.kind === 'not-found' || e.kind === 'invalid-input');
  }

  private unavailable(e: unknown, what: string): unknown {
    if (this.isDefinitive(e) || isCardUnavailable(e)) return e;
    const reason = isApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
    return new CardUnavailableError(
      `not connected to carefee (${reason}) and card ${what} is not cached`,
    );
  }

  /** One request per key at a time; its outcome (or a recent failure) is shared by all callers. */
  private shared<T>(key: string, request: () => Promise<T>): Promise<T> {
    const failure = this.failures.get(key);
    if (failure && failure.until > this.now()) return Promise.reject(failure.error);
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    this.requests += 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new CardUnavailableError(
              `carefee did not answer within ${Math.round(this.timeoutMs / 1000)} s`,
            ),
          ),
        this.timeoutMs,
      );
    });
    const promise = Promise.race([request(), timeout]).then(
      (entry) => {
        clearTimeout(timer);
        this.inflight.delete(key);
        this.failures.delete(key);
        this.emit();
        return entry;
      },
      (error: unknown) => {
        clearTimeout(timer);
        this.inflight.delete(key);
        this.failures.set(key, { error, until: this.now() + this.failureTtlMs });
        throw error;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  /** Validate a card from the service and keep it. */
  private accept(response: CardResponse, what: string, id: string, version?: number): VersionEntry {
    const parsed = rateCardSchema.safeParse(response?.card);
    if (!parsed.success) {
      throw new CardUnavailableError(
        `carefee sent ${what}, but it is not a valid rate card: ${zodToCareFeeError(parsed.error).message}`,
      );
    }
    const card = parsed.data;
    if (card.id !== id || (version !== undefined && card.version !== version)) {
      throw new CardUnavailableError(
        `asked carefee for ${what} but it sent ${card.id} v${card.version}`,
      );
    }
    const key = `${card.id}@${card.version}`;
    const existing = this.versions.get(key);
    if (existing) return existing; // versions never change: keep the object (its compiled form is cached)
    const entry: VersionEntry = {
      card,
      meta: response.meta ?? null,
      fetchedAt: new Date(this.now()).toISOString(),
    };
    this.versions.set(key, entry);
    this.scheduleSave();
    return entry;
  }

  private async readStore(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    let raw: string | null;
    try {
      raw = await store.getItem(this.storageKey);
    } catch {
      return;
    }
    if (!raw) return;
    try {
      const data = JSON.parse(raw) as {
        v?: number;
        versions?: Record<string, { card: unknown; meta: CardSummary | null; fetchedAt: string }>;
        families?: Record<string, { ranges: VersionRange[]; fetchedAt: string }>;
      };
      if (data.v !== STORAGE_VERSION) return;
      for (const stored of Object.values(data.versions ?? {})) {
        const parsed = rateCardSchema.safeParse(stored.card);
        if (!parsed.success) continue; // an old or damaged copy: fetch afresh when needed
        const key = `${parsed.data.id}@${parsed.data.version}`;
        if (!this.versions.has(key))
          this.versions.set(key, {
            card: parsed.data,
            meta: stored.meta ?? null,
            fetchedAt: String(stored.fetchedAt),
          });
      }
      for (const [id, stored] of Object.entries(data.families ?? {})) {
        const ranges = (Array.isArray(stored.ranges) ? stored.ranges : []).filter(
          (r) =>
            r.id === id &&
            Number.isInteger(r.version) &&
            typeof r.effectiveFrom === 'string' &&
            (r.effectiveTo === null || typeof r.effectiveTo === 'string'),
        );
        if (!this.families.has(id))
          this.families.set(id, familyEntry(ranges, String(stored.fetchedAt), false, false));
      }
    } catch {
      // Unreadable storage is the same as none.
    }
  }

  private scheduleSave() {
    if (!this.options.store || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, 50);
  }

  /** Write the cards and families' dated versions to storage now. */
  async save(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const versions: Record<string, VersionEntry> = {};
    for (const [key, v] of this.versions) versions[key] = v;
    const families: Record<string, { ranges: VersionRange[]; fetchedAt: string }> = {};
    for (const [id, f] of this.families)
      families[id] = { ranges: f.ranges, fetchedAt: f.fetchedAt };
    try {
      await store.setItem(
        this.storageKey,
        JSON.stringify({ v: STORAGE_VERSION, versions, families }),
      );
    } catch {
      // Storage full or refused: the cards still work for this session.
    }
  }

  private emit() {
    this.listeners.forEach((l) => l());
  }
}
