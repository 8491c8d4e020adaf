/**
 * Batch calculation: many placements priced against one rate card reference in one request
 * (a commissioner's whole sheet of placements, a finance officer's budget model).
 *
 * The request fails as a whole only when it is malformed (a bad card reference, items not
 * an array, too many items). Every item is then priced on its own: a bad item gets its own
 * error, with its path under `items`, and never spoils its neighbours.
 *
 * Pricing is the engine's `weeklyFee` (its integer fast path over `compileCard`, compiled once
 * per card version). A batch of 100,000 placements usually has a few dozen distinct (card,
 * category, band, rating) keys, so each key is priced once and its result object shared;
 * `serializeOutcome` then serialises each shared result once.
 */
import { z } from 'zod';
import {
  CareFeeError,
  compileCard,
  isCareFeeError,
  isoDateSchema,
  notFound,
  parseRateCard,
  rateCardSchema,
  slugSchema,
  weeklyFee,
  zodToCareFeeError,
  invalid,
  type ErrorPath,
  type FeeResult,
  type IsoDate,
  type Placement,
  type RateCard,
} from '../../../shared/src';

/** More placements than any commissioner's book; beyond it a client should split the batch. */
export const MAX_BATCH_ITEMS = 200_000;

/** Where the service finds stored cards, scoped to the caller's organisation by the route. */
export interface CardLookup {
  /** One stored version, or undefined when there is none the caller may see. */
  byVersion(id: string, version: number): Promise<RateCard | undefined>;
  /** The approved version in force on a date, or undefined when none is. */
  inForce(id: string, date: IsoDate): Promise<RateCard | undefined>;
}

const numeric = z.union([z.string().max(40), z.number()]);

/** An individually priced specialist package: either a whole weekly fee or a care cost, with a reason. */
export const overrideSchema = z
  .object({
    careCost: numeric.optional(),
    weeklyFee: numeric.optional(),
    reason: z.string().max(1000),
  })
  .strict();

/** One placement to price. `date` picks the version in force when the card is given by id and date. */
export const placementItemSchema = z
  .object({
    category: z.string().min(1).max(64),
    band: z
      .union([z.string().max(40), z.number()])
      .nullable()
      .optional(),
    rating: z.string().max(40).optional(),
    bronzeOverdue: z.boolean().optional(),
    date: isoDateSchema.optional(),
    override: overrideSchema.optional(),
  })
  .strict();
export type PlacementItem = z.infer<typeof placementItemSchema>;

/** A stored card: the approved version in force on a date, or one version by number. */
export const storedCardReferenceSchema = z.union([
  z.object({ id: slugSchema, date: isoDateSchema }).strict(),
  z.object({ id: slugSchema, version: z.number().int().min(1).max(1_000_000) }).strict(),
]);

/** Any card reference: stored, or a whole card given inline (a draft being tried out). */
export const cardReferenceSchema = z.union([
  ...storedCardReferenceSchema.options,
  z.object({ inline: rateCardSchema }).strict(),
]);

/** The request as documented (OpenAPI); the envelope is checked by `parseCalculateRequest`. */
export const calculateRequestSchema = z
  .object({
    card: cardReferenceSchema,
    items: z.array(placementItemSchema).max(MAX_BATCH_ITEMS),
  })
  .strict();

const errorSchema = z.object({
  code: z.enum(['INVALID_INPUT', 'NOT_FOUND', 'NOT_ALLOWED']),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
});

export const itemResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    cardId: z.string(),
    version: z.number().int(),
    category: z.string(),
    band: z.string().nullable(),
    rating: z.enum(['Gold', 'Silver', 'Bronze', 'Inadequate']),
    hotel: z.string(),
    care: z.string(),
    base: z.string(),
    adjustment: z.string(),
    fee: z.string(),
    override: z.object({ reason: z.string() }).optional(),
  }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);

export const calculateResponseSchema = z.object({
  card: z.object({ id: z.string(), version: z.number().int() }),
  results: z.array(itemResultSchema),
});

export type ItemResult =
  | ({ ok: true } & FeeResult)
  | { ok: false; error: { code: string; message: string; path: ErrorPath } };

export interface CalculateOutcome {
  /** The card the request named: for id + date, the version in force on that date. */
  card: { id: string; version: number };
  results: ItemResult[];
}

export interface CalculateRequest {
  card:
    | { kind: 'date'; id: string; date: IsoDate }
    | { kind: 'version'; id: string; version: number }
    | { kind: 'inline'; card: RateCard };
  items: unknown[];
}

/** Check the envelope; throws a CareFeeError with a path under `card` or `items`. */
export function parseCalculateRequest(body: unknown): CalculateRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('the request body must be a JSON object { card, items }', []);
  }
  const { card, items, ...rest } = body as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined)
    throw invalid(`unknown field "${unknownKey}" (expected card and items)`, [unknownKey]);
  if (!Array.isArray(items)) throw invalid('items must be an array of placements', ['items']);
  if (items.length > MAX_BATCH_ITEMS) {
    throw invalid(`a batch holds at most ${MAX_BATCH_ITEMS} items, got ${items.length}: split it`, [
      'items',
    ]);
  }
  return { card: parseCardReference(card), items };
}

export type ParsedCardReference = CalculateRequest['card'];

/** Check a card reference ({id, date}, {id, version} or {inline}); errors carry paths under `card`. */
export function parseCardReference(card: unknown, at: ErrorPath = ['card']): ParsedCardReference {
  const where = at.join('.');
  if (card === null || typeof card !== 'object' || Array.isArray(card)) {
    throw invalid(`${where} must be {id, date}, {id, version} or {inline: rate card}`, at);
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
  const [byDate, byVersion] = storedCardReferenceSchema.options;
  const parsed = 'version' in card ? byVersion.safeParse(card) : byDate.safeParse(card);
  if (!parsed.success) throw zodToCareFeeError(parsed.error, at);
  const ref = parsed.data;
  return 'date' in ref
    ? { kind: 'date', id: ref.id, date: ref.date }
    : { kind: 'version', id: ref.id, version: ref.version };
}

/** The card a reference names, or NOT_FOUND with a path under `card`. */
export async function resolveCard(
  ref: ParsedCardReference,
  lookup: CardLookup,
  at: ErrorPath = ['card'],
): Promise<RateCard> {
  if (ref.kind === 'inline') return ref.card;
  if (ref.kind === 'version') {
    const card = await lookup.byVersion(ref.id, ref.version);
    if (!card)
      throw notFound(`rate card ${ref.id} has no version ${ref.version}`, [...at, 'version']);
    return card;
  }
  const card = await lookup.inForce(ref.id, ref.date);
  if (!card)
    throw notFound(`no approved version of rate card ${ref.id} is in force on ${ref.date}`, [
      ...at,
      'date',
    ]);
  return card;
}

/** A card version and the results priced on it so far, built once per batch. */
interface PricedCard {
  card: RateCard;
  /** Shared results by [category, band, rating, overdue, override…] as JSON. */
  memo: Map<string, ItemResult | CareFeeError>;
}

function pricedCard(card: RateCard): PricedCard {
  compileCard(card);
  return { card, memo: new Map() };
}

/** The first problem with an item; an unknown field is named in the path, as a wrong one would be. */
function itemError(error: z.ZodError): CareFeeError {
  const e = zodToCareFeeError(error);
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return invalid(
      `unknown field "${issue.keys[0]}" (a placement has category, band, rating, bronzeOverdue, date, override)`,
      [...e.path, issue.keys[0]],
    );
  }
  return e;
}

function failure(e: unknown, prefix: ErrorPath): ItemResult {
  if (isCareFeeError(e))
    return { ok: false, error: { code: e.code, message: e.message, path: [...prefix, ...e.path] } };
  throw e;
}

/**
 * Price every item. Stored cards are looked up through `lookup`: once for the reference, then
 * once per distinct item date that differs from it.
 */
export async function calculateBatch(
  request: CalculateRequest,
  lookup: CardLookup,
): Promise<CalculateOutcome> {
  const ref = request.card;
  const main = await resolveCard(ref, lookup);

  const items = request.items;
  const parsed: (PlacementItem | undefined)[] = new Array(items.length);
  const results: ItemResult[] = new Array(items.length);

  // Validate every item, and collect the distinct dates that may select other versions.
  const dates = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const r = placementItemSchema.safeParse(items[i]);
    if (!r.success) {
      results[i] = failure(itemError(r.error), ['items', i]);
      continue;
    }
    parsed[i] = r.data;
    if (r.data.date !== undefined && ref.kind === 'date' && r.data.date !== ref.date)
      dates.add(r.data.date);
  }

  const byDate = new Map<string, PricedCard | undefined>();
  const mainPriced = pricedCard(main);
  if (ref.kind === 'date') {
    byDate.set(ref.date, mainPriced);
    const found = await Promise.all(
      [...dates].map(async (d) => [d, await lookup.inForce(ref.id, d)] as const),
    );
    // Versions found on several dates are compiled once.
    const byVersion = new Map<number, PricedCard>([[main.version, mainPriced]]);
    for (const [d, card] of found) {
      if (!card) byDate.set(d, undefined);
      else {
        let priced = byVersion.get(card.version);
        if (!priced) byVersion.set(card.version, (priced = pricedCard(card)));
        byDate.set(d, priced);
      }
    }
  }

  for (let i = 0; i < items.length; i++) {
    const item = parsed[i];
    if (!item) continue;
    let target = mainPriced;
    if (item.date !== undefined) {
      if (ref.kind === 'date') {
        const found = byDate.get(item.date);
        if (!found) {
          results[i] = failure(
            notFound(`no approved version of rate card ${ref.id} is in force on ${item.date}`, [
              'date',
            ]),
            ['items', i],
          );
          continue;
        }
        target = found;
      } else if (!inPeriod(main, item.date)) {
        results[i] = failure(
          invalid(
            `rate card ${main.id} v${main.version} is in force from ${main.effectiveFrom}${main.effectiveTo ? ` to ${main.effectiveTo}` : ''}, not on ${item.date}`,
            ['date'],
          ),
          ['items', i],
        );
        continue;
      }
    }
    results[i] = priceItem(target, item, i);
  }
  return { card: { id: main.id, version: main.version }, results };
}

function inPeriod(card: RateCard, date: string): boolean {
  return date >= card.effectiveFrom && (card.effectiveTo == null || date <= card.effectiveTo);
}

function priceItem(target: PricedCard, item: PlacementItem, i: number): ItemResult {
  const band =
    item.band === undefined || item.band === null || item.band === '' ? null : String(item.band);
  const overdue = item.bronzeOverdue === true;
  const o = item.override;
  // Individually agreed packages repeat too (the same price for the same service), so they
  // share results like any other placement; the override is part of the key.
  const key = JSON.stringify(
    o
      ? [item.category, band, item.rating, overdue, o.careCost, o.weeklyFee, o.reason]
      : [item.category, band, item.rating, overdue],
  );
  let memo = target.memo.get(key);
  if (memo === undefined) {
    try {
      // The engine's weeklyFee: its compiled integer path, or its decimal path for an override.
      const placement: Placement = { category: item.category, band, bronzeOverdue: overdue };
      if (item.rating !== undefined) placement.rating = item.rating;
      if (o) placement.override = o as Placement['override'];
      memo = { ok: true, ...weeklyFee(target.card, placement) };
    } catch (e) {
      if (!isCareFeeError(e)) throw e;
      memo = e;
    }
    target.memo.set(key, memo);
  }
  return memo instanceof CareFeeError ? failure(memo, ['items', i]) : memo;
}

/**
 * The response as JSON text. Results shared between items are serialised once, so a large
 * batch costs little more than concatenating strings.
 */
export function serializeOutcome(outcome: CalculateOutcome): string {
  const cache = new Map<ItemResult, string>();
  const parts: string[] = new Array(outcome.results.length);
  for (let i = 0; i < outcome.results.length; i++) {
    const result = outcome.results[i]!;
    if (!result.ok) {
      parts[i] = JSON.stringify(result);
      continue;
    }
    let text = cache.get(result);
    if (text === undefined) cache.set(result, (text = JSON.stringify(result)));
    parts[i] = text;
  }
  return `{"card":${JSON.stringify(outcome.card)},"results":[${parts.join(',')}]}`;
}
