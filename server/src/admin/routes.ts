/** Administration within the caller's organisation: the audit log, users and API tokens. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { actorOf } from '../platform/auth/organisations';
import { roleSchema } from '../platform/auth/roles';
import { notFoundError, validate } from '../platform/http/errors';

const auditQuerySchema = z.object({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().min(1).optional(),
});
const createUserSchema = z
  .object({ name: z.string().trim().min(1).max(200), role: roleSchema })
  .strict();
const createTokenSchema = z
  .object({ userId: z.string().min(1).max(100), label: z.string().max(200).optional() })
  .strict();
const tokenParamsSchema = z.object({ tokenId: z.string().min(1).max(100) });

export function adminRouter(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/audit', admin, async (req, res) => {
    const q = validate(auditQuerySchema, req.query, ['query']);
    const items = await ctx.audit.list(req.principal!.organisationId, { ...q, beforeId: q.before });
    res.json({ items });
  });

  router.get('/users', admin, async (req, res) => {
    res.json({ items: await ctx.orgs.listUsers(req.principal!.organisationId) });
  });

  router.post('/users', admin, async (req, res) => {
    const { name, role } = validate(createUserSchema, req.body, ['body']);
    const p = req.principal!;
    res.status(201).json(await ctx.orgs.createUser(actorOf(p), p.organisationId, name, role));
  });

  router.get('/tokens', admin, async (req, res) => {
    res.json({ items: await ctx.orgs.listTokens(req.principal!.organisationId) });
  });

  /** The token is in this response and nowhere else, ever. */
  router.post('/tokens', admin, async (req, res) => {
    const { userId, label } = validate(createTokenSchema, req.body, ['body']);
    const p = req.principal!;
    const user = await ctx.orgs.findUser(p.organisationId, userId);
    if (!user) throw notFoundError(`no user ${userId} in your organisation`, ['body', 'userId']);
    const created = await ctx.orgs.createToken(actorOf(p), user.id, label ?? '');
    res.status(201).json({ ...created, userId: user.id, label: label ?? '' });
  });

  router.delete('/tokens/:tokenId', admin, async (req, res) => {
    const { tokenId } = validate(tokenParamsSchema, req.params, ['params']);
    const p = req.principal!;
    await ctx.orgs.revokeToken(actorOf(p), tokenId, p.organisationId);
    res.status(204).end();
  });

  return router;
}
