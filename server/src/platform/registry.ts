/**
 * Everything the service serves: `routeTable` is every route, one entry each (see
 * ./routeTable.ts); add a feature's routes here. The OpenAPI document is generated from it.
 * `routeModules` serve static files only (the provider pages' scripts); they are mounted after it.
 */
import type { Router } from 'express';
import type { AppContext } from '../context';
import type { AnyRoute } from './routeTable';
import { buildOpenApiDocument } from './openapi/document';
import { openApiRoute } from './openapi/router';
import { healthRoutes } from './health';
import { adminRoutes } from '../admin/routes';
import { rateCardRoutes } from '../rateCards/routes';
import { calculateRoutes } from '../calculation/routes';
import { engineRoutes } from '../calculation/engineRoutes';
import { indexRoutes } from '../indices/routes';
import { providerRoutes } from '../providers/routes';
import { enrolmentRoutes } from '../providers/enrolmentRoutes';
import { monitoringRoutes } from '../providers/monitoringRoutes';
import { reportRoutes } from '../providers/reportRoutes';
import { packageRoutes } from '../packages/routes';
import { providerAssetsRouter, scenarioRoutes, shareLinkRoutes } from '../scenarios/routes';

export const routeTable: readonly AnyRoute[] = [
  ...healthRoutes,
  ...adminRoutes,
  ...rateCardRoutes,
  ...calculateRoutes,
  ...engineRoutes,
  ...indexRoutes,
  ...providerRoutes,
  ...enrolmentRoutes,
  ...monitoringRoutes,
  ...reportRoutes,
  ...packageRoutes,
  ...scenarioRoutes,
  ...shareLinkRoutes(),
  openApiRoute(() => openApiDocument()),
];

let document: Record<string, unknown> | undefined;

/** The OpenAPI document, generated from the table once per process (the table never changes). */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(routeTable, {
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
  { mount: '/provider', create: () => providerAssetsRouter() },
];
