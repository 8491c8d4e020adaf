/**
 * POST /api/v1/calculate: price a batch of placements against one card reference. Thin: the
 * service checks the envelope and each item and prices them with the engine; this file reads
 * the (large) body, adapts the card repository, and sends the pre-serialised answer.
 */
import { Router } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { HttpError } from '../platform/http/errors';
import {
  MAX_BATCH_ITEMS,
  calculateBatch,
  calculateRequestSchema,
  calculateResponseSchema,
  parseCalculateRequest,
  serializeOutcome,
  type CardLookup,
} from './service';
import type { RouteDoc } from '../platform/openapi/document';

/** The caller's organisation's cards, as the calculation service looks them up. */
export function cardLookupFor(ctx: AppContext, organisationId: string): CardLookup {
  const orMissing = async <T>(found: Promise<{ card: T }>): Promise<T | undefined> => {
    try {
      return (await found).card;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
  };
  return {
    byVersion: (id, version) => orMissing(ctx.cards.getVersion(organisationId, id, version)),
    inForce: (id, date) => orMissing(ctx.cards.inForce(organisationId, id, date)),
  };
}

export function calculateRouter(ctx: AppContext): Router {
  const router = Router();
  router.post(
    '/calculate',
    // The body was read by the API's JSON parser (config.jsonLimit, 10 MB by default: about
    // 150,000 compact placements).
    requireRole('viewer'),
    async (req, res) => {
      const request = parseCalculateRequest(req.body);
      const outcome = await calculateBatch(
        request,
        cardLookupFor(ctx, req.principal!.organisationId),
      );
      res.type('application/json').send(serializeOutcome(outcome));
    },
  );
  return router;
}

export const calculateRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/calculate',
    tag: 'calculations',
    role: 'viewer',
    summary: 'Price a batch of placements against one rate card',
    description:
      `Card by {id, date} (the approved version in force; an item's own date may select another), {id, version}, ` +
      `or {inline: rate card}. Up to ${MAX_BATCH_ITEMS} items; each is priced or fails on its own, its error path ` +
      'under items; only a malformed request or an unknown card fails as a whole.',
    body: calculateRequestSchema,
    response: calculateResponseSchema,
  },
];
