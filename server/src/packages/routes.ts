/**
 * The care-package API: one table of routes, each with its description for the OpenAPI
 * document beside its handler, so no path is written twice. Commissioners use /api/v1 with
 * their tokens and roles; providers use /p/:token with their personal portal link, and see
 * only their own offers, agreements and receipts. Thin handlers: validate, call the
 * repository, shape the answer.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireRole } from '../platform/auth/middleware';
import { HttpError, validate } from '../platform/http/errors';
import type { Method, RouteDoc } from '../platform/openapi/document';
import { Decimal, formatPounds } from '../../../shared/src/money';
import { commitment } from './budget';
import { applyReview, previewReview } from './annualReview';
import { paymentScheduleCsv, paymentScheduleRows, paymentScheduleXlsx } from './exports';
import type { Agreement, Offer, Requirement } from './model';
import { PortalLinkRepository } from './portalLinks';
import { portalPageRouter } from './portalPage';
import { PackageRepository, type ProviderActor } from './repository';
import {
  applyReviewSchema,
  awardSchema,
  reviewSchema,
  createRequirementSchema,
  declineSchema,
  disputeSchema,
  FUNDING_STREAMS,
  invoiceSchema,
  offerSchema,
  portalLinkSchema,
  raiseReceiptsSchema,
  settingsSchema,
  variationSchema,
} from './schemas';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.object({ id: z.uuid({ error: 'not an id' }) });
const yearQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    category: z.string().min(1).optional(),
    funding: z.enum(FUNDING_STREAMS).optional(),
    providerId: z.string().min(1).optional(),
  })
  .strict();
const receiptQuery = z
  .object({
    status: z
      .enum(['raised', 'pending-approval', 'disputed', 'approved', 'invoiced', 'paid', 'void'])
      .optional(),
    agreementId: z.string().optional(),
    providerId: z.string().optional(),
  })
  .strict();
const periodSchema = z.object({ periodStart: z.iso.date(), periodEnd: z.iso.date() }).strict();

interface Route extends Omit<RouteDoc, 'tag' | 'path'> {
  /** Under the router's mount: /api/v1 for 'org', /p for 'portal'. */
  path: string;
  handle: (req: Request, res: Response) => Promise<void>;
}

/** What a provider is shown of a requirement: never the person reference or the invitations. */
export function portalRequirement(r: Requirement) {
  return {
    id: r.id,
    summary: r.sharedSummary,
    needs: r.needs,
    category: r.category,
    area: r.area,
    startDate: r.startDate,
    endDate: r.endDate,
    closesAt: r.closesAt,
    questions: r.questions,
  };
}

/** What a provider is shown of its agreement. */
export function portalAgreement(a: Agreement) {
  const shown: Partial<Agreement> = { ...a };
  delete shown.personReference;
  delete shown.priceProvenance;
  delete shown.importKey;
  return shown;
}

/** Each offer beside the needs-led indicative cost (offer − indicative, a week). */
function withIndicative(r: Requirement, offers: Offer[]) {
  return offers.map((o) => ({
    ...o,
    aboveIndicative: r.indicative
      ? formatPounds(new Decimal(o.weeklyPrice).minus(r.indicative.cost.weekly))
      : null,
  }));
}

const org = (req: Request) => req.principal!.organisationId;
const params = (req: Request) => validate(idParams, req.params, ['params']);

function orgRoutes(ctx: AppContext, repo: PackageRepository, links: PortalLinkRepository): Route[] {
  return [
    {
      method: 'get',
      path: '/packages/settings',
      role: 'viewer',
      summary: 'How the organisation awards packages and dates four-weekly receipts',
      handle: async (req, res) => {
        res.json(await repo.settings(org(req)));
      },
    },
    {
      method: 'put',
      path: '/packages/settings',
      role: 'admin',
      summary: 'Set the award rule (quality-price or highest-rating, with its scales)',
      body: settingsSchema,
      handle: async (req, res) => {
        const input = validate(settingsSchema, req.body ?? {});
        res.json(await repo.saveSettings(req.principal!, input));
      },
    },
    {
      method: 'post',
      path: '/requirements',
      role: 'editor',
      status: 201,
      summary: 'Record a package needed and open it to offers until its closing time',
      body: createRequirementSchema,
      handle: async (req, res) => {
        const input = validate(createRequirementSchema, req.body ?? {});
        const requirement = await repo.createRequirement(req.principal!, input);
        res.status(201).location(`/api/v1/requirements/${requirement.id}`).json({ requirement });
      },
    },
    {
      method: 'get',
      path: '/requirements',
      role: 'viewer',
      summary: "The organisation's requirements, newest first",
      query: z.object({ status: z.enum(['open', 'awarded', 'cancelled']).optional() }),
      handle: async (req, res) => {
        const q = validate(
          z.object({ status: z.enum(['open', 'awarded', 'cancelled']).optional() }).strict(),
          req.query,
          ['query'],
        );
        res.json({ items: await repo.listRequirements(org(req), q.status) });
      },
    },
    {
      method: 'get',
      path: '/requirements/:id',
      role: 'viewer',
      summary: 'A requirement with every offer (live and superseded) beside the indicative cost',
      handle: async (req, res) => {
        const { id } = params(req);
        const requirement = await repo.getRequirement(org(req), id);
        const offers = await repo.offers(org(req), id);
        res.json({ requirement, offers: withIndicative(requirement, offers) });
      },
    },
    {
      method: 'post',
      path: '/requirements/:id/close',
      role: 'editor',
      summary: 'Close a requirement to offers now, before its closing time',
      handle: async (req, res) => {
        res.json({ requirement: await repo.closeRequirement(req.principal!, params(req).id) });
      },
    },
    {
      method: 'post',
      path: '/requirements/:id/award',
      role: 'approver',
      status: 201,
      summary:
        "Award a closed requirement by the organisation's rule and create the service agreement (pending the provider's acceptance)",
      body: awardSchema,
      handle: async (req, res) => {
        const { id } = params(req);
        const input = validate(awardSchema, req.body ?? {});
        const result = await repo.award(req.principal!, id, input);
        res.status(201).location(`/api/v1/agreements/${result.agreement.id}`).json(result);
      },
    },
    {
      method: 'get',
      path: '/agreements',
      role: 'viewer',
      summary: 'Service agreements, optionally for one provider or status',
      query: z.object({ providerId: z.string().optional(), status: z.string().optional() }),
      handle: async (req, res) => {
        const q = validate(
          z
            .object({
              providerId: z.string().min(1).optional(),
              status: z.enum(['pending-acceptance', 'active', 'declined']).optional(),
            })
            .strict(),
          req.query,
          ['query'],
        );
        res.json({ items: await repo.listAgreements(org(req), q) });
      },
    },
    {
      method: 'get',
      path: '/agreements/:id',
      role: 'viewer',
      summary: 'An agreement with its variations, prices in force and receipts',
      handle: async (req, res) => {
        const { id } = params(req);
        const agreement = await repo.getAgreement(org(req), id);
        const variations = await repo.variations(org(req), id);
        const terms = await repo.terms(org(req), agreement);
        const receipts = await repo.receipts(org(req), { agreementId: id });
        res.json({ agreement, variations, prices: terms.prices, receipts });
      },
    },
    {
      method: 'post',
      path: '/agreements/:id/variations',
      role: 'editor',
      status: 201,
      summary: 'Request a dated change of price (a change order, pending approval)',
      body: variationSchema,
      handle: async (req, res) => {
        const input = validate(variationSchema, req.body ?? {});
        res
          .status(201)
          .json({ variation: await repo.requestVariation(req.principal!, params(req).id, input) });
      },
    },
    ...(['approve', 'reject', 'complete'] as const).map((step): Route => ({
      method: 'post',
      path: `/variations/:id/${step}`,
      role: step === 'complete' ? 'editor' : 'approver',
      summary: {
        approve: 'Approve a variation (pending approval → pending implementation)',
        reject: 'Reject a variation pending approval',
        complete:
          'Complete a variation (pending implementation → completed: its price is in force)',
      }[step],
      handle: async (req, res) => {
        res.json({ variation: await repo.moveVariation(req.principal!, params(req).id, step) });
      },
    })),
    {
      method: 'post',
      path: '/agreements/:id/receipts/raise',
      role: 'editor',
      status: 201,
      summary:
        'Raise a receipt for every period up to a date that has none (weekly or four-weekly)',
      body: raiseReceiptsSchema,
      handle: async (req, res) => {
        const { until } = validate(raiseReceiptsSchema, req.body ?? {});
        const items = await repo.raiseReceipts(req.principal!, params(req).id, until);
        res.status(201).json({ items });
      },
    },
    {
      method: 'post',
      path: '/agreements/:id/receipts',
      role: 'editor',
      status: 201,
      summary: 'Raise one receipt for a named period (refused if it overlaps another receipt)',
      body: periodSchema,
      handle: async (req, res) => {
        const p = validate(periodSchema, req.body ?? {});
        const receipt = await repo.raiseReceipt(
          req.principal!,
          params(req).id,
          p.periodStart,
          p.periodEnd,
        );
        res.status(201).json({ receipt });
      },
    },
    {
      method: 'get',
      path: '/receipts',
      role: 'viewer',
      summary: 'Service receipts, optionally by status, agreement or provider',
      query: receiptQuery,
      handle: async (req, res) => {
        res.json({
          items: await repo.receipts(org(req), validate(receiptQuery, req.query, ['query'])),
        });
      },
    },
    ...(['approve', 'invoice', 'pay', 'void'] as const).map((step): Route => ({
      method: 'post',
      path: `/receipts/:id/${step}`,
      role: 'approver',
      summary: {
        approve: 'Approve a submitted or disputed receipt',
        invoice: 'Record an approved receipt as invoiced, with the invoice reference',
        pay: 'Record an invoiced receipt as paid',
        void: 'Void a receipt not yet invoiced',
      }[step],
      ...(step === 'invoice' ? { body: invoiceSchema } : {}),
      handle: async (req, res) => {
        const detail = step === 'invoice' ? validate(invoiceSchema, req.body ?? {}) : ({} as const);
        res.json({
          receipt: await repo.moveReceipt(
            { principal: req.principal! },
            params(req).id,
            step,
            detail,
          ),
        });
      },
    })),
    ...(['csv', 'xlsx'] as const).map((ext): Route => ({
      method: 'get',
      path: `/receipts/payment-schedule.${ext}`,
      role: 'viewer',
      summary: `The payment schedule for the finance system (${ext.toUpperCase()}): approved and invoiced receipts by default`,
      query: receiptQuery,
      contentType: ext === 'csv' ? 'text/csv' : XLSX,
      handle: async (req, res) => {
        const q = validate(receiptQuery, req.query, ['query']);
        const rows = await paymentScheduleRows(ctx.db, org(req), q.status);
        const body = ext === 'csv' ? paymentScheduleCsv(rows) : await paymentScheduleXlsx(rows);
        res.setHeader('Content-Type', ext === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
        res.setHeader('Content-Disposition', `attachment; filename="payment-schedule.${ext}"`);
        res.send(body);
      },
    })),
    {
      method: 'get',
      path: '/commitment',
      role: 'viewer',
      summary:
        'What live agreements commit for a financial year (year 2025 = 2025/26), by category, funding stream and provider',
      query: yearQuery,
      handle: async (req, res) => {
        const q = validate(yearQuery, req.query, ['query']);
        res.json(await commitment(ctx.db, org(req), q.year, q));
      },
    },
    {
      method: 'post',
      path: '/annual-review/preview',
      role: 'viewer',
      summary:
        'Preview an annual review of every live agreement: the change to the rest of the financial year, by category and funding stream',
      body: reviewSchema,
      handle: async (req, res) => {
        res.json(await previewReview(ctx.db, org(req), validate(reviewSchema, req.body ?? {})));
      },
    },
    {
      method: 'post',
      path: '/annual-review/apply',
      role: 'approver',
      status: 201,
      summary:
        'Apply a previewed annual review: one completed variation per live agreement, all or nothing',
      body: applyReviewSchema,
      handle: async (req, res) => {
        const input = validate(applyReviewSchema, req.body ?? {});
        res.status(201).json(await applyReview(ctx.db, ctx.audit, req.principal!, input));
      },
    },
    {
      method: 'post',
      path: '/provider-links',
      role: 'editor',
      status: 201,
      summary: "Make a provider's personal portal link (the token is shown once)",
      body: portalLinkSchema,
      handle: async (req, res) => {
        const input = validate(portalLinkSchema, req.body ?? {});
        // Links are made for providers on the record (by provider or location id).
        const standing = await ctx.providers.standingAsOf(
          org(req),
          input.providerId,
          new Date().toISOString().slice(0, 10),
        );
        const { link, token } = await links.create(req.principal!, {
          ...input,
          providerId: standing.providerId,
        });
        res.status(201).json({
          link,
          token,
          url: `${ctx.config.publicBaseUrl}/p/${token}`,
          note: 'the token is shown only now; send it to the provider privately',
        });
      },
    },
    {
      method: 'get',
      path: '/provider-links',
      role: 'viewer',
      summary: "Providers' portal links (never their tokens)",
      handle: async (req, res) => {
        res.json({ items: await links.list(org(req)) });
      },
    },
    {
      method: 'delete',
      path: '/provider-links/:id',
      role: 'editor',
      summary: 'Revoke a portal link',
      handle: async (req, res) => {
        res.json({ link: await links.revoke(req.principal!, params(req).id) });
      },
    },
  ];
}

function portalRoutes(repo: PackageRepository, links: PortalLinkRepository): Route[] {
  const provider = async (req: Request): Promise<ProviderActor> => {
    const p = await links.resolve(String(req.params.token ?? ''));
    if (!p)
      throw new HttpError(404, 'NOT_FOUND', 'this portal link is not valid (revoked or mistyped)');
    return p;
  };
  const idOf = (req: Request) => validate(idParams, { id: req.params.id }, ['params']).id;
  return [
    {
      method: 'get',
      path: '/:token/api/requirements',
      role: null,
      summary: 'Open requirements this provider may offer on, with its own live offer on each',
      handle: async (req, res) => {
        const p = await provider(req);
        const open = await repo.openForProvider(p);
        const mine = (await repo.offersOfProvider(p)).filter((o) => o.status === 'live');
        res.json({
          providerId: p.providerId,
          items: open.map((r) => ({
            ...portalRequirement(r),
            myOffer: mine.find((o) => o.requirementId === r.id) ?? null,
          })),
        });
      },
    },
    {
      method: 'post',
      path: '/:token/api/requirements/:id/offer',
      role: null,
      status: 201,
      summary: 'Offer (or revise the live offer) until the closing time',
      body: offerSchema,
      handle: async (req, res) => {
        const p = await provider(req);
        const input = validate(offerSchema, req.body ?? {});
        res.status(201).json({ offer: await repo.submitOffer(p, idOf(req), input) });
      },
    },
    {
      method: 'get',
      path: '/:token/api/offers',
      role: null,
      summary: "This provider's offers, every revision",
      handle: async (req, res) => {
        res.json({ items: await repo.offersOfProvider(await provider(req)) });
      },
    },
    {
      method: 'get',
      path: '/:token/api/agreements',
      role: null,
      summary: "This provider's service agreements",
      handle: async (req, res) => {
        const p = await provider(req);
        const items = await repo.listAgreements(p.organisationId, { providerId: p.providerId });
        res.json({ items: items.map(portalAgreement) });
      },
    },
    {
      method: 'post',
      path: '/:token/api/agreements/:id/accept',
      role: null,
      summary: 'Accept an agreement pending acceptance (it becomes active)',
      handle: async (req, res) => {
        const a = await repo.respond(await provider(req), idOf(req), { accept: true });
        res.json({ agreement: portalAgreement(a) });
      },
    },
    {
      method: 'post',
      path: '/:token/api/agreements/:id/decline',
      role: null,
      summary: 'Decline an agreement pending acceptance, with the reason',
      body: declineSchema,
      handle: async (req, res) => {
        const p = await provider(req);
        const { reason } = validate(declineSchema, req.body ?? {});
        const a = await repo.respond(p, idOf(req), { accept: false, reason });
        res.json({ agreement: portalAgreement(a) });
      },
    },
    {
      method: 'get',
      path: '/:token/api/receipts',
      role: null,
      summary: "This provider's service receipts",
      handle: async (req, res) => {
        const p = await provider(req);
        res.json({ items: await repo.receipts(p.organisationId, { providerId: p.providerId }) });
      },
    },
    {
      method: 'post',
      path: '/:token/api/receipts/:id/submit',
      role: null,
      summary: 'Confirm a raised receipt and submit it for approval',
      handle: async (req, res) => {
        const p = await provider(req);
        res.json({ receipt: await repo.moveReceipt({ provider: p }, idOf(req), 'submit') });
      },
    },
    {
      method: 'post',
      path: '/:token/api/receipts/:id/dispute',
      role: null,
      summary: 'Dispute a receipt, with the reason',
      body: disputeSchema,
      handle: async (req, res) => {
        const p = await provider(req);
        const { reason } = validate(disputeSchema, req.body ?? {});
        res.json({
          receipt: await repo.moveReceipt({ provider: p }, idOf(req), 'dispute', { reason }),
        });
      },
    },
  ];
}

function mount(router: Router, routes: Route[], guard: (r: Route) => RequestHandler[]) {
  for (const r of routes) {
    router[r.method as Method](r.path, ...guard(r), async (req, res) => r.handle(req, res));
  }
}

function repositories(ctx: AppContext) {
  return {
    repo: new PackageRepository(ctx.db, ctx.audit, ctx.providers),
    links: new PortalLinkRepository(ctx.db, ctx.audit),
  };
}

export function packagesRouter(ctx: AppContext): Router {
  const { repo, links } = repositories(ctx);
  const router = Router();
  mount(router, orgRoutes(ctx, repo, links), (r) => [requireRole(r.role as 'viewer')]);
  return router;
}

/** The provider portal's API under /p: the link is the credential, so guesses are slowed. */
export function packagePortalRouter(ctx: AppContext): Router {
  const { repo, links } = repositories(ctx);
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  });
  router.use(portalPageRouter(links, limiter));
  router.use(express.json({ limit: ctx.config.jsonLimit }));
  mount(router, portalRoutes(repo, links), () => [limiter]);
  return router;
}

const strip =
  (prefix: string, tag: string) =>
  ({ handle: _h, path, ...doc }: Route): RouteDoc => ({
    ...doc,
    path: `${prefix}${path}`,
    tag,
  });

/** The OpenAPI descriptions, from the same tables the routers mount. */
export function packageRouteDocs(): RouteDoc[] {
  const ctx = {} as AppContext;
  const repo = {} as PackageRepository;
  const links = {} as PortalLinkRepository;
  return [
    ...orgRoutes(ctx, repo, links).map(strip('/api/v1', 'care packages')),
    {
      method: 'get',
      path: '/p/:token',
      tag: 'provider portal',
      role: null,
      summary:
        "The provider portal page for a provider's personal link (HTML): open requirements to offer on, agreements to accept or decline, receipts to submit or dispute",
      contentType: 'text/html',
      negotiatedNotFound: true,
    },
    ...portalRoutes(repo, links).map(strip('/p', 'provider portal')),
  ];
}
