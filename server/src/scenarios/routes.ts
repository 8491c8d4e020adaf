/**
 * The scenario API for the organisation's own people (under /api/v1, bearer tokens and roles)
 * and the public share-link routes (under /s, the link is the key). Thin: validate, call the
 * repository, shape the answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context';
import { HttpError, validate } from '../platform/http/errors';
import { addRoutes, route, type AnyRoute } from '../platform/routeTable';
import { scenarioCsv, scenarioXlsx, responsesCsv, responsesXlsx } from './exports';
import type { Scenario, ShareLink } from './model';
import { responseSchema, targetsOf } from '../../../shared/src/contract/scenarioResponse';
import {
  createLinkSchema,
  createScenarioSchema,
  linkCreatedResponseSchema,
  linkListResponseSchema,
  linkParamsSchema,
  linkRevokedResponseSchema,
  publicScenarioSchema,
  responseListResponseSchema,
  responseReceivedSchema,
  responseSummaryResponseSchema,
  scenarioCreatedResponseSchema,
  scenarioListResponseSchema,
  scenarioParamsSchema,
  scenarioResponseSchema,
  shareTokenParamsSchema,
  type ScenarioSummary,
} from '../../../shared/src/contract/scenarios';
import { summariseResponses } from './summary';
import { hashShareToken, looksLikeShareToken } from './tokens';
import { publicScenario, windowStatus, longDate } from './view';

/** What the organisation's own people see of a scenario (the share link sees publicScenario). */
function summary(s: Scenario, now: Date): ScenarioSummary {
  return {
    id: s.id,
    title: s.title,
    status: windowStatus(s.opensAt, s.closesAt, now),
    opensAt: s.opensAt,
    closesAt: s.closesAt,
    baseCard: {
      id: s.base.card.id,
      version: s.base.card.version,
      status: s.base.status,
      approvedAt: s.base.approvedAt,
    },
    proposed: {
      kind: s.proposed.kind,
      id: s.proposed.card.id,
      version: s.proposed.version,
      status: s.proposed.status,
    },
    uplift: s.uplift,
    assumptions: s.assumptions,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
  };
}

/** A file name from the scenario title: letters, digits and dashes only. */
const fileName = (title: string, ext: string) =>
  `${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'scenario'
  }.${ext}`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendFile(res: Response, name: string, type: string, body: string | Buffer) {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.send(body);
}

const tag = 'scenarios (market engagement)';
const SCENARIO = '/api/v1/scenarios/:id';

export const scenarioRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/api/v1/scenarios',
    tag,
    role: 'editor',
    status: 201,
    summary:
      'Create a scenario: an approved base card against a draft version or a price review, open for a window',
    body: createScenarioSchema,
    bodyPath: [],
    response: scenarioCreatedResponseSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const scenario = await ctx.scenarios.create(principal, body);
      res.status(201).location(`/api/v1/scenarios/${scenario.id}`);
      return { scenario: summary(scenario, new Date()) };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/scenarios',
    tag,
    role: 'viewer',
    summary: "The organisation's scenarios",
    response: scenarioListResponseSchema,
    handler: async ({ ctx, principal }) => {
      const now = new Date();
      return {
        items: (await ctx.scenarios.list(principal.organisationId)).map((s) => summary(s, now)),
      };
    },
  }),

  route({
    method: 'get',
    path: SCENARIO,
    tag,
    role: 'viewer',
    summary: 'One scenario, and exactly what its share links show',
    params: scenarioParamsSchema,
    response: scenarioResponseSchema,
    handler: async ({ ctx, principal, params }) => {
      const now = new Date();
      const scenario = await ctx.scenarios.get(principal.organisationId, params.id);
      return { scenario: summary(scenario, now), view: publicScenario(scenario, now) };
    },
  }),

  route({
    method: 'post',
    path: `${SCENARIO}/links`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Make a share link for providers; the link is in this response only',
    params: scenarioParamsSchema,
    body: createLinkSchema,
    bodyPath: [],
    response: linkCreatedResponseSchema,
    handler: async ({ ctx, principal, params, body }) => {
      if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now()) {
        throw new HttpError(400, 'INVALID_INPUT', 'expiresAt: must be in the future', [
          'expiresAt',
        ]);
      }
      const { link, token } = await ctx.scenarios.createLink(principal, params.id, body);
      const url = `${ctx.config.publicBaseUrl}/s/${token}`;
      return { link, token, url, note: 'the token is shown only now; keep the link safe' };
    },
  }),

  route({
    method: 'get',
    path: `${SCENARIO}/links`,
    tag,
    role: 'viewer',
    summary: "A scenario's share links (labels, expiry, views)",
    params: scenarioParamsSchema,
    response: linkListResponseSchema,
    handler: async ({ ctx, principal, params }) => ({
      items: await ctx.scenarios.listLinks(principal.organisationId, params.id),
    }),
  }),

  route({
    method: 'delete',
    path: `${SCENARIO}/links/:linkId`,
    tag,
    role: 'editor',
    summary: 'Revoke a share link',
    params: linkParamsSchema,
    response: linkRevokedResponseSchema,
    handler: async ({ ctx, principal, params }) => ({
      link: await ctx.scenarios.revokeLink(principal, params.id, params.linkId),
    }),
  }),

  route({
    method: 'get',
    path: `${SCENARIO}/responses`,
    tag,
    role: 'viewer',
    summary: "Providers' responses",
    params: scenarioParamsSchema,
    response: responseListResponseSchema,
    handler: async ({ ctx, principal: { organisationId: org }, params: { id } }) => {
      await ctx.scenarios.get(org, id);
      return { items: await ctx.scenarios.listResponses(org, id) };
    },
  }),

  route({
    method: 'get',
    path: `${SCENARIO}/responses/summary`,
    tag,
    role: 'viewer',
    summary: 'A summary of the responses',
    params: scenarioParamsSchema,
    response: responseSummaryResponseSchema,
    handler: async ({ ctx, principal: { organisationId: org }, params: { id } }) => {
      const scenario = await ctx.scenarios.get(org, id);
      const view = publicScenario(scenario, new Date());
      return {
        summary: summariseResponses(view.rows, await ctx.scenarios.listResponses(org, id)),
      };
    },
  }),

  route({
    method: 'get',
    path: `${SCENARIO}/responses/export.csv`,
    tag,
    role: 'viewer',
    summary: 'Responses as CSV',
    params: scenarioParamsSchema,
    contentType: 'text/csv',
    handler: async ({ ctx, principal: { organisationId: org }, params: { id }, res }) => {
      const scenario = await ctx.scenarios.get(org, id);
      sendFile(
        res,
        fileName(`${scenario.title} responses`, 'csv'),
        'text/csv; charset=utf-8',
        responsesCsv(await ctx.scenarios.listResponses(org, id)),
      );
    },
  }),

  route({
    method: 'get',
    path: `${SCENARIO}/responses/export.xlsx`,
    tag,
    role: 'viewer',
    summary: 'Responses as an Excel workbook',
    params: scenarioParamsSchema,
    contentType: XLSX,
    handler: async ({ ctx, principal: { organisationId: org }, params: { id }, res }) => {
      const scenario = await ctx.scenarios.get(org, id);
      const responses = await ctx.scenarios.listResponses(org, id);
      const view = publicScenario(scenario, new Date());
      sendFile(
        res,
        fileName(`${scenario.title} responses`, 'xlsx'),
        XLSX,
        await responsesXlsx(scenario.title, responses, summariseResponses(view.rows, responses)),
      );
    },
  }),
];

export interface PublicRouterOptions {
  /** The built provider page (index.html and its bundle). */
  providerDir?: string;
  /** Responses accepted per share link per window (express-rate-limit, keyed by the link). */
  responseLimit?: number;
  responseWindowMs?: number;
  /** Page, data and export requests per share link per 10 minutes. */
  readLimit?: number;
}

const INVALID_LINK = 'this link is not valid: it may have expired or been withdrawn';

/** Unknown, expired and revoked links look exactly alike. */
const invalidLink = () => new HttpError(404, 'NOT_FOUND', INVALID_LINK);

const INVALID_PAGE = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not valid</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem"><h1>This link is not valid</h1>
<p>It may have expired or been withdrawn. Please ask the council for a new link.</p></body></html>`;

export const defaultProviderDir = () =>
  path.resolve(process.env.CAREFEE_PROVIDER_DIR || 'dist/provider');

interface Shared {
  scenario: Scenario;
  link: ShareLink;
}

/** Per mount (app), one of a thing: the share links' rate limiters count across routes. */
function perContext<T>(make: () => T): (ctx: AppContext) => T {
  const made = new WeakMap<AppContext, T>();
  return (ctx) => {
    let t = made.get(ctx);
    if (t === undefined) made.set(ctx, (t = make()));
    return t;
  };
}

/** Nothing behind a share link is cached or indexed, and the token never leaves in a Referer. */
const privateHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

const resolveShared = async (ctx: AppContext, token: string): Promise<Shared> => {
  const found = looksLikeShareToken(token)
    ? await ctx.scenarios.resolveToken(token, new Date())
    : null;
  if (!found) throw invalidLink();
  return found;
};

/** The public routes a share link opens: GET /s/:token (page), /data, /export.xlsx|csv, POST /responses. */
export function shareLinkRoutes(options: PublicRouterOptions = {}): AnyRoute[] {
  const providerDir = options.providerDir ?? defaultProviderDir();
  const share = 'share links (public)';

  // Reading is generous but bounded per link (the exports build a workbook each time).
  const readLimiter = perContext((): RequestHandler =>
    rateLimit({
      windowMs: 10 * 60 * 1000,
      limit: options.readLimit ?? 1000,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => hashShareToken(String(req.params.token ?? '')),
      handler: (_req, _res, next) =>
        next(
          new HttpError(
            429,
            'TOO_MANY_REQUESTS',
            'too many requests through this link for now; please try again later',
          ),
        ),
    }),
  );
  const responseLimiter = perContext((): RequestHandler =>
    rateLimit({
      windowMs: options.responseWindowMs ?? 60 * 60 * 1000,
      limit: options.responseLimit ?? 100,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per link, not per address: a provider forum may share one office network.
      keyGenerator: (req) => hashShareToken(String(req.params.token ?? '')),
      handler: (_req, _res, next) =>
        next(
          new HttpError(
            429,
            'TOO_MANY_RESPONSES',
            'too many responses through this link for now; please try again later',
          ),
        ),
    }),
  );
  const reading = (ctx: AppContext) => [privateHeaders, readLimiter(ctx)];

  let pageHtml: string | null = null;
  const page = () => {
    if (pageHtml === null) {
      const file = path.join(providerDir, 'index.html');
      if (!existsSync(file)) return null;
      pageHtml = readFileSync(file, 'utf8');
    }
    return pageHtml;
  };

  return [
    route({
      method: 'get',
      path: '/s/:token',
      tag: share,
      role: 'public',
      summary: 'The provider page for a share link (HTML)',
      params: shareTokenParamsSchema,
      contentType: 'text/html',
      before: reading,
      handler: async ({ ctx, params: { token }, res }) => {
        const found = looksLikeShareToken(token)
          ? await ctx.scenarios.resolveToken(token, new Date())
          : null;
        if (!found) {
          res.status(404).type('html').send(INVALID_PAGE);
          return;
        }
        const html = page();
        if (html === null) {
          res
            .status(503)
            .type('text')
            .send('The provider page has not been built: run `npm run build:provider`.');
          return;
        }
        await ctx.scenarios.countView(found.link.id);
        res.type('html').send(html);
      },
    }),

    route({
      method: 'get',
      path: '/s/:token/data',
      tag: share,
      role: 'public',
      summary: 'Current against proposed rates, with plain-English assumptions',
      params: shareTokenParamsSchema,
      response: publicScenarioSchema,
      before: reading,
      handler: async ({ ctx, params }) => {
        const { scenario } = await resolveShared(ctx, params.token);
        return publicScenario(scenario, new Date());
      },
    }),

    route({
      method: 'get',
      path: '/s/:token/export.csv',
      tag: share,
      role: 'public',
      summary: 'The rates as CSV',
      params: shareTokenParamsSchema,
      contentType: 'text/csv',
      before: reading,
      handler: async ({ ctx, params, res }) => {
        const { scenario } = await resolveShared(ctx, params.token);
        const view = publicScenario(scenario, new Date());
        sendFile(res, fileName(view.title, 'csv'), 'text/csv; charset=utf-8', scenarioCsv(view));
      },
    }),

    route({
      method: 'get',
      path: '/s/:token/export.xlsx',
      tag: share,
      role: 'public',
      summary: 'The rates as an Excel workbook',
      params: shareTokenParamsSchema,
      contentType: XLSX,
      before: reading,
      handler: async ({ ctx, params, res }) => {
        const { scenario } = await resolveShared(ctx, params.token);
        const view = publicScenario(scenario, new Date());
        sendFile(res, fileName(view.title, 'xlsx'), XLSX, await scenarioXlsx(view));
      },
    }),

    route({
      method: 'post',
      path: '/s/:token/responses',
      tag: share,
      role: 'public',
      status: 201,
      summary:
        "A provider's response while the consultation is open (fields checked against the scenario's rows)",
      params: shareTokenParamsSchema,
      // Documents the fields; each scenario checks them against its own rows (below).
      body: responseSchema(new Map()),
      parseBody: (raw) => raw ?? {},
      bodyLimit: '256kb',
      response: responseReceivedSchema,
      before: (ctx) => [privateHeaders, responseLimiter(ctx)],
      handler: async ({ ctx, params, body: raw }) => {
        const { scenario, link } = await resolveShared(ctx, params.token);
        const now = new Date();
        const status = windowStatus(scenario.opensAt, scenario.closesAt, now);
        if (status === 'upcoming') {
          throw new HttpError(
            409,
            'CONSULTATION_NOT_OPEN',
            `the consultation opens on ${longDate(scenario.opensAt)}; responses are not accepted before then`,
          );
        }
        if (status === 'closed') {
          throw new HttpError(
            409,
            'CONSULTATION_CLOSED',
            `the consultation closed on ${longDate(scenario.closesAt)}; responses are no longer accepted`,
          );
        }
        const view = publicScenario(scenario, now);
        const response = validate(responseSchema(targetsOf(view.rows)), raw, []);
        const stored = await ctx.scenarios.addResponse(scenario, link, response);
        return { id: stored.id, submittedAt: stored.submittedAt };
      },
    }),
  ];
}

/** The share-link routes on a router of their own, for mounting at /s (tests set the limits). */
export function scenarioPublicRouter(ctx: AppContext, options: PublicRouterOptions = {}): Router {
  return addRoutes(Router({ mergeParams: true }), shareLinkRoutes(options), ctx, '/s');
}

/** The provider page's script and styles, under /provider/ (no data: that needs a link). */
export function providerAssetsRouter(options: PublicRouterOptions = {}): Router {
  const router = Router();
  router.use(
    express.static(options.providerDir ?? defaultProviderDir(), {
      index: false,
      immutable: true,
      maxAge: '365d',
    }),
  );
  return router;
}
