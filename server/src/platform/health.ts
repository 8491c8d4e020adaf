/** Liveness and readiness, for load balancers and orchestrators (no token needed). */
import { z } from 'zod';
import { route, type AnyRoute } from './routeTable';
import { pendingMigrations } from './db/migrate';

const tag = 'service';

export const healthRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/healthz',
    tag,
    role: 'public',
    summary: 'Liveness',
    response: z.object({ status: z.literal('ok') }),
    handler: () => ({ status: 'ok' as const }),
  }),
  route({
    method: 'get',
    path: '/readyz',
    tag,
    role: 'public',
    summary: 'Readiness: the database is reachable and every migration applied (503 otherwise)',
    response: z.object({ status: z.string(), pending: z.array(z.string()).optional() }),
    handler: async ({ ctx, res }) => {
      try {
        const pending = await pendingMigrations(ctx.db);
        if (pending.length) {
          res.status(503).json({ status: 'migrating', pending });
          return;
        }
        return { status: 'ready' };
      } catch {
        res.status(503).json({ status: 'database unreachable' });
      }
    },
  }),
];
