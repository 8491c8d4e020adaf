/**
 * Every router the service mounts, in order. Each module exports a factory taking the
 * AppContext; add one line here to mount a new one.
 */
import type { Router } from 'express';
import type { AppContext } from '../context';
import { meRouter } from '../admin/me';
import { rateCardsRouter } from '../rateCards/routes';
import { adminRouter } from '../admin/routes';
import { calculateRouter } from '../calculation/routes';
import { engineRouter } from '../calculation/engineRoutes';
import { indicesRouter } from '../indices/routes';
import { openApiRouter } from './openapi/router';
import { packagePortalRouter, packagesRouter } from '../packages/routes';
import { providerAssetsRouter, scenarioPublicRouter, scenariosRouter } from '../scenarios/routes';

export interface RouteModule {
  /** Where it is mounted: '/api/v1' for API routes. */
  mount: string;
  create: (ctx: AppContext) => Router;
}

export const routeModules: RouteModule[] = [
  { mount: '/api/v1', create: meRouter },
  { mount: '/api/v1', create: rateCardsRouter },
  { mount: '/api/v1', create: adminRouter },
  { mount: '/api/v1', create: calculateRouter },
  { mount: '/api/v1', create: engineRouter },
  { mount: '/api/v1', create: indicesRouter },
  { mount: '/api/v1', create: openApiRouter },
  { mount: '/api/v1', create: scenariosRouter },
  { mount: '/api/v1', create: packagesRouter },
  { mount: '/s', create: (ctx) => scenarioPublicRouter(ctx) },
  { mount: '/p', create: packagePortalRouter },
  { mount: '/provider', create: () => providerAssetsRouter() },
];
