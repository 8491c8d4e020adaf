/**
 * Batch calculation: many placements priced in one request (a commissioner's whole sheet of
 * placements, a finance officer's budget model), across any number of dates and card families.
 *
 * The request fails as a whole only when it is malformed (a bad card reference, items not an
 * array, too many items) or names a card that is not there. Every item is then priced on its
 * own: a bad item gets its own error, and never spoils its neighbours.
 *
 * Which card prices an item: its own `card` ("id" or "id@version"), else the batch's `card`;
 * a family without a version is resolved to the version in force on the item's `date` (else the
 * batch's date). All the (card, date) pairs of a batch are resolved together: one query for the
 * families' effective ranges (resolved in memory, so 1,000 dates cost what one does), one for
 * the versions' content (approved versions come from memory).
 *
 * Cost grows with the items, not with what they say. Items repeat: each distinct placement
 * (category, band, rating, overdue, override) is validated once, each distinct date and card
 * text once, and each is priced once per card version with the engine's `weeklyFee`. Results,
 * refusals included, are shared objects (a refusal's path is relative to its item), and
 * `outcomeChunks` serialises each shared result once.
 */
import { z } from 'zod';
import {
  CareFeeError,
  compileCard,
  isCareFeeError,
  isoDateSchema,
  notFound,
  parseRateCard,
  weeklyFee,
  zodToCareFeeError,
  invalid,
  type ErrorPath,
  type FeeResult,
  type IsoDate,
  type Placement,
  type RateCard,
} from '../../../shared/src';
import { InForceIndex, type VersionRange } from '../../../shared/src/inForce';
import {
  itemCardSchema,
  MAX_BATCH_ITEMS,
  placementItemSchema,
  placementSchema,
  storedCardReferenceSchema,
  type CalculateQuery,
} from '../../../shared/src/contract/calculate';
import { ScannedItem, UnreadableLine } from './ndjson';

export interface CardVersionRef {
  id: string;
  version: number;
}

/** `id@version`: how versions are keyed here and named in an item's `card`. */
export const versionKey = (id: string, version: number) => `${id}@${version}`;

/** Where the service finds stored cards, scoped to the caller's organisation. */
export interface CardLookup {
  /** Stored versions (any status the caller may see) by `versionKey`; missing ones are absent. */
  versions(refs: readonly CardVersionRef[]): Promise<Map<string, RateCard>>;
  /** The effective ranges of these families' approved and superseded versions. */
  ranges(ids: readonly string[]): Promise<VersionRange[]>;
}

/** An item's card text ("id" or "id@version") as id and version, or why not (at `at`). */
export function parseItemCard(
  text: unknown,
  at: ErrorPath,
): { id: string; version?: number } | CareFeeError {
  const parsed = itemCardSchema.safeParse(text);
  if (!parsed.success) return zodToCareFeeError(parsed.error, at);
  const [id, version] = parsed.data.split('@') as [string, string | undefined];
  if (version === undefined) return { id };
  if (Number(version) > 1_000_000)
    return invalid(`${at.join('.')}: a version is at most 1000000`, at);
  return { id, version: Number(version) };
}

/**
 * The batch card of an NDJSON body, from the query: "id" with a date (in force on it), "id"
 * alone (a family), "id@version". Errors carry paths under `query`.
 */
export function queryCardReference(query: CalculateQuery): ParsedCardReference | undefined {
  if (query.card === undefined) {
    if (query.date !== undefined)
      throw invalid('query.date needs query.card: the family whose version it chooses', [
        'query',
        'date',
      ]);
    return undefined;
  }
  const card = parseItemCard(query.card, ['query', 'card']);
  if (card instanceof CareFeeError) throw card;
  if (query.date === undefined)
    return card.version === undefined
      ? { kind: 'family', id: card.id }
      : { kind: 'version', id: card.id, version: card.version };
  if (card.version !== undefined)
    throw invalid('query: give either a date or a card version, not both', ['query', 'date']);
  const date = isoDateSchema.safeParse(query.date);
  if (!date.success) throw zodToCareFeeError(date.error, ['query', 'date']);
  return { kind: 'date', id: card.id, date: date.data };
}

/** Why one item was not priced; shared by every item refused for the same reason. */
export interface Refusal {
  ok: false;
  /** `path` is relative to the item: serialised as ["items", index, ...path]. */
  error: { code: string; message: string; path: ErrorPath };
}

export type ItemResult = ({ ok: true } & FeeResult) | Refusal;

export interface CalculateOutcome {
  /** The batch's card when it named one version: inline, by version, or in force on its date. */
  card?: { id: string; version: number };
  /** One per item, in order; equal results are one shared object. */
  results: ItemResult[];
}

export type ParsedCardReference =
  | { kind: 'date'; id: string; date: IsoDate }
  | { kind: 'version'; id: string; version: number }
  | { kind: 'family'; id: string }
  | { kind: 'inline'; card: RateCard };

export interface CalculateRequest {
  card?: ParsedCardReference;
  items: unknown[];
}

/** A batch of `count` items, JSON or NDJSON, is within the item limit; else 400 on `items`. */
export function checkItemCount(count: number): void {
  if (count > MAX_BATCH_ITEMS) {
    throw invalid(
      `a batch holds at most ${MAX_BATCH_ITEMS.toLocaleString('en-GB')} items, got ${count.toLocaleString('en-GB')}: split it`,
      ['items'],
    );
  }
}

/** Check the envelope; throws a CareFeeError with a path under `card` or `items`. */
export function parseCalculateRequest(body: unknown): CalculateRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('the request body must be a JSON object { card?, items }', []);
  }
  const { card, items, ...rest } = body as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined)
    throw invalid(`unknown field "${unknownKey}" (expected card and items)`, [unknownKey]);
  if (!Array.isArray(items)) throw invalid('items must be an array of placements', ['items']);
  checkItemCount(items.length);
  return card === undefined ? { items } : { card: parseCardReference(card), items };
}

/** Check a card reference ({id, date}, {id, version}, {id} or {inline}); errors carry paths under `card`. */
export function parseCardReference(card: unknown, at: ErrorPath = ['card']): ParsedCardReference {
  const where = at.join('.');
  if (card === null || typeof card !== 'object' || Array.isArray(card)) {
    throw invalid(`${where} must be {id, date}, {id, version}, {id} or {inline: rate card}`, at);
  }
  if ('inline' in card) {
    const { inline, ...others } = card as Record<string, unknown>;
    const other = Object.keys(others)[0];
    if (other !== undefined)
      throw invalid(`${where}: an inline card stands alone, unexpected "${other}"`, [...at, other]);
    if (inline === null || typeof inline !== 'object' || Array.isArray(inline)) {
      throw invalid(`${where}.inline must be a rate card object`, [...at, 'inline']);
    }
    // An inline card is often a draft that has not been numbered yet; it prices the same.
    const withVersion = 'version' in inline ? inline : { ...inline, version: 1 };
    try {
      return { kind: 'inline', card: parseRateCard(withVersion) };
    } catch (e) {
      if (isCareFeeError(e))
        throw new CareFeeError(e.code, `${where}.inline.${e.message}`, [
          ...at,
          'inline',
          ...e.path,
        ]);
      throw e;
    }
  }
  const keys = Object.keys(card);
  if (keys.includes('date') && keys.includes('version'))
    throw invalid(`${where}: give either date or version, not both`, at);
  const [byDate, byVersion, byFamily] = storedCardReferenceSchema.options;
  const check = <T>(parsed: z.ZodSafeParseResult<T>): T => {
    if (!parsed.success) throw zodToCareFeeError(parsed.error, at);
    return parsed.data;
  };
  if ('version' in card) return { kind: 'version', ...check(byVersion.safeParse(card)) };
  if ('date' in card) return { kind: 'date', ...check(byDate.safeParse(card)) };
  return { kind: 'family', ...check(byFamily.safeParse(card)) };
}

const noVersion = (id: string, version: number) => `rate card ${id} has no version ${version}`;
const nothingInForce = (id: string, date: string) =>
  `no approved version of rate card ${id} is in force on ${date}`;

/** The one card a reference names, or NOT_FOUND with a path under `card` (single-card routes). */
export async function resolveCard(
  ref: ParsedCardReference,
  lookup: CardLookup,
  at: ErrorPath = ['card'],
): Promise<RateCard> {
  if (ref.kind === 'inline') return ref.card;
  if (ref.kind === 'family')
    throw invalid(`${at.join('.')} needs a date or a version to name one card`, [...at, 'date']);
  let version: number | undefined = ref.kind === 'version' ? ref.version : undefined;
  if (ref.kind === 'date') {
    version = new InForceIndex(await lookup.ranges([ref.id])).versionOn(ref.id, ref.date);
    if (version === undefined) throw notFound(nothingInForce(ref.id, ref.date), [...at, 'date']);
  }
  const card = (await lookup.versions([{ id: ref.id, version: version! }])).get(
    versionKey(ref.id, version!),
  );
  if (!card) throw notFound(noVersion(ref.id, version!), [...at, 'version']);
  return card;
}

/** A distinct placement of the batch: validated once, numbered for the per-card result tables. */
interface PlacementEntry {
  index: number;
  placement?: Placement;
  refusal?: Refusal;
}

/** An item's own card text, parsed. */
interface ItemCard {
  id: string;
  version?: number;
}

/** A distinct (card, date) pair of the batch and, once resolved, what prices it. */
interface Target {
  /** The item's own card; undefined: the batch's card. */
  card: ItemCard | undefined;
  /** The item's own date; undefined: the batch's date, if any. */
  date: string | undefined;
  priced?: PricedCard;
  refusal?: Refusal;
}

/** A card version and the results priced on it so far, by placement index. */
interface PricedCard {
  card: RateCard;
  results: ItemResult[];
}

/** Nested memo tables keyed by raw values (SameValueZero keeps "1" and 1, null and undefined apart). */
type Memo<V> = Map<unknown, V>;
function level<V>(map: Memo<Memo<V>>, key: unknown): Memo<V> {
  let next = map.get(key);
  if (!next) map.set(key, (next = new Map()));
  return next;
}

/** The first problem with an item; an unknown field is named in the path, as a wrong one would be. */
function itemError(error: z.ZodError): CareFeeError {
  const e = zodToCareFeeError(error);
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return invalid(
      `unknown field "${issue.keys[0]}" (a placement has card, category, band, rating, bronzeOverdue, date, override)`,
      [...e.path, issue.keys[0]],
    );
  }
  return e;
}

/**
 * One batch being read: memo tables that make repeated items cheap. Each distinct placement
 * (category, band, rating, overdue, override), date and card text is validated once, found
 * again by its raw values (no key text is built per item); an override, an object, by its JSON.
 */
class Batch {
  private readonly refusals = new Map<string, Refusal>();
  private readonly notObjects: Memo<Refusal> = new Map();
  private readonly placements: Memo<Memo<Memo<Memo<Memo<PlacementEntry>>>>> = new Map();
  private placementCount = 0;
  private readonly dates: Memo<Refusal | null> = new Map();
  private readonly cards: Memo<ItemCard | Refusal> = new Map();
  /** Targets by card text, then date (undefined: none given). */
  private readonly pairs: Memo<Memo<Target>> = new Map();
  readonly targets: Target[] = [];

  /** The shared refusal for a reason. */
  refuse(e: CareFeeError): Refusal {
    const key = `${e.code}\u0000${e.message}\u0000${JSON.stringify(e.path)}`;
    let r = this.refusals.get(key);
    if (!r)
      this.refusals.set(
        key,
        (r = { ok: false, error: { code: e.code, message: e.message, path: e.path } }),
      );
    return r;
  }

  /**
   * Read one item into `entries[i]` and `targets[i]`, or return its refusal. An item with only
   * known fields is read from the memo tables; anything else goes through the item schema.
   */
  read(raw: unknown, i: number, entries: PlacementEntry[], targets: Target[]): Refusal | undefined {
    if (raw instanceof UnreadableLine) return this.refuse(invalid(raw.message, []));
    if (typeof raw !== 'object' || raw === null) {
      // Not a placement at all (7, "x", null): checked once per distinct value.
      let r = this.notObjects.get(raw);
      if (!r) {
        const parsed = placementItemSchema.safeParse(raw);
        r = this.refuse(parsed.success ? invalid('not a placement', []) : itemError(parsed.error));
        this.notObjects.set(raw, r);
      }
      return r;
    }
    let item = raw as Record<string, unknown>;
    if (!(raw instanceof ScannedItem) && !onlyItemFields(raw)) {
      const parsed = placementItemSchema.safeParse(raw);
      if (!parsed.success) return this.refuse(itemError(parsed.error));
      item = parsed.data;
    }
    const entry = this.placement(item);
    if (entry.refusal) return entry.refusal;
    const cardText = item.card;
    const date = item.date;
    let card: ItemCard | undefined;
    if (cardText !== undefined) {
      const c = this.card(cardText);
      if ('ok' in c) return c;
      card = c;
    }
    if (date !== undefined) {
      const bad = this.date(date);
      if (bad) return bad;
    }
    const byDate = level(this.pairs, cardText);
    let target = byDate.get(date);
    if (!target) {
      target = { card, date: date as string | undefined };
      byDate.set(date, target);
      this.targets.push(target);
    }
    entries[i] = entry;
    targets[i] = target;
    return undefined;
  }

  private placement(item: Record<string, unknown>): PlacementEntry {
    const { category, band, rating, bronzeOverdue, override } = item;
    const last = level(level(level(level(this.placements, category), band), rating), bronzeOverdue);
    const overrideKey =
      typeof override === 'object' && override !== null ? JSON.stringify(override) : override;
    let entry = last.get(overrideKey);
    if (entry) return entry;
    const candidate: Record<string, unknown> = { category };
    if (band !== undefined) candidate.band = band;
    if (rating !== undefined) candidate.rating = rating;
    if (bronzeOverdue !== undefined) candidate.bronzeOverdue = bronzeOverdue;
    if (override !== undefined) candidate.override = override;
    const parsed = placementSchema.safeParse(candidate);
    entry = { index: this.placementCount++ };
    if (!parsed.success) entry.refusal = this.refuse(itemError(parsed.error));
    else {
      const p = parsed.data;
      const placement: Placement = {
        category: p.category,
        band: p.band === undefined || p.band === null || p.band === '' ? null : String(p.band),
        bronzeOverdue: p.bronzeOverdue === true,
      };
      if (p.rating !== undefined) placement.rating = p.rating;
      if (p.override) placement.override = p.override as Placement['override'];
      entry.placement = placement;
    }
    last.set(overrideKey, entry);
    return entry;
  }

  private date(date: unknown): Refusal | null {
    let r = this.dates.get(date);
    if (r === undefined) {
      const parsed = isoDateSchema.safeParse(date);
      r = parsed.success ? null : this.refuse(zodToCareFeeError(parsed.error, ['date']));
      this.dates.set(date, r);
    }
    return r;
  }

  private card(text: unknown): ItemCard | Refusal {
    let c = this.cards.get(text);
    if (c === undefined) {
      const parsed = parseItemCard(text, ['card']);
      c = parsed instanceof CareFeeError ? this.refuse(parsed) : parsed;
      this.cards.set(text, c);
    }
    return c;
  }
}

/** Whether an item is an object with no field a placement does not have. */
function onlyItemFields(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  for (const k in raw) {
    switch (k) {
      case 'card':
      case 'category':
      case 'band':
      case 'rating':
      case 'bronzeOverdue':
      case 'date':
      case 'override':
        continue;
      default:
        return false;
    }
  }
  return true;
}

function inPeriod(card: RateCard, date: string): boolean {
  return date >= card.effectiveFrom && (card.effectiveTo == null || date <= card.effectiveTo);
}

/**
 * Resolve every target of the batch with two queries: the families' ranges, then the versions.
 * Returns the batch card (when the request named one version). Throws NOT_FOUND when the batch's
 * own card is missing: a version that is not there, or nothing in force on its date while some
 * item relies on that date.
 */
async function resolveTargets(
  batch: Batch,
  ref: ParsedCardReference | undefined,
  lookup: CardLookup,
): Promise<CalculateOutcome['card']> {
  const batchDate = ref?.kind === 'date' ? ref.date : undefined;
  type Spec = { id: string; version?: number } | { inline: RateCard };
  const batchSpec: Spec | undefined = !ref
    ? undefined
    : ref.kind === 'inline'
      ? { inline: ref.card }
      : ref.kind === 'version'
        ? { id: ref.id, version: ref.version }
        : { id: ref.id };
  const specOf = (t: Target): Spec | undefined => t.card ?? batchSpec;

  // 1. Families to resolve by date (the batch's own included, to report its version).
  const families = new Set<string>();
  if (batchDate !== undefined && ref?.kind === 'date') families.add(ref.id);
  for (const t of batch.targets) {
    const spec = specOf(t);
    if (spec && 'id' in spec && spec.version === undefined) families.add(spec.id);
  }
  const index = new InForceIndex(families.size ? await lookup.ranges([...families]) : []);

  // 2. Each target's version (or its refusal), then every version's content at once.
  const wanted = new Map<string, CardVersionRef>();
  const want = (id: string, version: number) => {
    wanted.set(versionKey(id, version), { id, version });
    return versionKey(id, version);
  };
  // A fixed card (inline or by version) must cover the item's date; one chosen by date does.
  const versionOf = new Map<Target, { card: string | RateCard; fixed: boolean }>();
  let batchKey: string | undefined;
  if (ref?.kind === 'version') batchKey = want(ref.id, ref.version);
  if (ref?.kind === 'date') {
    const v = index.versionOn(ref.id, ref.date);
    if (v !== undefined) batchKey = want(ref.id, v);
  }
  for (const t of batch.targets) {
    const spec = specOf(t);
    if (!spec) {
      t.refusal = batch.refuse(
        invalid('name a card for this item ("id" or "id@version"), or one for the batch', ['card']),
      );
      continue;
    }
    if ('inline' in spec) {
      versionOf.set(t, { card: spec.inline, fixed: true });
      continue;
    }
    if (spec.version !== undefined) {
      versionOf.set(t, { card: want(spec.id, spec.version), fixed: true });
      continue;
    }
    const date = t.date ?? batchDate;
    if (date === undefined) {
      t.refusal = batch.refuse(
        invalid(`give a date: the version of rate card ${spec.id} in force on it prices the item`, [
          'date',
        ]),
      );
      continue;
    }
    const v = index.versionOn(spec.id, date);
    if (v === undefined) {
      if (t.card === undefined && t.date === undefined)
        throw notFound(nothingInForce(spec.id, date), ['card', 'date']);
      t.refusal = batch.refuse(notFound(nothingInForce(spec.id, date), ['date']));
      continue;
    }
    versionOf.set(t, { card: want(spec.id, v), fixed: false });
  }
  const found = wanted.size
    ? await lookup.versions([...wanted.values()])
    : new Map<string, RateCard>();
  if (ref?.kind === 'version' && !found.has(batchKey!))
    throw notFound(noVersion(ref.id, ref.version), ['card', 'version']);

  // 3. Price tables, one per card version; fixed versions must cover the item's date.
  const priced = new Map<RateCard, PricedCard>();
  for (const [t, { card: v, fixed }] of versionOf) {
    const card = typeof v === 'string' ? found.get(v) : v;
    if (!card) {
      const { id, version } = wanted.get(v as string)!;
      t.refusal = batch.refuse(notFound(noVersion(id, version), ['card']));
      continue;
    }
    const date = t.date ?? batchDate;
    if (date !== undefined && fixed && !inPeriod(card, date)) {
      t.refusal = batch.refuse(
        invalid(
          `rate card ${card.id} v${card.version} is in force from ${card.effectiveFrom}${card.effectiveTo ? ` to ${card.effectiveTo}` : ''}, not on ${date}`,
          ['date'],
        ),
      );
      continue;
    }
    let p = priced.get(card);
    if (!p) {
      compileCard(card);
      priced.set(card, (p = { card, results: [] }));
    }
    t.priced = p;
  }
  if (ref?.kind === 'inline') return { id: ref.card.id, version: ref.card.version };
  const batchCard = batchKey === undefined ? undefined : found.get(batchKey);
  return batchCard ? { id: batchCard.id, version: batchCard.version } : undefined;
}

/**
 * A batch read item by item (as an NDJSON body arrives, or from a parsed JSON array), then
 * priced once complete. Reading keeps nothing of an item but what its memo tables hold, so a
 * reader may pass the same object again with new fields.
 */
export class BatchReader {
  private readonly batch = new Batch();
  /** Per item, its refusal when refused on reading (filled in by `price`). */
  private readonly results: ItemResult[] = [];
  private readonly entries: PlacementEntry[] = [];
  private readonly targets: Target[] = [];

  get count(): number {
    return this.results.length;
  }

  add(raw: unknown): void {
    const i = this.results.length;
    this.results.push(undefined as unknown as ItemResult);
    this.entries.push(undefined as unknown as PlacementEntry);
    this.targets.push(undefined as unknown as Target);
    const refused = this.batch.read(raw, i, this.entries, this.targets);
    if (refused) this.results[i] = refused;
  }

  /** Resolve every (card, date) pair with two queries, then price each item. */
  async price(ref: ParsedCardReference | undefined, lookup: CardLookup): Promise<CalculateOutcome> {
    const { batch, results, entries, targets } = this;
    const card = await resolveTargets(batch, ref, lookup);
    for (let i = 0; i < results.length; i++) {
      const target = targets[i];
      if (target === undefined) continue;
      if (target.refusal) {
        results[i] = target.refusal;
        continue;
      }
      const entry = entries[i]!;
      const table = target.priced!.results;
      let result = table[entry.index];
      if (result === undefined) {
        try {
          // The engine's weeklyFee: its compiled integer path, or its decimal path for an override.
          result = { ok: true, ...weeklyFee(target.priced!.card, entry.placement!) };
        } catch (e) {
          if (!isCareFeeError(e)) throw e;
          result = batch.refuse(e);
        }
        table[entry.index] = result;
      }
      results[i] = result;
    }
    return card ? { card, results } : { results };
  }
}

/** Price every item; a refused item's result is shared with every item refused for that reason. */
export async function calculateBatch(
  request: CalculateRequest,
  lookup: CardLookup,
): Promise<CalculateOutcome> {
  const reader = new BatchReader();
  for (const item of request.items) reader.add(item);
  return reader.price(request.card, lookup);
}

/** One item's result as the API sends it: a refusal's path under ["items", index]. */
export function resultAt(outcome: CalculateOutcome, index: number): ItemResult {
  const r = outcome.results[index]!;
  return r.ok ? r : { ok: false, error: { ...r.error, path: ['items', index, ...r.error.path] } };
}

/** Bytes gathered into chunks of about `size` (a million results: streamed, never one string). */
class ChunkWriter {
  private chunk: Buffer;
  private at = 0;
  constructor(private readonly size: number) {
    this.chunk = Buffer.allocUnsafe(size);
  }
  /** Make room for `need` more bytes: the full chunk to hand out, if one had to be begun. */
  room(need: number): Buffer | undefined {
    if (this.at + need <= this.chunk.length) return undefined;
    const full = this.chunk.subarray(0, this.at);
    this.chunk = Buffer.allocUnsafe(Math.max(this.size, need));
    this.at = 0;
    return full.length ? full : undefined;
  }
  bytes(b: Buffer): void {
    this.at += b.copy(this.chunk, this.at);
  }
  /** ASCII text (digits, punctuation). */
  ascii(text: string): void {
    this.at += this.chunk.write(text, this.at, 'latin1');
  }
  byte(b: number): void {
    this.chunk[this.at++] = b;
  }
  rest(): Buffer {
    return this.chunk.subarray(0, this.at);
  }
}

const head = (outcome: CalculateOutcome) =>
  Buffer.from(outcome.card ? `{"card":${JSON.stringify(outcome.card)},` : '{');

/**
 * The response as UTF-8 JSON in chunks of about `chunkSize` bytes (a million results are
 * ~180 MB: streamed, never one string). Each shared result is encoded once and copied per item;
 * a refusal once as the bytes either side of its item's index.
 */
export function* outcomeChunks(outcome: CalculateOutcome, chunkSize = 1 << 20): Generator<Buffer> {
  const cache = new Map<ItemResult, Buffer | [Buffer, Buffer]>();
  const out = new ChunkWriter(chunkSize);
  const start = Buffer.concat([head(outcome), Buffer.from('"results":[')]);
  out.room(start.length); // the first chunk is empty: nothing to hand out
  out.bytes(start);
  const results = outcome.results;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    let bytes = cache.get(result);
    if (bytes === undefined) {
      if (result.ok) bytes = Buffer.from(JSON.stringify(result));
      else {
        const { code, message, path } = result.error;
        bytes = [
          Buffer.from(
            `{"ok":false,"error":{"code":${JSON.stringify(code)},"message":${JSON.stringify(message)},"path":["items",`,
          ),
          Buffer.from(`${path.length ? `,${JSON.stringify(path).slice(1)}` : ']'}}}`),
        ];
      }
      cache.set(result, bytes);
    }
    const index = Buffer.isBuffer(bytes) ? '' : String(i);
    const need =
      1 +
      (Buffer.isBuffer(bytes) ? bytes.length : bytes[0].length + index.length + bytes[1].length);
    const full = out.room(need);
    if (full) yield full;
    if (i > 0) out.byte(0x2c); // ','
    if (Buffer.isBuffer(bytes)) out.bytes(bytes);
    else {
      out.bytes(bytes[0]);
      out.ascii(index);
      out.bytes(bytes[1]);
    }
  }
  const full = out.room(2);
  if (full) yield full;
  out.ascii(']}');
  yield out.rest();
}

/**
 * The compact response: `{ card?, results: [n, ...], outcomes: [...] }`, where item i's result
 * is `outcomes[results[i]]`. Each distinct result is sent once, in order of first use; a
 * refusal's `path` is relative to its item (the full form's path without ["items", i]). A
 * million items answer in a few MB instead of ~180.
 */
export function* compactChunks(outcome: CalculateOutcome, chunkSize = 1 << 20): Generator<Buffer> {
  const numbers = new Map<ItemResult, string>();
  const distinct: ItemResult[] = [];
  const out = new ChunkWriter(chunkSize);
  const start = Buffer.concat([head(outcome), Buffer.from('"results":[')]);
  out.room(start.length); // the first chunk is empty: nothing to hand out
  out.bytes(start);
  const results = outcome.results;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    let n = numbers.get(result);
    if (n === undefined) {
      n = String(distinct.length);
      numbers.set(result, n);
      distinct.push(result);
    }
    const full = out.room(n.length + 1);
    if (full) yield full;
    if (i > 0) out.byte(0x2c); // ','
    out.ascii(n);
  }
  const tail = Buffer.from(`],"outcomes":${JSON.stringify(distinct)}}`);
  const full = out.room(tail.length);
  if (full) yield full;
  out.bytes(tail);
  yield out.rest();
}

/** The whole response as one string (small batches, tests). */
export function serializeOutcome(outcome: CalculateOutcome): string {
  return Buffer.concat([...outcomeChunks(outcome)]).toString('utf8');
}
