/**
 * The rate-card routes' requests and responses: read, draft, submit, approve, withdraw, diff,
 * price review and fee schedule. The service validates with these and the add-in reads its
 * answers as their types, so neither side can drift from the other.
 */
import { z } from 'zod';
import { isoDateSchema, rateCardDraftSchema, rateCardSchema, slugSchema } from '../rateCard';
import { upliftInputSchema, type UpliftLine } from '../uplift';
import type { ScheduleRow } from '../schedule';
import { cardDiffSchema } from './engine';
import { itemsOf } from './common';

/** A rate card version's place in the approval workflow. */
export const CARD_STATUSES = ['draft', 'submitted', 'approved', 'superseded', 'withdrawn'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];
export const cardStatusSchema = z.enum(CARD_STATUSES);

/** Who made, approved or withdrew a rate card version, and when (ISO timestamps). */
export const cardMetaSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  commissioner: z.string(),
  status: cardStatusSchema,
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  supersededBy: z.number().int().nullable(),
  supersededAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  /** The version this one was made from by a price review, if any. */
  derivedFrom: z.number().int().nullable(),
});
export type CardMeta = z.infer<typeof cardMetaSchema>;

/** The part of CardMeta the add-in relies on (lists, provenance notes, VERSION). */
export type CardSummary = Pick<
  CardMeta,
  | 'id'
  | 'version'
  | 'title'
  | 'commissioner'
  | 'status'
  | 'effectiveFrom'
  | 'effectiveTo'
  | 'createdBy'
  | 'createdAt'
  | 'approvedBy'
  | 'approvedAt'
>;

/** One version: the card as the engine reads it and its place in the workflow. */
export const storedCardSchema = z.object({ card: rateCardSchema, meta: cardMetaSchema });
export type StoredCardResponse = z.output<typeof storedCardSchema>;

/** A family's approved and superseded versions, oldest first: the add-in resolves dates itself. */
export const cardFamilyResponseSchema = z.object({
  id: z.string(),
  versions: z.array(storedCardSchema),
});
export type CardFamilyResponse = z.output<typeof cardFamilyResponseSchema>;

/** A new draft as sent: a rate card whose version, if any, is ignored. */
export { rateCardDraftSchema };

const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
export const cardParamsSchema = z.object({ id: slugSchema });
export const versionParamsSchema = z.object({ id: slugSchema, version: versionNumber });
export const inForceQuerySchema = z.object({ date: isoDateSchema });
export const diffQuerySchema = z.object({ from: versionNumber, to: versionNumber });
export const withdrawRequestSchema = z.object({ reason: z.string().max(2000).optional() }).strict();
/** The annual price review: the engine's own request (its values checked by upliftCard). */
export const upliftRequestSchema = upliftInputSchema;

/** The rate-card list's page size: by default, and the most a client may ask for. */
export const LIST_PAGE_DEFAULT = 100;
export const LIST_PAGE_MAX = 500;

/** `?limit=&cursor=`: a page of the list; the cursor is the previous page's `nextCursor`. */
export const rateCardListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(LIST_PAGE_MAX).default(LIST_PAGE_DEFAULT),
  cursor: z.string().max(120).optional(),
});

/** One page, by id then version; `nextCursor` is null on the last page. */
export const rateCardListResponseSchema = itemsOf(cardMetaSchema).extend({
  nextCursor: z.string().nullable(),
});
export const cardDiffResponseSchema = z.object({
  from: cardMetaSchema,
  to: cardMetaSchema,
  diff: cardDiffSchema,
});
export type CardDiffResponse = z.output<typeof cardDiffResponseSchema>;

const money = z.string().describe('pounds and pence, e.g. "633.68"');
export const scheduleRowSchema: z.ZodType<ScheduleRow> = z.object({
  category: z.string(),
  categoryName: z.string(),
  band: z.string().nullable(),
  bandName: z.string().nullable(),
  hotel: money,
  care: money,
  base: money.describe('the standard (Silver) weekly fee: hotel + care'),
  gold: money,
  silver: money,
  bronze: money,
});
export const scheduleResponseSchema = z.object({
  card: z.object({ id: z.string(), version: z.number().int(), status: cardStatusSchema }),
  rows: z.array(scheduleRowSchema),
});
export type ScheduleResponse = z.output<typeof scheduleResponseSchema>;

const upliftLineSchema: z.ZodType<UpliftLine> = z.object({
  path: z.array(z.union([z.string(), z.number().int()])),
  label: z.string(),
  before: money,
  after: money,
  rate: z.string().describe('the change applied, as a decimal fraction'),
});
/** The engine's review without its card (the card is the new draft beside it). */
export const upliftReviewSchema = z.object({
  diff: cardDiffSchema,
  effectiveFrom: z.string(),
  hotelChange: z.string(),
  careChange: z.string(),
  careChangeBasis: z.enum(['nlw', 'local-care-wage']),
  lines: z.array(upliftLineSchema),
});
/** The new draft, the engine's review and the diff from the version reviewed. */
export const upliftResponseSchema = storedCardSchema.extend({
  review: upliftReviewSchema,
  diff: cardDiffSchema,
});
export type UpliftResponse = z.output<typeof upliftResponseSchema>;
