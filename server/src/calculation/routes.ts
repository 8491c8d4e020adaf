/**
 * POST /api/v1/calculate: price a batch of placements. Thin: the service checks the envelope
 * and each item and prices them with the engine; this file reads the (large) body, as JSON or
 * NDJSON, adapts the card repository, and streams the pre-serialised answer.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { route, type AnyRoute } from '../platform/routeTable';
import { invalid } from '../../../shared/src';
import {
  calculateBatch,
  checkItemCount,
  compactChunks,
  outcomeChunks,
  parseCalculateRequest,
  queryCardReference,
  BatchReader,
  type CalculateOutcome,
  type CalculateRequest,
  type CardLookup,
} from './service';
import {
  calculateQuerySchema,
  calculateRequestSchema,
  calculateResponseSchema,
  compactResponseSchema,
  MAX_BATCH_BYTES,
  MAX_BATCH_ITEMS,
} from '../../../shared/src/contract/calculate';
import { NDJSON_TYPES, readNdjson } from './ndjson';

/** The caller's organisation's cards, as the calculation service looks them up. */
export const cardLookupFor = (ctx: AppContext, organisationId: string): CardLookup =>
  ctx.cards.lookup(organisationId);

/** An NDJSON body is read by the handler as it arrives; a JSON one has been parsed already. */
type Body = CalculateRequest | 'ndjson';
const isNdjson = (req: Request) => typeof req.is(NDJSON_TYPES) === 'string';

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
      'own card missing (a version that is not there, nothing in force on its date while an item relies on it) fails as a whole. ' +
      'The body may instead be NDJSON (Content-Type: application/x-ndjson): one item per line, read as it arrives, ' +
      'the batch card in the query (`card`, `date`); a line that is not JSON is refused as its item, blank lines are skipped. ' +
      "`?results=compact` answers {card?, results: [index into outcomes], outcomes: [distinct results]} (a refusal's path " +
      'then relative to its item): a few MB for a million items, and the fastest form (npm run bench:service).',
    // Its own body limit, read only once the caller is known (app.ts leaves this path to it).
    bodyLimit: MAX_BATCH_BYTES,
    query: calculateQuerySchema,
    body: calculateRequestSchema,
    // Checked item by item by the service (a million items are too many for one zod parse).
    parseBody: (raw, req): Body => (isNdjson(req) ? 'ndjson' : parseCalculateRequest(raw)),
    response: z.union([calculateResponseSchema, compactResponseSchema]),
    handler: async ({ ctx, principal, query, body, req, res }) => {
      const lookup = cardLookupFor(ctx, principal.organisationId);
      let outcome: CalculateOutcome;
      if (body === 'ndjson') {
        const card = queryCardReference(query);
        // Each line is read and checked as it arrives; pricing waits for the last.
        const reader = new BatchReader();
        const read = await readNdjson(
          req,
          { maxBytes: MAX_BATCH_BYTES, maxItems: MAX_BATCH_ITEMS },
          (item) => reader.add(item),
        );
        checkItemCount(read.count);
        outcome = await reader.price(card, lookup);
      } else {
        if (query.card !== undefined || query.date !== undefined)
          throw invalid(
            'card and date in the query are for NDJSON bodies; a JSON body names its card in the body',
            ['query', query.card !== undefined ? 'card' : 'date'],
          );
        outcome = await calculateBatch(body, lookup);
      }
      res.type('application/json');
      const chunks = query.results === 'compact' ? compactChunks(outcome) : outcomeChunks(outcome);
      // A client that goes away mid-answer just ends the stream.
      await pipeline(Readable.from(chunks), res).catch(() => res.destroy());
    },
  }),
];
