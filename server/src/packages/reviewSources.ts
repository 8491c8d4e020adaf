/**
 * Where an annual review's rates come from, besides rates typed in (a price review):
 *
 * - an APPROVED uplifted rate card version (`card: { id, version }`): each category's rate is
 *   the change of its standard (Silver) weekly fee from the version it was uplifted from (or,
 *   for a version made by hand, the approved version in force the day before it starts), so an
 *   agreement at the old card price lands on the new card price, to the penny;
 * - a scenario (`scenario: id`), a draft card or uplift out for consultation: the same change,
 *   from its base card to its proposed card, so a consultation shows what it would cost on the
 *   live agreements (preview only: a scenario is a proposal, never applied).
 *
 * The rate is the exact ratio new ÷ old − 1 (40 significant digits). A banded category gets
 * a rate only when every band changes by the same ratio (an agreement does not record its
 * band); the rest, like categories the card does not price, take `rates.default` when given,
 * and without it the review is refused naming them.
 */
import type { AppContext } from '../context';
import { HttpError } from '../platform/http/errors';
import { Decimal } from '../../../shared/src/money';
import type { RateCard } from '../../../shared/src/rateCard';
import { weeklyFeeDecimal } from '../../../shared/src/fee';
import { addDays } from '../../../shared/src/dates';

const unprocessable = (message: string, path: Array<string | number>) =>
  new HttpError(422, 'NOT_ALLOWED', message, path);

export interface ReviewSource {
  kind: 'rates' | 'card' | 'scenario';
  /** The version reviewed from and to (cards and scenarios). */
  from: { id: string; version: number } | null;
  to: { id: string; version: number | null } | null;
  scenarioId: string | null;
  /** When the new rates start: the card's effectiveFrom. */
  effectiveFrom: string | null;
  byCategory: Record<string, string>;
  /** Categories on the card whose bands change differently (they take the default rate). */
  unpricedCategories: string[];
}

/** Each category's change of standard weekly fee from one card to the other. */
export function ratesBetween(
  from: RateCard,
  to: RateCard,
): Pick<ReviewSource, 'byCategory' | 'unpricedCategories'> {
  const byCategory: Record<string, string> = {};
  const unpricedCategories: string[] = [];
  for (const category of to.categories) {
    const before = from.categories.find((c) => c.id === category.id);
    if (!before) continue;
    const bands = category.bands?.map((b) => b.id) ?? [null];
    const ratios = new Set<string>();
    for (const band of bands) {
      if (band !== null && !before.bands?.some((b) => b.id === band)) continue;
      const old = new Decimal(weeklyFeeDecimal(from, { category: category.id, band }));
      const now = new Decimal(weeklyFeeDecimal(to, { category: category.id, band }));
      if (old.isZero()) continue;
      ratios.add(now.div(old).minus(1).toString());
    }
    if (ratios.size === 1) byCategory[category.id] = [...ratios][0]!;
    else unpricedCategories.push(category.id);
  }
  return { byCategory, unpricedCategories };
}

export async function reviewFromCard(
  ctx: AppContext,
  organisationId: string,
  ref: { id: string; version: number },
): Promise<ReviewSource> {
  const to = await ctx.cards.getVersion(organisationId, ref.id, ref.version);
  if (to.meta.status !== 'approved')
    throw unprocessable(
      `rate card ${ref.id} v${ref.version} is ${to.meta.status}: an annual review applies an approved card (a draft's cost can be previewed through a scenario)`,
      ['card'],
    );
  const from =
    to.meta.derivedFrom !== null
      ? await ctx.cards.getVersion(organisationId, ref.id, to.meta.derivedFrom)
      : await ctx.cards
          .inForce(organisationId, ref.id, addDays(to.card.effectiveFrom, -1))
          .catch(() => {
            throw unprocessable(
              `rate card ${ref.id} v${ref.version} replaces no approved version: there is nothing to review from`,
              ['card'],
            );
          });
  return {
    kind: 'card',
    from: { id: ref.id, version: from.card.version },
    to: { id: ref.id, version: ref.version },
    scenarioId: null,
    effectiveFrom: to.card.effectiveFrom,
    ...ratesBetween(from.card, to.card),
  };
}

export async function reviewFromScenario(
  ctx: AppContext,
  organisationId: string,
  scenarioId: string,
): Promise<ReviewSource> {
  const scenario = await ctx.scenarios.get(organisationId, scenarioId);
  return {
    kind: 'scenario',
    from: { id: scenario.base.card.id, version: scenario.base.card.version },
    to: { id: scenario.proposed.card.id, version: scenario.proposed.version },
    scenarioId,
    effectiveFrom: scenario.proposed.card.effectiveFrom,
    ...ratesBetween(scenario.base.card, scenario.proposed.card),
  };
}
