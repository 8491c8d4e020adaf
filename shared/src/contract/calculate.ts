/**
 * POST /api/v1/calculate: the batch request (JSON, or NDJSON one item a line), its query and
 * both forms of its answer. The service parses the hot path by hand for speed
 * (server/src/calculation/service.ts) and these schemas document it and check the rest.
 */
import { z } from 'zod';
import { isoDateSchema, rateCardSchema, slugSchema } from '../rateCard';
import { chcFeeInputSchema } from '../chc';

/** The most items one batch may hold; beyond it a client splits the batch. */
export const MAX_BATCH_ITEMS = 1_000_000;
/**
 * The largest request body POST /calculate reads, in bytes: MAX_BATCH_ITEMS placements of up
 * to ~130 bytes (one with its own card, date, a long category and a band is about 110), so the
 * two limits agree.
 */
export const MAX_BATCH_BYTES = 128 * 1024 * 1024;

const numeric = z.union([z.string().max(40), z.number()]);

/** An individually priced specialist package: either a whole weekly fee or a care cost, with a reason. */
export const overrideSchema = z
  .object({
    careCost: numeric.optional(),
    weeklyFee: numeric.optional(),
    reason: z.string().max(1000),
  })
  .strict();

/** What is priced: everything about a placement but which card and date. */
const placementFields = {
  category: z.string().min(1).max(64),
  band: z
    .union([z.string().max(40), z.number()])
    .nullable()
    .optional(),
  rating: z.string().max(40).optional(),
  bronzeOverdue: z.boolean().optional(),
  override: overrideSchema.optional(),
};
/** A placement without its own card or date (how the service checks each distinct one). */
export const placementSchema = z.object(placementFields).strict();

/** An item's own card: a family ("bham-care-homes") or one version of it ("bham-care-homes@3"). */
export const itemCardSchema = z
  .string()
  .max(72)
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}(@[1-9][0-9]{0,6})?$/,
    'must be a card id, or id@version (e.g. bham-care-homes@3)',
  );

/** One placement to price, optionally with its own card and date. */
export const placementItemSchema = z
  .object({
    ...placementFields,
    card: itemCardSchema.optional(),
    date: isoDateSchema.optional(),
  })
  .strict();
export type PlacementItem = z.infer<typeof placementItemSchema>;

const versionNumberSchema = z.number().int().min(1).max(1_000_000);

/** A stored card: in force on a date, one version by number, or a family (items' dates choose). */
export const storedCardReferenceSchema = z.union([
  z.object({ id: slugSchema, date: isoDateSchema }).strict(),
  z.object({ id: slugSchema, version: versionNumberSchema }).strict(),
  z.object({ id: slugSchema }).strict(),
]);

/** Any card reference: stored, or a whole card given inline (a draft being tried out). */
export const cardReferenceSchema = z.union([
  ...storedCardReferenceSchema.options,
  z.object({ inline: rateCardSchema }).strict(),
]);

/** The request as documented (OpenAPI); the envelope is checked by `parseCalculateRequest`. */
export const calculateRequestSchema = z
  .object({
    card: cardReferenceSchema.optional(),
    items: z.array(placementItemSchema).max(MAX_BATCH_ITEMS),
  })
  .strict();

const errorSchema = z.object({
  code: z.enum(['INVALID_INPUT', 'NOT_FOUND', 'NOT_ALLOWED']),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
});

export const itemResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    cardId: z.string(),
    version: z.number().int(),
    category: z.string(),
    band: z.string().nullable(),
    rating: z.enum(['Gold', 'Silver', 'Bronze', 'Inadequate']),
    hotel: z.string(),
    care: z.string(),
    base: z.string(),
    adjustment: z.string(),
    fee: z.string(),
    override: z.object({ reason: z.string() }).optional(),
  }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);

export const calculateResponseSchema = z.object({
  card: z.object({ id: z.string(), version: z.number().int() }).optional(),
  results: z.array(itemResultSchema),
});

/** The compact answer (`?results=compact`): item i's result is `outcomes[results[i]]`. */
export const compactResponseSchema = z.object({
  card: z.object({ id: z.string(), version: z.number().int() }).optional(),
  results: z.array(z.number().int().min(0)),
  outcomes: z.array(itemResultSchema),
});

/** The query: the answer's form, and the batch's card for an NDJSON body (a JSON body names its own). */
export const calculateQuerySchema = z.object({
  results: z
    .enum(['full', 'compact'])
    .optional()
    .describe(
      'full (the default): one result per item; compact: results[i] is an index into outcomes, the distinct results',
    ),
  card: z
    .string()
    .optional()
    .describe(
      'NDJSON bodies only: the batch card, "id" or "id@version" (with date: in force on it)',
    ),
  date: z.string().optional().describe('NDJSON bodies only: with card "id", the batch date'),
});
export type CalculateQuery = z.infer<typeof calculateQuerySchema>;

/** POST /api/v1/chc-tier: a tier's fee on any card, stored or inline. */
export const chcTierRequestSchema = z
  .object({ card: cardReferenceSchema, tierId: chcFeeInputSchema.shape.tierId })
  .strict();
