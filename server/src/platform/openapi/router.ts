/** GET /api/v1/openapi.json: the contract, generated from the route table (no token needed). */
import { z } from 'zod';
import { route, type AnyRoute } from '../routeTable';

export function openApiRoute(document: () => Record<string, unknown>): AnyRoute {
  return route({
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'service',
    role: 'public',
    summary: 'This document',
    response: z.record(z.string(), z.unknown()).describe('an OpenAPI 3.1 document'),
    handler: () => document(),
  });
}
