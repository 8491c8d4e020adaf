/**
 * POST /api/v1/calculate: price a batch of placements. Thin: the service checks the envelope
 * and each item and prices them with the engine; this file reads the (large) body, adapts the
 * card repository, and streams the pre-serialised answer.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../context';
import { route, type AnyRoute } from '../platform/routeTable';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_ITEMS,
  calculateBatch,
  outcomeChunks,
  calculateRequestSchema,
  calculateResponseSchema,
  parseCalculateRequest,
  type CardLookup,
} from './service';

/** The caller's organisation's cards, as the calculation service looks them up. */
export const cardLookupFor = (ctx: AppContext, organisationId: string): CardLookup =>
  ctx.cards.lookup(organisationId);

export const calculateRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/v1/calculate',
    tag: 'calculations',
    role: 'viewer',
    summary: 'Price a batch of placements, over any dates and card families',
    description:
      'Each item is priced on its own card: its `card` ("id", or "id@version"), else the batch\'s `card` ' +
      '({id, date}: in force on that date; {id, version}; {id}: a family; {inline: rate card}). A family is ' +
      "resolved to the version in force on the item's `date`, else the batch's date. " +
      `Up to ${MAX_BATCH_ITEMS.toLocaleString('en-GB')} items and ${MAX_BATCH_BYTES / 1024 / 1024} MB (413 beyond). ` +
      "Each item is priced or refused on its own, its error path under items; only a malformed request or the batch's " +
      'own card missing (a version that is not there, nothing in force on its date while an item relies on it) fails as a whole.',
    // Its own body limit, read only once the caller is known (app.ts leaves this path to it).
    bodyLimit: MAX_BATCH_BYTES,
    body: calculateRequestSchema,
    // Checked item by item by the service (a million items are too many for one zod parse).
    parseBody: parseCalculateRequest,
    response: calculateResponseSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const outcome = await calculateBatch(body, cardLookupFor(ctx, principal.organisationId));
      res.type('application/json');
      // A client that goes away mid-answer just ends the stream.
      await pipeline(Readable.from(outcomeChunks(outcome)), res).catch(() => res.destroy());
    },
  }),
];
