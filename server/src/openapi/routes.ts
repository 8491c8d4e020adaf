/**
 * The routes not yet in the route table (platform/registry.ts): care packages, described by
 * their own route list until they move there. test/server/openapi.test.ts fails when a route
 * is registered in the app but missing from the document.
 */
import { packageRouteDocs } from '../packages/routes';
import type { RouteDoc } from '../platform/openapi/document';

/** The routes not yet in the route table (platform/registry.ts). */
export const legacyRouteDocs: RouteDoc[] = [...packageRouteDocs()];
