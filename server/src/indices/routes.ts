/**
 * Index series the price review reads (NLW, FNC…): the engine's reference series merged with
 * the values the caller's organisation has added. Any viewer reads; an admin adds values.
 */
import { Router } from 'express';
import { z } from 'zod';
import { isoDateSchema } from '../../../shared/src';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { validate } from '../platform/http/errors';
import { actorOf } from '../platform/auth/organisations';
import { IndexService, addIndexValueSchema, indexSeriesOutSchema, seriesIdSchema } from './service';
import type { RouteDoc } from '../platform/openapi/document';

const seriesParamsSchema = z.object({ series: seriesIdSchema });
const valueQuerySchema = z.object({ date: isoDateSchema }).strict();

export const indexValueResponseSchema = z.object({
  series: z.string(),
  name: z.string(),
  unit: z.string(),
  date: z.string(),
  value: z.string(),
  /** The date the value has been in force from. */
  from: z.string(),
  origin: z.enum(['reference', 'organisation']),
});

export function indicesRouter(ctx: AppContext): Router {
  const router = Router();
  const indices = new IndexService(ctx.db, ctx.audit);
  const viewer = requireRole('viewer');

  router.get('/indices', viewer, async (req, res) => {
    res.json({ items: await indices.list(req.principal!.organisationId) });
  });

  router.get('/indices/:series', viewer, async (req, res) => {
    const { series } = validate(seriesParamsSchema, req.params, ['params']);
    res.json(await indices.get(req.principal!.organisationId, series));
  });

  router.get('/indices/:series/value', viewer, async (req, res) => {
    const { series } = validate(seriesParamsSchema, req.params, ['params']);
    const { date } = validate(valueQuerySchema, req.query, ['query']);
    res.json(await indices.valueOn(req.principal!.organisationId, series, date));
  });

  router.post('/indices/:series/values', requireRole('admin'), async (req, res) => {
    const { series } = validate(seriesParamsSchema, req.params, ['params']);
    const input = validate(addIndexValueSchema, req.body ?? {}, []);
    const principal = req.principal!;
    res
      .status(201)
      .json(
        await indices.addValue(
          { ...actorOf(principal), organisationId: principal.organisationId },
          series,
          input,
        ),
      );
  });

  return router;
}

const tag = 'indices';
export const indicesRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/indices',
    tag,
    role: 'viewer',
    summary:
      'Every index series: the reference series (NLW, FNC) and the organisation’s own, with its added values',
    response: z.object({ items: z.array(indexSeriesOutSchema) }),
  },
  {
    method: 'get',
    path: '/api/v1/indices/:series',
    tag,
    role: 'viewer',
    summary: 'One index series with every value and its origin',
    response: indexSeriesOutSchema,
  },
  {
    method: 'get',
    path: '/api/v1/indices/:series/value',
    tag,
    role: 'viewer',
    summary: 'The value of a series in force on a date',
    query: valueQuerySchema,
    response: indexValueResponseSchema,
  },
  {
    method: 'post',
    path: '/api/v1/indices/:series/values',
    tag,
    role: 'admin',
    status: 201,
    summary:
      'Add (or replace) the organisation’s value of a series from a date; a new series needs a name and unit',
    body: addIndexValueSchema,
    response: z.object({
      series: indexSeriesOutSchema,
      added: z.object({ from: z.string(), value: z.string() }),
    }),
  },
];
