/**
 * The engine's other calculations over HTTP, for the add-in and other programs: pure
 * calculations (nothing is written), any viewer may call them. Each route validates its body
 * with the engine's own input schema, calls the one engine function, and answers its result;
 * the error middleware maps the engine's errors.
 */
import { Router, type RequestHandler } from 'express';
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
  costOfCareSurveySchema,
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
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { validate } from '../platform/http/errors';
import { cardReferenceSchema, parseCardReference, resolveCard } from './service';
import { cardLookupFor } from './routes';
import type { RouteDoc } from '../platform/openapi/document';
import {
  awardResultSchema,
  chcTierResponseSchema,
  costOfCareResultSchema,
  costOfCareSurveyResultSchema,
  periodCostResultSchema,
  ratingResultSchema,
  tenderResultSchema,
  tpcResultSchema,
} from '../../../shared/src/contract/engine';

export const chcTierRequestSchema = z
  .object({ card: cardReferenceSchema, tierId: chcFeeInputSchema.shape.tierId })
  .strict();
export const costOfCareSurveyRequestSchema = z.object({ returns: costOfCareSurveySchema }).strict();

// The conversions take plain arguments; these schemas give them names and shapes, the engine
// checks the values (not negative, real dates, end not before start).
const amount = z.union([z.string().max(40), z.number()]);
const rounding = z.enum(['half-up', 'half-even', 'down']).optional();
export const weeklyToDailySchema = z.object({ weekly: amount, rounding }).strict();
export const dailyToWeeklySchema = z.object({ daily: amount, rounding }).strict();
export const periodCostSchema = z
  .object({ weekly: amount, start: z.string().max(40), end: z.string().max(40), rounding })
  .strict();
export const providerSizeSchema = z
  .object({ weeklyHours: amount, newToCity: z.boolean().optional() })
  .strict();

/** Validate the body with the engine's schema, then hand the engine the body as sent (it parses again). */
function calculation<S extends z.ZodType>(
  schema: S,
  run: (body: z.input<S>) => unknown,
): RequestHandler {
  return (req, res) => {
    validate(schema, req.body, []);
    res.json(run(req.body as z.input<S>));
  };
}

export function engineRouter(ctx: AppContext): Router {
  const router = Router();
  const viewer = requireRole('viewer');

  router.post(
    '/quality-rating',
    viewer,
    calculation(ratingInputSchema, (body) => ratingFromInspections(body)),
  );

  router.post('/chc-tier', viewer, async (req, res) => {
    const body = validate(
      z.object({ card: z.unknown(), tierId: z.unknown() }).strict(),
      req.body ?? {},
      [],
    );
    const ref = parseCardReference(body.card);
    const { tierId } = validate(chcFeeInputSchema, { tierId: body.tierId }, []);
    const card = await resolveCard(ref, cardLookupFor(ctx, req.principal!.organisationId));
    res.json({ card: { id: card.id, version: card.version }, ...chcTierFee(card, tierId) });
  });

  router.post(
    '/tender/score',
    viewer,
    calculation(tenderInputSchema, (body) => scoreTender(body.bids, body.weights)),
  );
  router.post(
    '/tender/award',
    viewer,
    calculation(awardInputSchema, (body) => awardPlacement(body.offers, body.citizenChoice)),
  );
  router.post(
    '/tpc-check',
    viewer,
    calculation(tpcInputSchema, (body) => checkThirdPartyContribution(body)),
  );
  router.post(
    '/cost-of-care',
    viewer,
    calculation(costOfCareInputSchema, (body) => costOfCare(body)),
  );
  router.post(
    '/cost-of-care/quartiles',
    viewer,
    calculation(costOfCareSurveyRequestSchema, (body) => costOfCareQuartiles(body.returns)),
  );
  router.post(
    '/conversions/weekly-to-daily',
    viewer,
    calculation(weeklyToDailySchema, (b) => ({ daily: weeklyToDaily(b.weekly, b.rounding) })),
  );
  router.post(
    '/conversions/daily-to-weekly',
    viewer,
    calculation(dailyToWeeklySchema, (b) => ({ weekly: dailyToWeekly(b.daily, b.rounding) })),
  );
  router.post(
    '/conversions/period-cost',
    viewer,
    calculation(periodCostSchema, (b) => periodCost(b.weekly, b.start, b.end, b.rounding)),
  );
  router.post(
    '/conversions/provider-size',
    viewer,
    calculation(providerSizeSchema, (b) => ({
      size: providerSize(b.weeklyHours, { newToCity: b.newToCity }),
    })),
  );
  return router;
}

const tag = 'calculations';
export const engineRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/quality-rating',
    tag,
    role: 'viewer',
    summary:
      'Overall quality rating from dated CQC, council and NHS inspections (Birmingham Table 2 and in-year adjustments)',
    body: ratingInputSchema,
    response: ratingResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/chc-tier',
    tag,
    role: 'viewer',
    summary: 'Weekly fee of a CHC tier on a rate card (fixed, or base plus staffing hours)',
    body: chcTierRequestSchema,
    response: chcTierResponseSchema,
  },
  {
    method: 'post',
    path: '/api/v1/tender/score',
    tag,
    role: 'viewer',
    summary:
      'Score and rank offers, Quality:Price 60:40 unless other weights are given (Sefton DPS)',
    body: tenderInputSchema,
    response: tenderResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/tender/award',
    tag,
    role: 'viewer',
    summary:
      "Award a mini-competition: highest rating, then the citizen's choice, then the earliest offer (Birmingham)",
    body: awardInputSchema,
    response: awardResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/tpc-check',
    tag,
    role: 'viewer',
    summary:
      'Check a third-party contribution (top-up) against every condition, naming each failure',
    body: tpcInputSchema,
    response: tpcResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/cost-of-care',
    tag,
    role: 'viewer',
    summary:
      "Fair cost of care: a provider's open-book return built up to weekly care, hotel and total",
    body: costOfCareInputSchema,
    response: costOfCareResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/cost-of-care/quartiles',
    tag,
    role: 'viewer',
    summary:
      'Lower quartile, median and upper quartile of many providers’ cost-of-care returns (QUARTILE.INC)',
    body: costOfCareSurveyRequestSchema,
    response: costOfCareSurveyResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/conversions/weekly-to-daily',
    tag,
    role: 'viewer',
    summary: 'A weekly rate as a daily one: weekly ÷ 7, rounded to pence once',
    body: weeklyToDailySchema,
    response: z.object({ daily: z.string() }),
  },
  {
    method: 'post',
    path: '/api/v1/conversions/daily-to-weekly',
    tag,
    role: 'viewer',
    summary: 'A daily rate as a weekly one: daily × 7, rounded to pence once',
    body: dailyToWeeklySchema,
    response: z.object({ weekly: z.string() }),
  },
  {
    method: 'post',
    path: '/api/v1/conversions/period-cost',
    tag,
    role: 'viewer',
    summary:
      'The cost of a dated period at a weekly rate (both ends counted, weekly × days ÷ 7, rounded once)',
    body: periodCostSchema,
    response: periodCostResultSchema,
  },
  {
    method: 'post',
    path: '/api/v1/conversions/provider-size',
    tag,
    role: 'viewer',
    summary:
      'Home-support provider size by council-funded hours a week (Large over 2,000, Small under 1,000)',
    body: providerSizeSchema,
    response: z.object({ size: z.enum(['Large', 'Medium', 'Small']) }),
  },
];
