/**
 * Buying a placement: scoring offers on a dynamic purchasing system (Sefton / MLCSU DPS), and
 * awarding a mini-competition on quality rating (Birmingham commissioning strategy).
 *
 * **Scoring (Sefton, Quality:Price 60:40, quality = 30% CQC rating + 30% quality reporting).**
 * With weights quality Q and price P, scaled to 100 points in all:
 *   price score   = 100·P/(Q+P) × lowest price ÷ bid price
 *   CQC score     = 50·Q/(Q+P)  × CQC points ÷ the scale's highest points (by default
 *                   Outstanding 4, Good 3, Requires Improvement 2, Inadequate 1: see CqcScale)
 *   reporting     = 50·Q/(Q+P)  × quality-reporting score ÷ its maximum (a share from 0 to 1)
 *   total         = price + CQC + reporting
 * so by default 40 + 30 + 30. Bids are ranked on the exact totals (no rounding before ranking);
 * scores are shown to 2 decimal places, half up, for display only (the shown parts may
 * therefore differ from the shown total by a penny's worth of points).
 * Equal exact totals share a rank (1, 1, 3); among them the earliest offer is listed first,
 * then the order given.
 *
 * **Award (Birmingham mini-competition).** Inadequate providers are suspended from bidding,
 * so their offers are excluded. The highest overall rating wins. Where ratings tie, the
 * citizen's choice wins if they chose one of the tied offers; if they cannot or decline to
 * choose (or chose an offer that is not among the highest rated), the earliest of the
 * highest-rated offers wins. Offers without an offer time are taken in the order given.
 */
import { z } from 'zod';
import { invalid, notAllowed, notFound } from './errors';
import { isIsoDate } from './dates';
import { Decimal, toDecimal } from './money';
import { RATINGS, type Rating } from './quality';
import { moneySchema, zodToCareFeeError } from './rateCard';

const numeric = z.union([z.string(), z.number()]);

/** A non-negative exact decimal, output as canonical text. */
const nonNegativeDecimal = (what: string) =>
  numeric.transform((value, ctx) => {
    try {
      const d = toDecimal(value, what);
      if (d.isNegative()) {
        ctx.addIssue({ code: 'custom', message: `${what} must not be negative, got ${value}` });
        return z.NEVER;
      }
      return d.toString();
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

/**
 * When an offer was made: an ISO date or date-time (with its offset, or read as UTC), or an
 * Excel date serial whose fraction is the time of day. Output: milliseconds since 1970 (UTC).
 */
export const offeredAtSchema = numeric.transform((value, ctx) => {
  let ms: number;
  if (typeof value === 'number') {
    ms = Math.round((value - 25569) * 86_400_000);
    if (!Number.isFinite(value) || value < 61) ms = NaN;
  } else {
    const text = value.trim();
    const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
      text,
    );
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10;
    const real = iso && isIsoDate(text.slice(0, 10));
    ms = real ? Date.parse(zoned ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`) : NaN;
  }
  if (Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: `offeredAt must be an ISO date-time (e.g. 2024-05-01T09:30:00Z) or an Excel date serial, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return ms;
});

export const CQC_RATINGS = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'] as const;
export type CqcRating = (typeof CQC_RATINGS)[number];
/** CQC points for the quality score: Outstanding 4 … Inadequate 1, out of 4. */
export const CQC_POINTS: Record<CqcRating, number> = {
  Outstanding: 4,
  Good: 3,
  'Requires Improvement': 2,
  Inadequate: 1,
};

const cqcRatingSchema = z.string().transform((value, ctx): CqcRating => {
  const key = value.trim().replace(/\s+/g, ' ').toLowerCase();
  const found =
    key === 'ri' ? 'Requires Improvement' : CQC_RATINGS.find((r) => r.toLowerCase() === key);
  if (!found) {
    ctx.addIssue({
      code: 'custom',
      message: `cqcRating must be one of ${CQC_RATINGS.join(', ')}, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return found;
});

const idSchema = z.union([z.string().trim().min(1).max(200), z.number().transform(String)]);

export const tenderBidSchema = z
  .object({
    /** The provider or offer, as the commissioner names it. */
    id: idSchema,
    /** Weekly price offered, in pounds and pence; must be more than zero. */
    price: moneySchema.refine((p) => new Decimal(p).gt(0), {
      message: 'price must be more than zero',
    }),
    cqcRating: cqcRatingSchema,
    /** The provider's quality-reporting score, out of `qualityReportingMax`. */
    qualityReporting: nonNegativeDecimal('qualityReporting'),
    /** What qualityReporting is out of; 1 when it is already a share. */
    qualityReportingMax: nonNegativeDecimal('qualityReportingMax').optional(),
    offeredAt: offeredAtSchema.optional(),
    /** The provider is suspended from new packages (e.g. by the commissioner's escalation). */
    suspended: z.boolean().optional(),
    /** The commissioner's scores of the capability questions, as a share from 0 to 1. */
    capability: nonNegativeDecimal('capability').optional(),
  })
  .strict()
  .superRefine((bid, ctx) => {
    if (bid.capability !== undefined && new Decimal(bid.capability).gt(1))
      ctx.addIssue({
        code: 'custom',
        path: ['capability'],
        message: `capability is a share from 0 to 1, got ${bid.capability}`,
      });
    const max = new Decimal(bid.qualityReportingMax ?? '1');
    if (max.isZero())
      ctx.addIssue({
        code: 'custom',
        path: ['qualityReportingMax'],
        message: 'qualityReportingMax must be more than zero',
      });
    else if (new Decimal(bid.qualityReporting).gt(max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['qualityReporting'],
        message: `qualityReporting ${bid.qualityReporting} is more than its maximum ${max.toString()}`,
      });
    }
  });

export const tenderWeightsSchema = z
  .object({
    quality: nonNegativeDecimal('quality weight'),
    price: nonNegativeDecimal('price weight'),
  })
  .strict()
  .refine((w) => new Decimal(w.quality).plus(w.price).gt(0), {
    message: 'the quality and price weights must not both be zero',
  });

const allOrNoneTimed = (
  items: ReadonlyArray<{ offeredAt?: number | undefined }>,
  ctx: z.RefinementCtx,
  path: string,
) => {
  const timed = items.filter((o) => o.offeredAt !== undefined).length;
  if (timed !== 0 && timed !== items.length) {
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: `give offeredAt for every one of the ${path} or for none (none: the order given is the order received)`,
    });
  }
};

export const tenderInputSchema = z
  .object({
    bids: z.array(tenderBidSchema).min(1).max(10_000),
    weights: tenderWeightsSchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => allOrNoneTimed(input.bids, ctx, 'bids'));

export type TenderBid = z.input<typeof tenderBidSchema>;
export type TenderWeights = z.input<typeof tenderWeightsSchema>;

export interface ScoredBid {
  id: string;
  price: string;
  cqcRating: CqcRating;
  /** Scores to 2 dp for display; ranking used the exact values. */
  priceScore: string;
  cqcScore: string;
  qualityReportingScore: string;
  /** Only when capability questions are scored (options.capabilityWeight). */
  capabilityScore?: string;
  qualityScore: string;
  total: string;
  /** 1 is best; equal exact totals share a rank. */
  rank: number;
}

export interface TenderResult {
  /** Maximum points for each part: { price: "40", cqc: "30", qualityReporting: "30" } by default. */
  maxPoints: { price: string; cqc: string; qualityReporting: string; capability?: string };
  /** The lowest price among the offers scored (excluded offers set no benchmark). */
  lowestPrice: string;
  ranking: ScoredBid[];
  /** Offers not scored: Inadequate or suspended providers may not bid. */
  excluded: Array<{ id: string; reason: string }>;
}

const show = (d: Decimal) => d.toFixed(2);
const HUNDRED = new Decimal(100);

/**
 * Points for each CQC rating, out of the highest of them. The seed gives only the 30% share;
 * the default scale (Outstanding 4, Good 3, Requires Improvement 2, Inadequate 1) is the
 * house's, and an organisation may configure its own.
 */
export type CqcScale = Record<CqcRating, string | number>;

function cqcScale(given: Partial<CqcScale> | undefined): {
  points: Record<CqcRating, Decimal>;
  max: Decimal;
} {
  const points = {} as Record<CqcRating, Decimal>;
  for (const r of CQC_RATINGS) {
    const d = toDecimal(given?.[r] ?? CQC_POINTS[r], `cqcScale.${r}`, ['cqcScale', r]);
    if (d.isNegative()) throw invalid(`cqcScale.${r} must not be negative`, ['cqcScale', r]);
    points[r] = d;
  }
  const max = Decimal.max(...Object.values(points));
  if (max.isZero())
    throw invalid('cqcScale must give some rating more than 0 points', ['cqcScale']);
  return { points, max };
}

/** Score and rank offers, Quality:Price 60:40 unless other weights are given. */
export function scoreTender(
  bids: TenderBid[],
  weights?: TenderWeights,
  options: {
    cqcScale?: Partial<CqcScale>;
    /**
     * Points of the quality weight given to capability questions (same units as the weights:
     * 20 of 60), the rest split equally between CQC and quality reporting; every bid then
     * needs its `capability` share.
     */
    capabilityWeight?: string | number;
  } = {},
): TenderResult {
  const scale = cqcScale(options.cqcScale);
  const parsed = tenderInputSchema.safeParse({ bids, weights });
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const seen = new Set<string>();
  parsed.data.bids.forEach((bid, i) => {
    if (seen.has(bid.id))
      throw invalid(`bids.${i}.id: duplicate bid id "${bid.id}"`, ['bids', i, 'id']);
    seen.add(bid.id);
  });
  const w = parsed.data.weights ?? { quality: '60', price: '40' };
  const sum = new Decimal(w.quality).plus(w.price);
  const priceMax = HUNDRED.times(w.price).div(sum);
  const capabilityWeight =
    options.capabilityWeight === undefined
      ? null
      : toDecimal(options.capabilityWeight, 'capabilityWeight', ['capabilityWeight']);
  if (capabilityWeight && (capabilityWeight.isNegative() || capabilityWeight.gt(w.quality)))
    throw invalid(
      `capabilityWeight must be from 0 to the quality weight ${w.quality}, got ${capabilityWeight.toString()}`,
      ['capabilityWeight'],
    );
  const capabilityMax = capabilityWeight ? HUNDRED.times(capabilityWeight).div(sum) : null;
  const halfQualityMax = HUNDRED.times(new Decimal(w.quality).minus(capabilityWeight ?? 0))
    .div(sum)
    .div(2);
  if (capabilityMax) {
    const unscored = parsed.data.bids.findIndex((b) => b.capability === undefined);
    if (unscored >= 0)
      throw invalid(`bids.${unscored}: every bid needs its capability score`, [
        'bids',
        unscored,
        'capability',
      ]);
  }

  // "Providers rated Inadequate are suspended from bidding": they are not scored at all, so an
  // Inadequate offer can neither win nor set the lowest price the others are scored against.
  const excluded = parsed.data.bids
    .filter((b) => b.cqcRating === 'Inadequate' || b.suspended === true)
    .map((b) => ({
      id: b.id,
      reason:
        b.cqcRating === 'Inadequate'
          ? 'rated Inadequate: suspended from bidding'
          : 'provider suspended from new packages',
    }));
  const eligible = parsed.data.bids.filter(
    (b) => b.cqcRating !== 'Inadequate' && b.suspended !== true,
  );
  if (eligible.length === 0) {
    throw notAllowed(
      'every offer is from an Inadequate or suspended provider: no offer can be scored',
      ['bids'],
    );
  }
  const lowest = Decimal.min(...eligible.map((b) => new Decimal(b.price)));
  const scored = eligible.map((bid, index) => {
    const priceScore = priceMax.times(lowest).div(bid.price);
    const cqcScore = halfQualityMax.times(scale.points[bid.cqcRating]).div(scale.max);
    const reportingScore = halfQualityMax
      .times(bid.qualityReporting)
      .div(bid.qualityReportingMax ?? '1');
    const capabilityScore = capabilityMax ? capabilityMax.times(bid.capability!) : null;
    const quality = cqcScore.plus(reportingScore).plus(capabilityScore ?? 0);
    const total = priceScore.plus(quality);
    return { bid, index, priceScore, cqcScore, reportingScore, capabilityScore, quality, total };
  });
  scored.sort(
    (a, b) =>
      b.total.comparedTo(a.total) || earlier(a.bid.offeredAt, b.bid.offeredAt) || a.index - b.index,
  );

  const ranking = scored.map((s, i): ScoredBid => ({
    id: s.bid.id,
    price: s.bid.price,
    cqcRating: s.bid.cqcRating,
    priceScore: show(s.priceScore),
    cqcScore: show(s.cqcScore),
    qualityReportingScore: show(s.reportingScore),
    ...(s.capabilityScore ? { capabilityScore: show(s.capabilityScore) } : {}),
    qualityScore: show(s.quality),
    total: show(s.total),
    rank: i + 1,
  }));
  for (let i = 1; i < scored.length; i++) {
    if (scored[i]!.total.eq(scored[i - 1]!.total)) ranking[i]!.rank = ranking[i - 1]!.rank;
  }
  return {
    maxPoints: {
      price: trim(priceMax),
      cqc: trim(halfQualityMax),
      qualityReporting: trim(halfQualityMax),
      ...(capabilityMax ? { capability: trim(capabilityMax) } : {}),
    },
    lowestPrice: lowest.toFixed(2),
    ranking,
    excluded,
  };
}

/** Exact below 6 places, else shown to 6 (e.g. a third of 100 points). */
const trim = (d: Decimal) => d.toDecimalPlaces(6).toString();

/** Earlier offer first; without times (all or none have one) the order given decides. */
function earlier(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return 0;
  return a - b;
}

// ---------------------------------------------------------------------------------------------
// Birmingham mini-competition award.

const ratingSchema = z.string().transform((value, ctx): Rating => {
  const found = RATINGS.find((r) => r.toLowerCase() === value.trim().toLowerCase());
  if (!found) {
    ctx.addIssue({
      code: 'custom',
      message: `rating must be one of ${RATINGS.join(', ')}, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return found;
});

export const placementOfferSchema = z
  .object({ id: idSchema, rating: ratingSchema, offeredAt: offeredAtSchema.optional() })
  .strict();
export type PlacementOffer = z.input<typeof placementOfferSchema>;

export const awardInputSchema = z
  .object({
    offers: z.array(placementOfferSchema).max(10_000),
    /** The offer the citizen chose, if they chose; blank means they could not or declined. */
    citizenChoice: z.union([z.string(), z.number().transform(String)]).optional(),
  })
  .strict()
  .superRefine((input, ctx) => allOrNoneTimed(input.offers, ctx, 'offers'));

export interface AwardResult {
  winner: string;
  rating: Rating;
  /** One line saying why this offer won. */
  reason: string;
  /** Offers left out because the provider is rated Inadequate. */
  excluded: string[];
}

const rank = (r: Rating) => RATINGS.length - RATINGS.indexOf(r);

/** Award a placement among offers: highest rating, then citizen's choice, then earliest. */
export function awardPlacement(
  offers: PlacementOffer[],
  citizenChoice?: string | number | null,
): AwardResult {
  const choice =
    citizenChoice === null || citizenChoice === undefined || String(citizenChoice).trim() === ''
      ? undefined
      : String(citizenChoice).trim();
  const parsed = awardInputSchema.safeParse({ offers, citizenChoice: choice });
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const all = parsed.data.offers.map((offer, index) => ({ ...offer, index }));
  const seen = new Set<string>();
  all.forEach((o, i) => {
    if (seen.has(o.id))
      throw invalid(`offers.${i}.id: duplicate offer id "${o.id}"`, ['offers', i, 'id']);
    seen.add(o.id);
  });
  if (all.length === 0) throw notFound('there are no offers to award', ['offers']);
  if (choice !== undefined && !seen.has(choice)) {
    throw notFound(
      `the citizen's choice "${choice}" is not one of the offers (${all.map((o) => o.id).join(', ')})`,
      ['citizenChoice'],
    );
  }
  const excluded = all.filter((o) => o.rating === 'Inadequate').map((o) => o.id);
  const eligible = all.filter((o) => o.rating !== 'Inadequate');
  if (eligible.length === 0) {
    throw notAllowed(
      'every offer is from an Inadequate provider, suspended from bidding: no offer can be awarded',
      ['offers'],
    );
  }
  const best = Math.max(...eligible.map((o) => rank(o.rating)));
  const top = eligible
    .filter((o) => rank(o.rating) === best)
    .sort((a, b) => earlier(a.offeredAt, b.offeredAt) || a.index - b.index);
  const rating = top[0]!.rating;
  if (top.length === 1) {
    return {
      winner: top[0]!.id,
      rating,
      reason: `the only ${rating} offer: highest quality rating`,
      excluded,
    };
  }
  const tied = top.map((o) => o.id).join(', ');
  const chosen = choice === undefined ? undefined : top.find((o) => o.id === choice);
  if (chosen) {
    return {
      winner: chosen.id,
      rating,
      reason: `${top.length} ${rating} offers tie (${tied}): the citizen chose ${chosen.id}`,
      excluded,
    };
  }
  const why =
    choice === undefined ? 'no citizen choice' : `the citizen's choice ${choice} is not among them`;
  return {
    winner: top[0]!.id,
    rating,
    reason: `${top.length} ${rating} offers tie (${tied}), ${why}: the earliest offer wins`,
    excluded,
  };
}
