/**
 * Finding a category, band or CHC tier on a card the way a person types it: by id or by name,
 * in any letter case ("residential", "Older people residential", "OLDER PEOPLE RESIDENTIAL").
 * A miss is #VALUE! (the argument is wrong, not the connection) listing what the card has.
 */
import { invalid, type Band, type Category, type RateCard } from '../../../shared/src';

const fold = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * What each typed text resolved to, per card: a recalculation asks the same few questions of
 * the same card for every cell, so each is answered once. Cards are immutable values (a new
 * version is a new object), so a WeakMap keyed by the card never goes stale. Misses throw and
 * are not kept.
 */
const resolved = new WeakMap<RateCard, Map<string, string | undefined>>();

function memo<T extends string | undefined>(card: RateCard, key: string, resolve: () => T): T {
  let answers = resolved.get(card);
  if (!answers) resolved.set(card, (answers = new Map()));
  if (answers.has(key)) return answers.get(key) as T;
  const answer = resolve();
  answers.set(key, answer);
  return answer;
}

/** A category's id from its id or name; the engine then prices by id. */
export function categoryId(card: RateCard, typed: string): string {
  // An id as typed is found without building a key; names are folded once per card.
  const exact = card.categories.find((c) => c.id === typed);
  if (exact) return exact.id;
  return memo(card, `c\u0000${typed}`, () => findCategory(card, typed));
}

function findCategory(card: RateCard, typed: string): string {
  const key = fold(typed);
  const found = card.categories.find((c) => fold(c.id) === key || fold(c.name) === key);
  if (found) return found.id;
  throw invalid(
    `category "${typed}" is not on rate card ${card.id} v${card.version}; it has ${card.categories
      .map((c) => `${c.id} (${c.name})`)
      .join(', ')}`,
    ['category'],
  );
}

/** A band's id from its id or name, for a banded category; anything else is passed through. */
export function bandId(card: RateCard, category: string, typed: string | undefined) {
  if (typed === undefined) return undefined;
  const bands = card.categories.find((c: Category) => c.id === category)?.bands;
  if (!bands || bands.some((b) => b.id === typed)) return typed;
  return memo(card, `b\u0000${category}\u0000${typed}`, () => findBand(bands, category, typed));
}

function findBand(bands: readonly Band[], category: string, typed: string): string {
  const key = fold(typed);
  const found = bands.find((b) => fold(b.id) === key || (b.name && fold(b.name) === key));
  if (found) return found.id;
  throw invalid(
    `band "${typed}" is not in category "${category}"; it has ${bands
      .map((b) => (b.name ? `${b.id} (${b.name})` : b.id))
      .join(', ')}`,
    ['band'],
  );
}

/** A CHC tier's id from its id or name. */
export function tierId(card: RateCard, typed: string): string {
  if (card.chcTiers?.some((t) => t.id === typed)) return typed;
  return memo(card, `t\u0000${typed}`, () => findTier(card, typed));
}

function findTier(card: RateCard, typed: string): string {
  const tiers = card.chcTiers ?? [];
  const key = fold(typed);
  const found = tiers.find((t) => fold(t.id) === key || fold(t.name) === key);
  if (found) return found.id;
  throw invalid(
    tiers.length === 0
      ? `rate card ${card.id} v${card.version} has no CHC tiers`
      : `CHC tier "${typed}" is not on rate card ${card.id} v${card.version}; it has ${tiers
          .map((t) => `${t.id} (${t.name})`)
          .join(', ')}`,
    ['tier'],
  );
}
