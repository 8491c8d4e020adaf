import { Router } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';

/** The pane's connection test: who am I, for which organisation. */
export function meRouter(_ctx: AppContext): Router {
  const router = Router();
  router.get('/me', requireRole('viewer'), (req, res) => {
    const p = req.principal!;
    res.json({
      user: { id: p.userId, name: p.name, role: p.role },
      organisation: { id: p.organisationId, name: p.organisationName },
    });
  });
  return router;
}
