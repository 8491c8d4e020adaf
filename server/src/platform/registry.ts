/**
 * Everything the service mounts. `routeTable` is the API: one entry per route (see
 * ./routeTable.ts); add a feature's routes here. `routeModules` are the Express routers of
 * the features not yet moved to the table, mounted after it.
 */
import type { Router } from 'express';
import type { AppContext } from '../context';
import type { AnyRoute } from './routeTable';
import { openApiRoute } from './openapi/router';
import { buildOpenApiDocument } from './openapi/document';
import { legacyRouteDocs } from '../openapi/routes';
import { meRouter } from '../admin/me';
import { rateCardRoutes } from '../rateCards/routes';
import { providerRoutes } from '../providers/routes';
import { adminRouter } from '../admin/routes';
import { calculateRouter } from '../calculation/routes';
import { engineRouter } from '../calculation/engineRoutes';
import { indicesRouter } from '../indices/routes';
import { packagePortalRouter, packagesRouter } from '../packages/routes';
import { providerAssetsRouter, scenarioPublicRouter, scenariosRouter } from '../scenarios/routes';

export const routeTable: readonly AnyRoute[] = [
  ...rateCardRoutes,
  ...providerRoutes,
  openApiRoute(() => openApiDocument()),
];

let document: Record<string, unknown> | undefined;

/** The OpenAPI document, generated from the table once per process (the table never changes). */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument([...routeTable, ...legacyRouteDocs], {
    title: 'carefee rate-card service',
    version: '1',
  });
  return document;
}

export interface RouteModule {
  /** Where it is mounted: '/api/v1' for API routes. */
  mount: string;
  create: (ctx: AppContext) => Router;
}

export const routeModules: RouteModule[] = [
  { mount: '/api/v1', create: meRouter },
  { mount: '/api/v1', create: adminRouter },
  { mount: '/api/v1', create: calculateRouter },
  { mount: '/api/v1', create: engineRouter },
  { mount: '/api/v1', create: indicesRouter },
  { mount: '/api/v1', create: scenariosRouter },
  { mount: '/api/v1', create: packagesRouter },
  { mount: '/s', create: (ctx) => scenarioPublicRouter(ctx) },
  { mount: '/p', create: packagePortalRouter },
  { mount: '/provider', create: () => providerAssetsRouter() },
];
