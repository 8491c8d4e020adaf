/**
 * The scenario API for the organisation's own people (under /api/v1, bearer tokens and roles)
 * and the public share-link routes (under /s, the link is the key). Thin: validate, call the
 * repository, shape the answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context';
import { SharedLimitStore } from '../platform/limits/sharedCounter';
import { HttpError, validate } from '../platform/http/errors';
import { addRoutes, route, type AnyRoute } from '../platform/routeTable';
import { sendNotFound } from '../providerPages/plainPage';
import { scenarioCsv, scenarioXlsx, responsesCsv, responsesXlsx } from './exports';
import type { Scenario, ShareLink, StoredResponse } from './model';
import { responseSchema, targetsOf } from '../../../shared/src/contract/scenarioResponse';
import {
  changeLinkParamsSchema,
  createLinkSchema,
  createScenarioSchema,
  linkCreatedResponseSchema,
  linkListResponseSchema,
  linkParamsSchema,
  linkRevokedResponseSchema,
  providerResponseResponseSchema,
  publicScenarioSchema,
  responseListResponseSchema,
  responseReceivedSchema,
  responseSummaryResponseSchema,
  scenarioCreatedResponseSchema,
  scenarioListResponseSchema,
  scenarioParamsSchema,
  scenarioResponseSchema,
  shareTokenParamsSchema,
  type ProviderResponseCopy,
  type ScenarioSummary,
} from '../../../shared/src/contract/scenarios';
import { summariseResponses } from './summary';
import { hashShareToken, looksLikeShareToken, shareTokenFromPasted } from './tokens';
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
      res.location(`/api/v1/scenarios/${scenario.id}`);
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
    summary: "Providers' responses, each as last changed",
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

/** Documents a response's fields; each scenario checks them against its own rows. */
const anyResponseSchema = responseSchema(new Map());

/** Unknown, expired and revoked links look exactly alike. */
const invalidLink = () => new HttpError(404, 'NOT_FOUND', INVALID_LINK);

const INVALID_PAGE = {
  title: 'This link is not valid',
  heading: 'This link is not valid',
  paragraphs: [
    'It may have expired or been withdrawn, or part of it may be missing.',
    'If you copied the link from an email, check you copied all of it. Otherwise, ask the council that sent it for a new link.',
  ],
};

const NO_LINK_PAGE = {
  title: 'Use the link you were sent',
  heading: 'Use the link you were sent',
  paragraphs: [
    'Proposed care rates are shared through a personal link, which the council sends by email. This address is missing the part of the link that opens the proposal.',
    'Open the link from your email again, or ask the council that sent it for a new link.',
  ],
};

export const defaultProviderDir = () =>
  path.resolve(process.env.CAREFEE_PROVIDER_DIR || 'dist/provider');

interface Shared {
  scenario: Scenario;
  link: ShareLink;
}

/** Per app (context), one of a thing: a share link's limits count across its routes. */
function perContext<T>(make: (ctx: AppContext) => T): (ctx: AppContext) => T {
  const made = new WeakMap<AppContext, T>();
  return (ctx) => {
    let t = made.get(ctx);
    if (t === undefined) made.set(ctx, (t = make(ctx)));
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

/** The response behind a change link, on the scenario its share link opens. */
const resolveResponse = async (ctx: AppContext, token: string, changeToken: string) => {
  const shared = await resolveShared(ctx, token);
  const response = looksLikeShareToken(changeToken)
    ? await ctx.scenarios.responseByChangeToken(shared.scenario, changeToken)
    : null;
  if (!response) throw invalidLink();
  return { ...shared, response };
};

/** Responses are taken, and changed, only while the consultation is open. */
function refuseOutsideWindow(scenario: Scenario, now: Date, what: 'sending' | 'changing') {
  const verb = what === 'sending' ? 'accepted' : 'changed';
  const status = windowStatus(scenario.opensAt, scenario.closesAt, now);
  if (status === 'upcoming') {
    throw new HttpError(
      409,
      'CONSULTATION_NOT_OPEN',
      `the consultation opens on ${longDate(scenario.opensAt)}; responses are not ${verb} before then`,
    );
  }
  if (status === 'closed') {
    throw new HttpError(
      409,
      'CONSULTATION_CLOSED',
      `the consultation closed on ${longDate(scenario.closesAt)}; responses are no longer ${verb}`,
    );
  }
}

const notFound = (req: Request, res: Response) =>
  sendNotFound(req, res, INVALID_PAGE, { code: 'NOT_FOUND', message: INVALID_LINK, path: [] });

/** A token pasted from the end of a sentence ("…/s/abc…xyz." or "(…xyz)"), cleaned; null if hopeless. */
const cleanToken = (token: string) =>
  looksLikeShareToken(token) ? token : shareTokenFromPasted(token);

/**
 * The public routes a share link opens: GET /s/:token (page), /data, /export.xlsx|csv,
 * POST /responses, and a response's private change link: GET /s/:token/response/:changeToken
 * (page), GET and PUT /s/:token/responses/:changeToken (data). The link is the key: no token.
 */
export function shareLinkRoutes(options: PublicRouterOptions = {}): AnyRoute[] {
  const providerDir = options.providerDir ?? defaultProviderDir();
  const share = 'share links (public)';
  const byLink = (req: Request) => hashShareToken(String(req.params.token ?? ''));

  // Reading is generous but bounded per link (the exports build a workbook each time).
  const readLimiter = perContext((): RequestHandler =>
    rateLimit({
      windowMs: 10 * 60 * 1000,
      limit: options.readLimit ?? 1000,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: byLink,
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
  const responseLimiter = perContext((ctx): RequestHandler =>
    rateLimit({
      // Counted in the database: every instance on one PostgreSQL shares the link's limit.
      store: new SharedLimitStore(ctx.db, 'share-link-responses'),
      windowMs: options.responseWindowMs ?? 60 * 60 * 1000,
      limit: options.responseLimit ?? 100,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per link, not per address: a provider forum may share one office network.
      keyGenerator: byLink,
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
  const responding = (ctx: AppContext) => [privateHeaders, responseLimiter(ctx)];

  let pageHtml: string | null = null;
  const page = () => {
    if (pageHtml === null) {
      const file = path.join(providerDir, 'index.html');
      if (!existsSync(file)) return null;
      pageHtml = readFileSync(file, 'utf8');
    }
    return pageHtml;
  };

  const sendPage = (res: Response) => {
    const html = page();
    if (html === null) {
      res
        .status(503)
        .type('text')
        .send('The provider page has not been built: run `npm run build:provider`.');
      return false;
    }
    res.type('html').send(html);
    return true;
  };

  const changeUrl = (ctx: AppContext, token: string, changeToken: string) =>
    `${ctx.config.publicBaseUrl}/s/${token}/response/${changeToken}`;

  return [
    route({
      method: 'get',
      path: '/s/',
      tag: share,
      role: 'public',
      status: 404,
      summary: 'No token: a page saying to use the link that was sent (HTML), or the JSON error',
      contentType: 'text/html',
      negotiatedNotFound: true,
      before: () => [privateHeaders],
      handler: ({ req, res }) =>
        sendNotFound(req, res, NO_LINK_PAGE, {
          code: 'NOT_FOUND',
          message: 'a share link needs its token: /s/{token}',
          path: [],
        }),
    }),

    route({
      method: 'get',
      path: '/s/:token',
      tag: share,
      role: 'public',
      summary:
        'The provider page for a share link (HTML). A token pasted with trailing punctuation ("…xyz." or "…xyz)") redirects (301) to the link itself',
      params: shareTokenParamsSchema,
      contentType: 'text/html',
      negotiatedNotFound: true,
      before: reading,
      handler: async ({ ctx, params: { token }, req, res }) => {
        const cleaned = cleanToken(token);
        if (cleaned && cleaned !== token) {
          res.redirect(301, `/s/${cleaned}`);
          return;
        }
        const found = cleaned ? await ctx.scenarios.resolveToken(cleaned, new Date()) : null;
        if (!found) return notFound(req, res);
        if (sendPage(res)) await ctx.scenarios.countView(found.link.id);
      },
    }),

    route({
      method: 'get',
      path: '/s/:token/response/:changeToken',
      tag: share,
      role: 'public',
      summary:
        "A response's private change link: the provider page showing the response, with a way to change it (HTML)",
      params: changeLinkParamsSchema,
      contentType: 'text/html',
      negotiatedNotFound: true,
      before: reading,
      handler: async ({ ctx, params: { token, changeToken }, req, res }) => {
        const cleaned = cleanToken(changeToken);
        if (cleaned && cleaned !== changeToken) {
          res.redirect(301, `/s/${token}/response/${cleaned}`);
          return;
        }
        try {
          await resolveResponse(ctx, token, changeToken);
        } catch {
          return notFound(req, res);
        }
        sendPage(res);
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
        "An organisation's response while the consultation is open (fields checked against the scenario's rows). One per organisation: a second from the same organisation name is 409 ALREADY_RESPONDED. The reply carries the response's 8-character reference and its private change link, shown only now",
      params: shareTokenParamsSchema,
      // Documents the fields; each scenario checks them against its own rows (in the handler).
      body: anyResponseSchema,
      parseBody: (raw) => raw ?? {},
      bodyLimit: '256kb',
      response: responseReceivedSchema,
      before: responding,
      handler: async ({ ctx, params: { token }, body: raw }) => {
        const { scenario, link } = await resolveShared(ctx, token);
        const now = new Date();
        refuseOutsideWindow(scenario, now, 'sending');
        const view = publicScenario(scenario, now);
        const response = validate(responseSchema(targetsOf(view.rows)), raw, []);
        const { stored, changeToken } = await ctx.scenarios.addResponse(scenario, link, response);
        return {
          response: providerCopy(stored),
          changeToken,
          changeUrl: changeUrl(ctx, token, changeToken),
          note: 'the change link is shown only now; keep it to change the response until the consultation closes',
        };
      },
    }),

    route({
      method: 'get',
      path: '/s/:token/responses/:changeToken',
      tag: share,
      role: 'public',
      summary: 'The response a change link opens, as last sent',
      params: changeLinkParamsSchema,
      response: providerResponseResponseSchema,
      before: reading,
      handler: async ({ ctx, params }) => {
        const { response } = await resolveResponse(ctx, params.token, params.changeToken);
        return { response: providerCopy(response) };
      },
    }),

    route({
      method: 'put',
      path: '/s/:token/responses/:changeToken',
      tag: share,
      role: 'public',
      summary:
        'Change the response while the consultation is open: it replaces the answers (same reference); the summary counts the organisation once, as last changed',
      params: changeLinkParamsSchema,
      body: anyResponseSchema,
      parseBody: (raw) => raw ?? {},
      bodyLimit: '256kb',
      response: providerResponseResponseSchema,
      before: responding,
      handler: async ({ ctx, params, body: raw }) => {
        const found = await resolveResponse(ctx, params.token, params.changeToken);
        const { scenario, link, response: before } = found;
        const now = new Date();
        refuseOutsideWindow(scenario, now, 'changing');
        const view = publicScenario(scenario, now);
        const response = validate(responseSchema(targetsOf(view.rows)), raw, []);
        const stored = await ctx.scenarios.changeResponse(scenario, link, before, response);
        return { response: providerCopy(stored) };
      },
    }),
  ];
}

/** The share-link routes on a router of their own, for mounting at /s (tests set the limits). */
export function scenarioPublicRouter(ctx: AppContext, options: PublicRouterOptions = {}): Router {
  return addRoutes(Router({ mergeParams: true }), shareLinkRoutes(options), ctx, '/s');
}

/** What the provider may see of their own response: their answers, reference and dates (no internal ids). */
function providerCopy(r: StoredResponse): ProviderResponseCopy {
  return {
    reference: r.reference,
    organisationName: r.organisationName,
    contactName: r.contactName,
    contactEmail: r.contactEmail,
    cqcLocationId: r.cqcLocationId,
    position: r.position,
    comments: r.comments,
    costEvidence: r.costEvidence,
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
  };
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
