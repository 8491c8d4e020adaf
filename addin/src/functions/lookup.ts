/**
 * Finding a category, band or CHC tier on a card the way a person types it: by id or by name,
 * in any letter case ("residential", "Older people residential", "OLDER PEOPLE RESIDENTIAL").
 * A miss is #VALUE! (the argument is wrong, not the connection) listing what the card has.
 */
import { invalid, type Category, type RateCard } from '../../../shared/src';

const fold = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** A category's id from its id or name; the engine then prices by id. */
export function categoryId(card: RateCard, typed: string): string {
  const exact = card.categories.find((c) => c.id === typed);
  if (exact) return exact.id;
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
  const tiers = card.chcTiers ?? [];
  if (tiers.some((t) => t.id === typed)) return typed;
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
