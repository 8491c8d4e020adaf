/** Rate cards: read, draft, submit, approve (four-eyes), withdraw, diff, price review, schedule. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { HttpError, validate } from '../platform/http/errors';
import { sendWithEtag } from '../platform/http/etag';
import { isoDateSchema, slugSchema } from '../../../shared/src/rateCard';
import { diffCards } from '../../../shared/src/diff';
import { parseUpliftInput, upliftCard } from '../../../shared/src/uplift';
import { feeSchedule } from '../../../shared/src/schedule';
import type { StoredCard } from './repository';
import { encodeCursor, listQuerySchema } from './listPage';

export const cardParamsSchema = z.object({ id: slugSchema });
export const versionParamsSchema = z.object({
  id: slugSchema,
  version: z.coerce.number().int().min(1).max(1_000_000),
});
const inForceQuerySchema = z.object({ date: isoDateSchema });
const diffQuerySchema = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.coerce.number().int().min(1).max(1_000_000),
});
const withdrawBodySchema = z.object({ reason: z.string().max(2000).optional() }).strict();

const location = (s: StoredCard) => `/api/v1/rate-cards/${s.meta.id}/versions/${s.meta.version}`;

export function rateCardsRouter(ctx: AppContext): Router {
  const router = Router();
  const viewer = requireRole('viewer');
  const editor = requireRole('editor');
  const approver = requireRole('approver');

  router.get('/rate-cards', viewer, async (req, res) => {
    const { limit, cursor } = validate(listQuerySchema, req.query, ['query']);
    const page = await ctx.cards.list(req.principal!.organisationId, {
      limit,
      ...(cursor ? { after: cursor } : {}),
    });
    res.json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  router.post('/rate-cards', editor, async (req, res) => {
    const stored = await ctx.cards.createDraft(req.principal!, req.body);
    res.status(201).location(location(stored)).json(stored);
  });

  router.get('/rate-cards/:id/in-force', viewer, async (req, res) => {
    const { id } = validate(cardParamsSchema, req.params, ['params']);
    const { date } = validate(inForceQuerySchema, req.query, ['query']);
    sendWithEtag(req, res, await ctx.cards.inForce(req.principal!.organisationId, id, date));
  });

  router.get('/rate-cards/:id/diff', viewer, async (req, res) => {
    const { id } = validate(cardParamsSchema, req.params, ['params']);
    const { from, to } = validate(diffQuerySchema, req.query, ['query']);
    const org = req.principal!.organisationId;
    const [a, b] = await Promise.all([
      ctx.cards.getVersion(org, id, from),
      ctx.cards.getVersion(org, id, to),
    ]);
    res.json({ from: a.meta, to: b.meta, diff: diffCards(a.card, b.card) });
  });

  router.get('/rate-cards/:id/versions/:version', viewer, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    sendWithEtag(req, res, await ctx.cards.getVersion(req.principal!.organisationId, id, version));
  });

  router.get('/rate-cards/:id/versions/:version/schedule', viewer, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    const stored = await ctx.cards.getVersion(req.principal!.organisationId, id, version);
    sendWithEtag(req, res, {
      card: { id, version, status: stored.meta.status },
      rows: feeSchedule(stored.card),
    });
  });

  router.put('/rate-cards/:id/versions/:version', editor, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    res.json(await ctx.cards.updateDraft(req.principal!, id, version, req.body));
  });

  router.post('/rate-cards/:id/versions/:version/submit', editor, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    res.json(await ctx.cards.submit(req.principal!, id, version));
  });

  router.post('/rate-cards/:id/versions/:version/approve', approver, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    res.json(await ctx.cards.approve(req.principal!, id, version));
  });

  router.post('/rate-cards/:id/versions/:version/withdraw', approver, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    const { reason } = validate(withdrawBodySchema, req.body ?? {}, ['body']);
    res.json(await ctx.cards.withdraw(req.principal!, id, version, reason ?? null));
  });

  /** The annual price review: a new draft made from an approved version, with the lines it changed. */
  router.post('/rate-cards/:id/versions/:version/uplift', editor, async (req, res) => {
    const { id, version } = validate(versionParamsSchema, req.params, ['params']);
    const input = parseUpliftInput(req.body ?? {});
    const source = await ctx.cards.getVersion(req.principal!.organisationId, id, version);
    if (source.meta.status !== 'approved' && source.meta.status !== 'superseded') {
      throw new HttpError(
        409,
        'CONFLICT',
        `rate card ${id} version ${version} is ${source.meta.status}; a price review starts from an approved version`,
      );
    }
    const review = upliftCard(source.card, input);
    const draft = await ctx.cards.createDraft(req.principal!, review.card, version);
    res
      .status(201)
      .location(location(draft))
      .json({
        ...draft,
        review: { ...review, card: undefined },
        diff: diffCards(source.card, draft.card),
      });
  });

  return router;
}
