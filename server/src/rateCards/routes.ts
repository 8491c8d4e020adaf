/** Rate cards: read, draft, submit, approve (four-eyes), withdraw, diff, price review, schedule. */
import type { Response } from 'express';
import { route, type AnyRoute } from '../platform/routeTable';
import { HttpError } from '../platform/http/errors';
import {
  cardDiffResponseSchema,
  cardFamilyResponseSchema,
  cardParamsSchema,
  diffQuerySchema,
  inForceQuerySchema,
  rateCardDraftSchema,
  rateCardListQuerySchema,
  rateCardListResponseSchema,
  scheduleResponseSchema,
  storedCardSchema,
  upliftRequestSchema,
  upliftResponseSchema,
  versionParamsSchema,
  withdrawRequestSchema,
} from '../../../shared/src/contract/rateCards';
import { diffCards } from '../../../shared/src/diff';
import { upliftCard } from '../../../shared/src/uplift';
import { feeSchedule } from '../../../shared/src/schedule';
import type { StoredCard } from './repository';
import { decodeCursor, encodeCursor } from './listPage';

/** Kept for the modules that named them here. */
export { cardParamsSchema, versionParamsSchema };

const tag = 'rate cards';
const CARDS = '/api/v1/rate-cards';
const VERSION = `${CARDS}/:id/versions/:version`;

/** 201 with the new version's address. */
const created = (res: Response, s: StoredCard) => {
  res.status(201).location(`${CARDS}/${s.meta.id}/versions/${s.meta.version}`);
};

export const rateCardRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: CARDS,
    tag,
    role: 'viewer',
    summary: "The versions of the organisation's card families, a page at a time",
    description:
      'By id then version. `limit` (100 by default, at most 500) per page; `nextCursor`, when not ' +
      'null, is sent back as `cursor` for the next page.',
    query: rateCardListQuerySchema,
    response: rateCardListResponseSchema,
    handler: async ({ ctx, principal, query }) => {
      const page = await ctx.cards.list(principal.organisationId, {
        limit: query.limit,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  }),

  route({
    method: 'post',
    path: CARDS,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Create a draft (the next version of the family its id names)',
    body: rateCardDraftSchema,
    bodyPath: [],
    response: storedCardSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const stored = await ctx.cards.createDraft(principal, body);
      created(res, stored);
      return stored;
    },
  }),

  route({
    method: 'get',
    path: `${CARDS}/:id/in-force`,
    tag,
    role: 'viewer',
    summary: 'The approved version in force on a date (with ETag)',
    params: cardParamsSchema,
    query: inForceQuerySchema,
    response: storedCardSchema,
    etag: true,
    handler: ({ ctx, principal, params, query }) =>
      ctx.cards.inForce(principal.organisationId, params.id, query.date),
  }),

  route({
    method: 'get',
    path: `${CARDS}/:id/family`,
    tag,
    role: 'viewer',
    summary:
      'Every approved and superseded version of a family with its effective dates (with ETag): one request lets a client resolve any date itself',
    params: cardParamsSchema,
    response: cardFamilyResponseSchema,
    etag: true,
    handler: async ({ ctx, principal, params }) => ({
      id: params.id,
      versions: await ctx.cards.family(principal.organisationId, params.id),
    }),
  }),

  route({
    method: 'get',
    path: `${CARDS}/:id/diff`,
    tag,
    role: 'viewer',
    summary:
      "The engine's diff between two versions: hotel and every care and CHC amount (old, new, £ and % change), other fields that changed, fee effects at each rating, and counts",
    params: cardParamsSchema,
    query: diffQuerySchema,
    response: cardDiffResponseSchema,
    handler: async ({ ctx, principal, params, query }) => {
      const org = principal.organisationId;
      const [a, b] = await Promise.all([
        ctx.cards.getVersion(org, params.id, query.from),
        ctx.cards.getVersion(org, params.id, query.to),
      ]);
      return { from: a.meta, to: b.meta, diff: diffCards(a.card, b.card) };
    },
  }),

  route({
    method: 'get',
    path: VERSION,
    tag,
    role: 'viewer',
    summary: 'One version (with ETag; approved versions never change)',
    params: versionParamsSchema,
    response: storedCardSchema,
    etag: true,
    handler: ({ ctx, principal, params }) =>
      ctx.cards.getVersion(principal.organisationId, params.id, params.version),
  }),

  route({
    method: 'get',
    path: `${VERSION}/schedule`,
    tag,
    role: 'viewer',
    summary: 'Every weekly fee of a version, by category, band and rating (with ETag)',
    params: versionParamsSchema,
    response: scheduleResponseSchema,
    etag: true,
    handler: async ({ ctx, principal, params: { id, version } }) => {
      const stored = await ctx.cards.getVersion(principal.organisationId, id, version);
      return { card: { id, version, status: stored.meta.status }, rows: feeSchedule(stored.card) };
    },
  }),

  route({
    method: 'put',
    path: VERSION,
    tag,
    role: 'editor',
    summary: "Replace a draft's content",
    params: versionParamsSchema,
    body: rateCardDraftSchema,
    bodyPath: [],
    response: storedCardSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.cards.updateDraft(principal, params.id, params.version, body),
  }),

  route({
    method: 'post',
    path: `${VERSION}/submit`,
    tag,
    role: 'editor',
    summary: 'Draft → submitted',
    params: versionParamsSchema,
    response: storedCardSchema,
    handler: ({ ctx, principal, params }) => ctx.cards.submit(principal, params.id, params.version),
  }),

  route({
    method: 'post',
    path: `${VERSION}/approve`,
    tag,
    role: 'approver',
    summary:
      'Submitted → approved, by an approver who neither wrote nor last edited it; supersedes earlier overlapping versions',
    params: versionParamsSchema,
    response: storedCardSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.cards.approve(principal, params.id, params.version),
  }),

  route({
    method: 'post',
    path: `${VERSION}/withdraw`,
    tag,
    role: 'approver',
    summary: 'Withdraw a version',
    params: versionParamsSchema,
    body: withdrawRequestSchema,
    response: storedCardSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.cards.withdraw(principal, params.id, params.version, body.reason ?? null),
  }),

  route({
    method: 'post',
    path: `${VERSION}/uplift`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Annual price review: a new draft from an approved version, with the lines it changed',
    params: versionParamsSchema,
    body: upliftRequestSchema,
    bodyPath: [],
    response: upliftResponseSchema,
    handler: async ({ ctx, principal, params: { id, version }, body, res }) => {
      const source = await ctx.cards.getVersion(principal.organisationId, id, version);
      if (source.meta.status !== 'approved' && source.meta.status !== 'superseded') {
        throw new HttpError(
          409,
          'CONFLICT',
          `rate card ${id} version ${version} is ${source.meta.status}; a price review starts from an approved version`,
        );
      }
      const { card, ...review } = upliftCard(source.card, body);
      const draft = await ctx.cards.createDraft(principal, card, version);
      created(res, draft);
      return { ...draft, review, diff: diffCards(source.card, draft.card) };
    },
  }),
];
