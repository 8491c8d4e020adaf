/**
 * The scenario API for the organisation's own people (under /api/v1, bearer tokens and roles)
 * and the public share-link routes (under /s, the link is the key). Thin: validate, call the
 * repository, shape the answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { SharedLimitStore } from '../platform/limits/sharedCounter';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { HttpError, validate } from '../platform/http/errors';
import { sendNotFound } from '../providerPages/plainPage';
import { scenarioCsv, scenarioXlsx, responsesCsv, responsesXlsx } from './exports';
import type { Scenario, ShareLink, StoredResponse } from './model';
import { ScenarioRepository } from './repository';
import { responseSchema, targetsOf } from '../../../shared/src/contract/scenarioResponse';
import { createLinkSchema, createScenarioSchema } from '../../../shared/src/contract/scenarios';
import { summariseResponses } from './summary';
import { hashShareToken, looksLikeShareToken, shareTokenFromPasted } from './tokens';
import { publicScenario, windowStatus, longDate } from './view';

const idParams = z.object({ id: z.uuid({ error: 'not a scenario id' }) });
const linkParams = idParams.extend({ linkId: z.uuid({ error: 'not a link id' }) });

/** What the organisation's own people see of a scenario (the share link sees publicScenario). */
function summary(s: Scenario, now: Date) {
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

export function scenariosRouter(ctx: AppContext): Router {
  const repo = new ScenarioRepository(ctx.db, ctx.audit, ctx.cards);
  const router = Router();
  const viewer = requireRole('viewer');
  const editor = requireRole('editor');
  const org = (req: Request) => req.principal!.organisationId;

  router.post('/scenarios', editor, async (req, res) => {
    const input = validate(createScenarioSchema, req.body ?? {}, []);
    const scenario = await repo.create(req.principal!, input);
    res
      .status(201)
      .location(`/api/v1/scenarios/${scenario.id}`)
      .json({ scenario: summary(scenario, new Date()) });
  });

  router.get('/scenarios', viewer, async (req, res) => {
    const now = new Date();
    res.json({ items: (await repo.list(org(req))).map((s) => summary(s, now)) });
  });

  router.get('/scenarios/:id', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    const now = new Date();
    const scenario = await repo.get(org(req), id);
    res.json({ scenario: summary(scenario, now), view: publicScenario(scenario, now) });
  });

  router.post('/scenarios/:id/links', editor, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    const input = validate(createLinkSchema, req.body ?? {}, []);
    if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) {
      throw new HttpError(400, 'INVALID_INPUT', 'expiresAt: must be in the future', ['expiresAt']);
    }
    const { link, token } = await repo.createLink(req.principal!, id, input);
    const url = `${ctx.config.publicBaseUrl}/s/${token}`;
    res
      .status(201)
      .json({ link, token, url, note: 'the token is shown only now; keep the link safe' });
  });

  router.get('/scenarios/:id/links', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    res.json({ items: await repo.listLinks(org(req), id) });
  });

  router.delete('/scenarios/:id/links/:linkId', editor, async (req, res) => {
    const { id, linkId } = validate(linkParams, req.params, ['params']);
    res.json({ link: await repo.revokeLink(req.principal!, id, linkId) });
  });

  router.get('/scenarios/:id/responses', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    await repo.get(org(req), id);
    res.json({ items: await repo.listResponses(org(req), id) });
  });

  router.get('/scenarios/:id/responses/summary', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    const scenario = await repo.get(org(req), id);
    const view = publicScenario(scenario, new Date());
    res.json({ summary: summariseResponses(view.rows, await repo.listResponses(org(req), id)) });
  });

  router.get('/scenarios/:id/responses/export.csv', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    const scenario = await repo.get(org(req), id);
    sendFile(
      res,
      fileName(`${scenario.title} responses`, 'csv'),
      'text/csv; charset=utf-8',
      responsesCsv(await repo.listResponses(org(req), id)),
    );
  });

  router.get('/scenarios/:id/responses/export.xlsx', viewer, async (req, res) => {
    const { id } = validate(idParams, req.params, ['params']);
    const scenario = await repo.get(org(req), id);
    const responses = await repo.listResponses(org(req), id);
    const view = publicScenario(scenario, new Date());
    sendFile(
      res,
      fileName(`${scenario.title} responses`, 'xlsx'),
      XLSX,
      await responsesXlsx(scenario.title, responses, summariseResponses(view.rows, responses)),
    );
  });

  return router;
}

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

/**
 * The public routes a share link opens: GET /s/:token (page), /data, /export.xlsx|csv,
 * POST /responses, and a response's private change link: GET /s/:token/response/:changeToken
 * (page), GET and PUT /s/:token/responses/:changeToken (data).
 */
export function scenarioPublicRouter(ctx: AppContext, options: PublicRouterOptions = {}): Router {
  const repo = new ScenarioRepository(ctx.db, ctx.audit, ctx.cards);
  const providerDir = options.providerDir ?? defaultProviderDir();
  const router = Router({ mergeParams: true });

  // Reading is generous but bounded per link (the exports build a workbook each time).
  const readLimiter: RequestHandler = rateLimit({
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
  });

  // Nothing behind a share link is cached or indexed, and the token never leaves in a Referer.
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  const resolve = async (req: Request): Promise<Shared> => {
    const token = String(req.params.token ?? '');
    const found = looksLikeShareToken(token) ? await repo.resolveToken(token, new Date()) : null;
    if (!found) throw invalidLink();
    return found;
  };

  /** The response behind a change link, on the scenario its share link opens. */
  const resolveResponse = async (req: Request) => {
    const shared = await resolve(req);
    const changeToken = String(req.params.changeToken ?? '');
    const response = looksLikeShareToken(changeToken)
      ? await repo.responseByChangeToken(shared.scenario, changeToken)
      : null;
    if (!response) throw invalidLink();
    return { ...shared, response };
  };

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

  const notFound = (req: Request, res: Response) =>
    sendNotFound(req, res, INVALID_PAGE, { code: 'NOT_FOUND', message: INVALID_LINK, path: [] });

  // "/s/" with no token: a page saying what to do (browsers), or a JSON 404 (API clients).
  router.get('/', (req, res) =>
    sendNotFound(req, res, NO_LINK_PAGE, {
      code: 'NOT_FOUND',
      message: 'a share link needs its token: /s/{token}',
      path: [],
    }),
  );

  router.get('/:token', readLimiter, async (req, res) => {
    const token = String(req.params.token);
    // Pasted from the end of a sentence: "…/s/abc…xyz." or "(…/s/abc…xyz)". Go to the link itself.
    const cleaned = looksLikeShareToken(token) ? token : shareTokenFromPasted(token);
    if (cleaned && cleaned !== token) {
      res.redirect(301, `${req.baseUrl}/${cleaned}`);
      return;
    }
    const found = cleaned ? await repo.resolveToken(cleaned, new Date()) : null;
    if (!found) return notFound(req, res);
    if (sendPage(res)) await repo.countView(found.link.id);
  });

  router.get('/:token/response/:changeToken', readLimiter, async (req, res) => {
    const changeToken = String(req.params.changeToken);
    const cleaned = looksLikeShareToken(changeToken)
      ? changeToken
      : shareTokenFromPasted(changeToken);
    if (cleaned && cleaned !== changeToken) {
      res.redirect(301, `${req.baseUrl}/${String(req.params.token)}/response/${cleaned}`);
      return;
    }
    try {
      await resolveResponse(req);
    } catch {
      return notFound(req, res);
    }
    sendPage(res);
  });

  router.get('/:token/data', readLimiter, async (req, res) => {
    const { scenario } = await resolve(req);
    res.json(publicScenario(scenario, new Date()));
  });

  router.get('/:token/export.csv', readLimiter, async (req, res) => {
    const { scenario } = await resolve(req);
    const view = publicScenario(scenario, new Date());
    sendFile(res, fileName(view.title, 'csv'), 'text/csv; charset=utf-8', scenarioCsv(view));
  });

  router.get('/:token/export.xlsx', readLimiter, async (req, res) => {
    const { scenario } = await resolve(req);
    const view = publicScenario(scenario, new Date());
    sendFile(res, fileName(view.title, 'xlsx'), XLSX, await scenarioXlsx(view));
  });

  const limiter: RequestHandler = rateLimit({
    // Counted in the database: every instance on one PostgreSQL shares the link's limit.
    store: new SharedLimitStore(ctx.db, 'share-link-responses'),
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
  });

  /** Responses are taken, and changed, only while the consultation is open. */
  const refuseOutsideWindow = (scenario: Scenario, now: Date, what: 'sending' | 'changing') => {
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
  };

  const changeUrl = (token: string, changeToken: string) =>
    `${ctx.config.publicBaseUrl}/s/${token}/response/${changeToken}`;

  router.post('/:token/responses', express.json({ limit: '256kb' }), limiter, async (req, res) => {
    const { scenario, link } = await resolve(req);
    const now = new Date();
    refuseOutsideWindow(scenario, now, 'sending');
    const view = publicScenario(scenario, now);
    const response = validate(responseSchema(targetsOf(view.rows)), req.body ?? {}, []);
    const { stored, changeToken } = await repo.addResponse(scenario, link, response);
    res.status(201).json({
      response: providerCopy(stored),
      changeToken,
      changeUrl: changeUrl(String(req.params.token), changeToken),
      note: 'the change link is shown only now; keep it to change the response until the consultation closes',
    });
  });

  router.get('/:token/responses/:changeToken', readLimiter, async (req, res) => {
    const { response } = await resolveResponse(req);
    res.json({ response: providerCopy(response) });
  });

  router.put(
    '/:token/responses/:changeToken',
    express.json({ limit: '256kb' }),
    limiter,
    async (req, res) => {
      const { scenario, link, response: before } = await resolveResponse(req);
      const now = new Date();
      refuseOutsideWindow(scenario, now, 'changing');
      const view = publicScenario(scenario, now);
      const response = validate(responseSchema(targetsOf(view.rows)), req.body ?? {}, []);
      const stored = await repo.changeResponse(scenario, link, before, response);
      res.json({ response: providerCopy(stored) });
    },
  );

  return router;
}

/** What the provider may see of their own response: their answers, reference and dates (no internal ids). */
function providerCopy(r: StoredResponse) {
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
