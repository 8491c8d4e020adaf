/**
 * The route table: each route is one entry (method, path, role, the zod schemas of its
 * params, query, body and response, and its handler). From the entries the service mounts
 * its routes (checking the role, validating the request, answering JSON) and generates the
 * OpenAPI document, so a route is described once. Errors, the engine's CareFeeError
 * included, become HTTP in one place: the error middleware in ./http/errors.ts.
 *
 * Adding a route: server/README.md, "Adding a route".
 */
import express, { type Request, type Response, type RequestHandler, type Router } from 'express';
import type { z } from 'zod';
import type { ErrorPath } from '../../../shared/src/errors';
import type { AppContext } from '../context';
import { requireRole } from './auth/middleware';
import type { Principal, Role } from './auth/roles';
import { validate } from './http/errors';
import { sendWithEtag } from './http/etag';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The least role a route needs, or 'public' for routes that need no token. */
export type Access = Role | 'public';

/** What a handler is given: the validated request, the caller, the service. */
export interface RouteInput<P, Q, B, A extends Access> {
  params: P;
  query: Q;
  body: B;
  /** The caller (always there unless the route is public). */
  principal: A extends 'public' ? Principal | undefined : Principal;
  ctx: AppContext;
  /** For headers (Location, If-None-Match…) and for answers that are not JSON. */
  req: Request;
  res: Response;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDef<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | undefined = Schema | undefined,
  A extends Access = Access,
  PB = Out<B>,
> {
  method: Method;
  /** Express-style and absolute: /api/v1/rate-cards/:id/versions/:version */
  path: string;
  /** The OpenAPI tag: the feature it belongs to. */
  tag: string;
  summary: string;
  description?: string;
  role: A;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Where a body error's path starts: ['body'] unless the route answers the engine's own
   * paths (the calculations, whose whole body is the engine's input).
   */
  bodyPath?: ErrorPath;
  /**
   * Parse the body with this instead of the `body` schema, which then only documents it: for
   * bodies too large for zod to check quickly (the batch) or whose messages are the engine's.
   * Given the request too, for routes that also accept a body they read themselves (NDJSON).
   */
  parseBody?: (raw: unknown, req: Request) => PB;
  /**
   * Read the JSON body with this limit (bytes) once the role is checked, instead of the API's
   * (config.jsonLimit). Only for paths without parameters: app.ts skips its own parser for them.
   */
  bodyLimit?: number | string;
  /** Express middleware run after the role check (rate limits, headers), made once per mount. */
  before?: (ctx: AppContext) => RequestHandler[];
  /** The success response as JSON. Routes answering another content type describe it instead. */
  response?: R;
  /** Success status: 200 unless said (201 for creations, 204 for no content). */
  status?: number;
  /** A success response that is not JSON (text/csv, an xlsx, HTML): the handler sends it. */
  contentType?: string;
  /** Send the JSON with a strong ETag and answer 304 to a matching If-None-Match. */
  etag?: boolean;
  /**
   * A public page opened in a browser: its 404 is an HTML page for a request preferring
   * text/html, the JSON error otherwise (documented so; the handler sends it).
   */
  negotiatedNotFound?: boolean;
  /**
   * Answer the response (its type is the response schema's); or send it through `res`
   * yourself (pre-serialised JSON, files) and return nothing.
   */
  handler: (input: RouteInput<Out<P>, Out<Q>, PB, A>) => Promise<RouteAnswer<R>> | RouteAnswer<R>;
}

type RouteAnswer<R> = R extends z.ZodType ? z.input<R> | void : void;

/** Any route, as the table holds them (each was type-checked where it was defined). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, any, any, any>;

/** Define one route; the schemas type the handler's input and answer. */
export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
  A extends Access = Access,
  PB = Out<B>,
>(def: RouteDef<P, Q, B, R, A, PB>): NoInfer<RouteDef<P, Q, B, R, A, PB>> {
  return def;
}

/** The API's routes are mounted on its router (CORS, JSON body, authentication), the rest on the app. */
export const API_PREFIX = '/api/v1';

function handlerOf(r: AnyRoute, ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const params = r.params ? validate(r.params, req.params, ['params']) : undefined;
    const query = r.query ? validate(r.query, req.query, ['query']) : undefined;
    const body = r.parseBody
      ? r.parseBody(req.body, req)
      : r.body
        ? validate(r.body, req.body ?? {}, r.bodyPath ?? ['body'])
        : undefined;
    const answer = await r.handler({
      params,
      query,
      body,
      principal: req.principal,
      ctx,
      req,
      res,
    });
    if (res.headersSent) return;
    if (r.status === 204) {
      res.status(204).end();
      return;
    }
    if (answer === undefined) {
      throw new Error(`${r.method.toUpperCase()} ${r.path} answered nothing`);
    }
    if (r.etag) sendWithEtag(req, res, answer);
    else res.status(r.status ?? 200).json(answer);
  };
}

/** The paths whose routes read their own body (`bodyLimit`), relative to API_PREFIX. */
export const ownBodyPaths = (routes: readonly AnyRoute[]): Set<string> =>
  new Set(
    routes
      .filter((r) => r.bodyLimit !== undefined && isUnder(API_PREFIX)(r))
      .map((r) => r.path.slice(API_PREFIX.length)),
  );

/** Register routes on a router, their paths taken relative to `prefix`. */
export function addRoutes(
  router: Router,
  routes: readonly AnyRoute[],
  ctx: AppContext,
  prefix = '',
): Router {
  for (const r of routes) {
    const handlers: RequestHandler[] = [];
    if (r.role !== 'public') handlers.push(requireRole(r.role));
    if (r.bodyLimit !== undefined) handlers.push(express.json({ limit: r.bodyLimit }));
    if (r.before) handlers.push(...r.before(ctx));
    handlers.push(handlerOf(r, ctx));
    router[r.method](r.path.slice(prefix.length) || '/', ...handlers);
  }
  return router;
}

/** Does this route live under prefix (a path segment boundary)? */
export const isUnder = (prefix: string) => (r: AnyRoute) =>
  r.path === prefix || r.path.startsWith(`${prefix}/`);

/**
 * Mount the table: API routes on the API's router (CORS, JSON body, authentication), the rest
 * on the app. The role is checked first (401/403 before any validation).
 */
export function mountRoutes(
  routes: readonly AnyRoute[],
  targets: { app: Router; api: Router },
  ctx: AppContext,
): void {
  const onApi = isUnder(API_PREFIX);
  addRoutes(targets.api, routes.filter(onApi), ctx, API_PREFIX);
  addRoutes(
    targets.app,
    routes.filter((r) => !onApi(r)),
    ctx,
  );
}
