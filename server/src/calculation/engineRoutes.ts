/**
 * The engine's other calculations over HTTP, for the add-in and other programs: pure
 * calculations (nothing is written), any viewer may call them. Each route validates its body
 * with the engine's own input schema, calls the one engine function, and answers its result;
 * the error middleware maps the engine's errors.
 */
import { z } from 'zod';
import {
  awardInputSchema,
  awardPlacement,
  chcFeeInputSchema,
  chcTierFee,
  checkThirdPartyContribution,
  costOfCare,
  costOfCareInputSchema,
  costOfCareQuartiles,
  dailyToWeekly,
  periodCost,
  providerSize,
  weeklyToDaily,
  ratingFromInspections,
  ratingInputSchema,
  scoreTender,
  tenderInputSchema,
  tpcInputSchema,
} from '../../../shared/src';
import { route, type AnyRoute } from '../platform/routeTable';
import { validate } from '../platform/http/errors';
import { chcTierRequestSchema } from '../../../shared/src/contract/calculate';
import { parseCardReference, resolveCard } from './service';
import { cardLookupFor } from './routes';
import {
  awardResultSchema,
  chcTierResponseSchema,
  costOfCareResultSchema,
  costOfCareSurveyRequestSchema,
  costOfCareSurveyResultSchema,
  dailyToWeeklyResultSchema,
  dailyToWeeklySchema,
  periodCostResultSchema,
  periodCostSchema,
  providerSizeResultSchema,
  providerSizeSchema,
  ratingResultSchema,
  tenderResultSchema,
  tpcResultSchema,
  weeklyToDailyResultSchema,
  weeklyToDailySchema,
} from '../../../shared/src/contract/engine';

const tag = 'calculations';

/**
 * A pure calculation any viewer may call: the body is checked with the engine's schema, then
 * handed to the engine as sent (it parses again: one set of rules, the engine's).
 */
function calculation<S extends z.ZodType, R extends z.ZodType>(def: {
  path: string;
  summary: string;
  body: S;
  response: R;
  run: (body: z.input<S>) => z.input<R>;
}): AnyRoute {
  return route({
    method: 'post',
    path: def.path,
    tag,
    role: 'viewer',
    summary: def.summary,
    body: def.body as z.ZodType,
    bodyPath: [],
    response: def.response as z.ZodType,
    handler: ({ req }) => def.run(req.body as z.input<S>),
  });
}

export const engineRoutes: AnyRoute[] = [
  calculation({
    path: '/api/v1/quality-rating',
    summary:
      'Overall quality rating from dated CQC, council and NHS inspections (Birmingham Table 2 and in-year adjustments)',
    body: ratingInputSchema,
    response: ratingResultSchema,
    run: (body) => ratingFromInspections(body),
  }),
  route({
    method: 'post',
    path: '/api/v1/chc-tier',
    tag,
    role: 'viewer',
    summary: 'Weekly fee of a CHC tier on a rate card (fixed, or base plus staffing hours)',
    body: chcTierRequestSchema,
    // The card reference is checked by the same parser as the batch's, for the same messages.
    parseBody: (raw) => {
      const body = validate(
        z.object({ card: z.unknown(), tierId: z.unknown() }).strict(),
        raw ?? {},
        [],
      );
      const card = parseCardReference(body.card);
      const { tierId } = validate(chcFeeInputSchema, { tierId: body.tierId }, []);
      return { card, tierId };
    },
    response: chcTierResponseSchema,
    handler: async ({ ctx, principal, body }) => {
      const card = await resolveCard(body.card, cardLookupFor(ctx, principal.organisationId));
      return { card: { id: card.id, version: card.version }, ...chcTierFee(card, body.tierId) };
    },
  }),
  calculation({
    path: '/api/v1/tender/score',
    summary:
      'Score and rank offers, Quality:Price 60:40 unless other weights are given (Sefton DPS)',
    body: tenderInputSchema,
    response: tenderResultSchema,
    run: (body) => scoreTender(body.bids, body.weights),
  }),
  calculation({
    path: '/api/v1/tender/award',
    summary:
      "Award a mini-competition: highest rating, then the citizen's choice, then the earliest offer (Birmingham)",
    body: awardInputSchema,
    response: awardResultSchema,
    run: (body) => awardPlacement(body.offers, body.citizenChoice),
  }),
  calculation({
    path: '/api/v1/tpc-check',
    summary:
      'Check a third-party contribution (top-up) against every condition, naming each failure',
    body: tpcInputSchema,
    response: tpcResultSchema,
    run: (body) => checkThirdPartyContribution(body),
  }),
  calculation({
    path: '/api/v1/cost-of-care',
    summary:
      "Fair cost of care: a provider's open-book return built up to weekly care, hotel and total",
    body: costOfCareInputSchema,
    response: costOfCareResultSchema,
    run: (body) => costOfCare(body),
  }),
  calculation({
    path: '/api/v1/cost-of-care/quartiles',
    summary:
      'Lower quartile, median and upper quartile of many providers’ cost-of-care returns (QUARTILE.INC)',
    body: costOfCareSurveyRequestSchema,
    response: costOfCareSurveyResultSchema,
    run: (body) => costOfCareQuartiles(body.returns),
  }),
  calculation({
    path: '/api/v1/conversions/weekly-to-daily',
    summary: 'A weekly rate as a daily one: weekly ÷ 7, rounded to pence once',
    body: weeklyToDailySchema,
    response: weeklyToDailyResultSchema,
    run: (b) => ({ daily: weeklyToDaily(b.weekly, b.rounding) }),
  }),
  calculation({
    path: '/api/v1/conversions/daily-to-weekly',
    summary: 'A daily rate as a weekly one: daily × 7, rounded to pence once',
    body: dailyToWeeklySchema,
    response: dailyToWeeklyResultSchema,
    run: (b) => ({ weekly: dailyToWeekly(b.daily, b.rounding) }),
  }),
  calculation({
    path: '/api/v1/conversions/period-cost',
    summary:
      'The cost of a dated period at a weekly rate (both ends counted, weekly × days ÷ 7, rounded once)',
    body: periodCostSchema,
    response: periodCostResultSchema,
    run: (b) => periodCost(b.weekly, b.start, b.end, b.rounding),
  }),
  calculation({
    path: '/api/v1/conversions/provider-size',
    summary:
      'Home-support provider size by council-funded hours a week (Large over 2,000, Small under 1,000)',
    body: providerSizeSchema,
    response: providerSizeResultSchema,
    run: (b) => ({ size: providerSize(b.weeklyHours, { newToCity: b.newToCity }) }),
  }),
];
