/** GET /api/v1/openapi.json: the contract, generated from the zod schemas (no token needed). */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { openApiDocument } from '../../openapi/routes';

export function openApiRouter(_ctx: AppContext): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
