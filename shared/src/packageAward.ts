/**
 * Awarding a care package among providers' offers, by the organisation's configured rule:
 *
 * - 'quality-price' (Sefton DPS): Quality:Price 60:40, scored by scoreTender (tender.ts): price
 *   points = lowest offer ÷ offer × 40, CQC points on the configured CQC scale, quality-reporting
 *   points from the provider's quality-reporting share. Where an offer gives no CQC rating or
 *   quality-reporting share, they come from the overall rating: the CQC rating on its row of
 *   Birmingham's Table 2 (Gold ↔ Outstanding … Inadequate ↔ Inadequate) and the share from the
 *   organisation's qualityReportingScale (default Gold 1, Silver 0.75, Bronze 0.5, Inadequate 0;
 *   the seed is silent, so this scale is the house's and configurable). The top total wins;
 *   equal totals go to the earliest offer. Seed 001's "60% = 30% CQC Rating + 30% Quality
 *   Reporting" decides the split when a requirement has no scored capability questions. Where
 *   it has them, the seed is silent: the commissioner's scores (0 to capabilityMax, default 4,
 *   per question; the offer's share is their sum over the most it could score) take
 *   capabilityWeight of the quality weight (default 20 of the 60), and CQC and quality
 *   reporting share the rest equally (20 + 20), as the seed shares its 60; both configurable.
 * - 'highest-rating' (Birmingham mini-competition): awardPlacement (tender.ts): the highest
 *   overall rating; a tie goes to the citizen's choice among the tied offers, else the earliest
 *   of them.
 *
 * Under both rules, offers from suspended or Inadequate providers are excluded whatever their
 * scores, and so are offers from providers with no quality rating yet (nothing to score). A citizen may choose an offer the rule would not pick ("citizen choice may be
 * exercised"): it wins, and the departure is recorded with its reason, which is then required.
 */
import { invalid, notAllowed } from './errors';
import { RATINGS, type Rating } from './quality';
import {
  awardPlacement,
  scoreTender,
  type CqcRating,
  type CqcScale,
  type ScoredBid,
  type TenderWeights,
} from './tender';
import { toMoney } from './money';

export const AWARD_RULES = ['quality-price', 'highest-rating'] as const;
export type AwardRule = (typeof AWARD_RULES)[number];

/** Birmingham Table 2: the CQC rating on the same row as each overall rating. */
export const CQC_FOR_RATING: Record<Rating, CqcRating> = {
  Gold: 'Outstanding',
  Silver: 'Good',
  Bronze: 'Requires Improvement',
  Inadequate: 'Inadequate',
};

/** Default quality-reporting share by overall rating, where the offer gives none. */
export const DEFAULT_QUALITY_REPORTING_SCALE: Record<Rating, string> = {
  Gold: '1',
  Silver: '0.75',
  Bronze: '0.5',
  Inadequate: '0',
};

export interface AwardConfig {
  rule: AwardRule;
  /** Quality:Price weights for 'quality-price'; 60:40 when absent. */
  weights?: TenderWeights;
  cqcScale?: Partial<CqcScale>;
  qualityReportingScale?: Partial<Record<Rating, string | number>>;
  /** Points of the quality weight for scored capability questions, where there are any (20). */
  capabilityWeight?: string | number;
  /** The most a commissioner's score of one capability question can be (4). */
  capabilityMax?: number;
}

export const DEFAULT_CAPABILITY_WEIGHT = '20';
export const DEFAULT_CAPABILITY_MAX = 4;

export interface PackageOffer {
  id: string;
  /** Proposed weekly cost in pounds and pence. */
  weeklyPrice: string | number;
  /** The provider's overall rating at the time of award; null before its first full inspection. */
  rating: Rating | null;
  /** The provider is suspended from bidding. */
  suspended?: boolean;
  cqcRating?: CqcRating;
  /** Quality-reporting share from 0 to 1. */
  qualityReporting?: string | number;
  /** When the offer was made (ISO date-time); every offer or none. */
  offeredAt?: string;
  /** The commissioner's capability scores as a share from 0 to 1 (every offer or none). */
  capability?: string;
}

export interface CitizenChoice {
  offerId: string;
  /** Why, when the choice departs from what the rule would award. */
  reason?: string;
}

export interface PackageAwardResult {
  rule: AwardRule;
  winner: string;
  /** What the rule alone would award (equal to winner unless the citizen chose otherwise). */
  ruleWinner: string;
  /** One line saying why the winner won. */
  reason: string;
  citizenChoice: (CitizenChoice & { departsFromRule: boolean }) | null;
  excluded: Array<{ id: string; why: string }>;
  /** The scored ranking, under 'quality-price'. */
  ranking: ScoredBid[] | null;
}

/** Award a package by the configured rule (see the top of the file). */
export function awardPackage(
  offers: PackageOffer[],
  config: AwardConfig,
  citizenChoice?: CitizenChoice | null,
): PackageAwardResult {
  if (offers.length === 0)
    throw notAllowed('there are no offers to award: wait for offers or reopen the requirement', [
      'offers',
    ]);
  offers.forEach((o, i) => toMoney(o.weeklyPrice, 'weeklyPrice', ['offers', i, 'weeklyPrice']));
  const excluded = offers
    .map((o) => ({ id: o.id, why: exclusion(o) }))
    .filter((e): e is { id: string; why: string } => e.why !== null);
  const eligible = offers.filter((o) => exclusion(o) === null);
  if (eligible.length === 0) {
    throw notAllowed(
      'every offer is from a suspended or Inadequate provider: no offer can be awarded',
      ['offers'],
    );
  }
  const choice = citizenChoice?.offerId ? citizenChoice : null;
  if (choice) {
    if (!offers.some((o) => o.id === choice.offerId))
      throw invalid(`the citizen's choice "${choice.offerId}" is not one of the offers`, [
        'citizenChoice',
        'offerId',
      ]);
    const out = excluded.find((e) => e.id === choice.offerId);
    if (out)
      throw notAllowed(`the citizen's choice "${choice.offerId}" cannot be awarded: ${out.why}`, [
        'citizenChoice',
        'offerId',
      ]);
  }

  let ruleWinner: string;
  let reason: string;
  let ranking: ScoredBid[] | null = null;
  if (config.rule === 'quality-price') {
    const scale = { ...DEFAULT_QUALITY_REPORTING_SCALE, ...config.qualityReportingScale };
    const scored = scoreTender(
      eligible.map((o) => ({
        id: o.id,
        price: o.weeklyPrice,
        cqcRating: o.cqcRating ?? CQC_FOR_RATING[o.rating!],
        qualityReporting: o.qualityReporting ?? scale[o.rating!],
        ...(o.offeredAt !== undefined ? { offeredAt: o.offeredAt } : {}),
        ...(o.capability !== undefined ? { capability: o.capability } : {}),
      })),
      config.weights,
      {
        cqcScale: config.cqcScale,
        ...(eligible.some((o) => o.capability !== undefined)
          ? { capabilityWeight: config.capabilityWeight ?? DEFAULT_CAPABILITY_WEIGHT }
          : {}),
      },
    );
    ranking = scored.ranking;
    const top = ranking.filter((r) => r.rank === 1);
    const chosenTop = choice ? top.find((r) => r.id === choice.offerId) : undefined;
    ruleWinner = (chosenTop ?? top[0]!).id;
    reason =
      top.length === 1
        ? `highest Quality:Price score (${top[0]!.total} points)`
        : chosenTop
          ? `${top.length} offers tie on ${top[0]!.total} points: the citizen chose ${ruleWinner}`
          : `${top.length} offers tie on ${top[0]!.total} points: the earliest offer wins`;
  } else {
    const r = awardPlacement(
      eligible.map((o) => ({
        id: o.id,
        rating: o.rating!,
        ...(o.offeredAt !== undefined ? { offeredAt: o.offeredAt } : {}),
      })),
      choice?.offerId,
    );
    ruleWinner = r.winner;
    reason = r.reason;
  }

  const departs = choice !== null && choice.offerId !== ruleWinner;
  if (departs && !choice.reason?.trim()) {
    throw invalid(
      `the citizen chose ${choice.offerId} over ${ruleWinner}, which the rule would award: record the reason for their choice`,
      ['citizenChoice', 'reason'],
    );
  }
  return {
    rule: config.rule,
    winner: departs ? choice.offerId : ruleWinner,
    ruleWinner,
    reason: departs
      ? `the citizen chose ${choice.offerId} over ${ruleWinner} (${reason}): ${choice.reason!.trim()}`
      : reason,
    citizenChoice: choice ? { ...choice, departsFromRule: departs } : null,
    excluded,
    ranking,
  };
}

function exclusion(o: PackageOffer): string | null {
  if (o.suspended) return 'the provider is suspended from bidding';
  if (o.rating === null) return 'the provider has no quality rating yet';
  if (o.rating === 'Inadequate' || o.cqcRating === 'Inadequate')
    return 'the provider is rated Inadequate and suspended from bidding';
  return null;
}

export const isRating = (v: string): v is Rating => (RATINGS as readonly string[]).includes(v);
