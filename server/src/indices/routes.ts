/**
 * Index series the price review reads (NLW, FNC…): the engine's reference series merged with
 * the values the caller's organisation has added. Any viewer reads; an admin adds values.
 */
import { route, type AnyRoute } from '../platform/routeTable';
import { actorOf } from '../platform/auth/organisations';
import {
  addIndexValueResponseSchema,
  addIndexValueSchema,
  indexListResponseSchema,
  indexSeriesOutSchema,
  indexValueQuerySchema,
  indexValueResponseSchema,
  seriesParamsSchema,
} from '../../../shared/src/contract/indices';

const tag = 'indices';
export const indexRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/v1/indices',
    tag,
    role: 'viewer',
    summary:
      'Every index series: the reference series (NLW, FNC) and the organisation’s own, with its added values',
    response: indexListResponseSchema,
    handler: async ({ ctx, principal }) => ({
      items: await ctx.indices.list(principal.organisationId),
    }),
  }),

  route({
    method: 'get',
    path: '/api/v1/indices/:series',
    tag,
    role: 'viewer',
    summary: 'One index series with every value and its origin',
    params: seriesParamsSchema,
    response: indexSeriesOutSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.indices.get(principal.organisationId, params.series),
  }),

  route({
    method: 'get',
    path: '/api/v1/indices/:series/value',
    tag,
    role: 'viewer',
    summary: 'The value of a series in force on a date',
    params: seriesParamsSchema,
    query: indexValueQuerySchema,
    response: indexValueResponseSchema,
    handler: ({ ctx, principal, params, query }) =>
      ctx.indices.valueOn(principal.organisationId, params.series, query.date),
  }),

  route({
    method: 'post',
    path: '/api/v1/indices/:series/values',
    tag,
    role: 'admin',
    status: 201,
    summary:
      'Add (or replace) the organisation’s value of a series from a date; a new series needs a name and unit',
    params: seriesParamsSchema,
    body: addIndexValueSchema,
    bodyPath: [],
    response: addIndexValueResponseSchema,
    handler: ({ ctx, principal: p, params, body }) =>
      ctx.indices.addValue(
        { ...actorOf(p), organisationId: p.organisationId },
        params.series,
        body,
      ),
  }),
];
