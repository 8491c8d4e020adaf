/**
 * Budget impact of a price review on a table of placements: every line priced by the engine
 * under the current and the uplifted card, times its weeks, summed. The pane only adds up;
 * each weekly fee is the engine's.
 */
import { Decimal, formatPounds, roundPence, weeklyFee, type RateCard } from '../../../shared/src';
import type { PlacementLine } from './excelActions';

export interface BudgetImpact {
  lines: number;
  current: string;
  uplifted: string;
  change: string;
  /** Lines the engine could not price (unknown category, Inadequate...), with why. */
  problems: { row: number; message: string }[];
}

export function budgetImpact(
  current: RateCard,
  uplifted: RateCard,
  lines: readonly PlacementLine[],
): BudgetImpact {
  let before = new Decimal(0);
  let after = new Decimal(0);
  let priced = 0;
  const problems: BudgetImpact['problems'] = [];
  for (const line of lines) {
    const placement = {
      category: line.category,
      band: line.band,
      rating: line.rating ?? undefined,
    };
    try {
      const a = weeklyFee(current, placement).fee;
      const b = weeklyFee(uplifted, placement).fee;
      before = before.plus(new Decimal(a).times(line.weeks));
      after = after.plus(new Decimal(b).times(line.weeks));
      priced += 1;
    } catch (e) {
      problems.push({ row: line.row, message: (e as Error).message });
    }
  }
  const cur = roundPence(before);
  const upl = roundPence(after);
  return {
    lines: priced,
    current: formatPounds(cur),
    uplifted: formatPounds(upl),
    change: formatPounds(upl.minus(cur)),
    problems,
  };
}
