/**
 * The care-package routes, in the route table (platform/routeTable.ts): each is described once
 * with its request and reply schemas (shared/src/contract/packages.ts), from which the
 * OpenAPI document is generated. Commissioners use /api/v1 with their tokens and roles;
 * providers use /p/:token with their personal portal link, and see only their own offers,
 * agreements and receipts. Thin handlers: call the repository, shape the answer.
 */
import express, { type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from '../context';
import { HttpError } from '../platform/http/errors';
import { route, type AnyRoute } from '../platform/routeTable';
import { Decimal, formatPounds } from '../../../shared/src/money';
import {
  agreementDetailReplySchema,
  agreementListQuerySchema,
  agreementListReplySchema,
  applyReviewSchema,
  awardReplySchema,
  awardSchema,
  commitmentQuerySchema,
  commitmentReplySchema,
  createRequirementSchema,
  declineSchema,
  disputeSchema,
  idParamsSchema,
  invoiceSchema,
  offerReplySchema,
  offerSchema,
  packageSettingsReplySchema,
  periodSchema,
  placementImportQuerySchema,
  placementImportReplySchema,
  portalAgreementListReplySchema,
  portalAgreementReplySchema,
  portalIdParamsSchema,
  portalLinkCreatedSchema,
  portalLinkReplySchema,
  portalLinkSchema,
  portalParamsSchema,
  portalRequirementsReplySchema,
  raiseReceiptsSchema,
  receiptListReplySchema,
  receiptQuerySchema,
  receiptReplySchema,
  requirementDetailReplySchema,
  requirementListQuerySchema,
  requirementListReplySchema,
  requirementReplySchema,
  reviewApplyReplySchema,
  reviewPreviewReplySchema,
  reviewSchema,
  settingsSchema,
  variationReplySchema,
  variationSchema,
} from '../../../shared/src/contract/packages';
import { itemsOf } from '../../../shared/src/contract/common';
import { commitment } from './budget';
import { categoryNames } from './categoryNames';
import { applyReview, previewReview, resolveReview } from './annualReview';
import { paymentScheduleCsv, paymentScheduleRows, paymentScheduleXlsx } from './exports';
import type { Agreement, Offer, Requirement } from './model';
import { readUpload, readUploadedTable } from '../platform/files/spreadsheet';
import { withProgress } from '../platform/http/progress';
import { importPlacements } from './importPlacements';
import { PortalLinkRepository } from './portalLinks';
import { portalPageHandler } from './portalPage';
import { PackageRepository, type ProviderActor } from './repository';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const API = '/api/v1';
const PORTAL = '/p/:token';
const tag = 'care packages';
const portalTag = 'provider portal';

/** One pair of repositories (and one portal page cache, one rate limiter) per service. */
const perService = new WeakMap<
  AppContext,
  {
    repo: PackageRepository;
    links: PortalLinkRepository;
    page: ReturnType<typeof portalPageHandler>;
    limiter: RequestHandler;
  }
>();
function service(ctx: AppContext) {
  let s = perService.get(ctx);
  if (!s) {
    const links = new PortalLinkRepository(ctx.db, ctx.audit);
    s = {
      repo: new PackageRepository(ctx.db, ctx.audit, ctx.providers),
      links,
      page: portalPageHandler(links),
      // The link is the credential, so guesses are slowed: one budget for the whole portal.
      limiter: rateLimit({
        windowMs: 60_000,
        limit: 300,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
      }),
    };
    perService.set(ctx, s);
  }
  return s;
}
const repoOf = (ctx: AppContext) => service(ctx).repo;

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
  return shown as Omit<Agreement, 'personReference' | 'priceProvenance' | 'importKey'>;
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

const orgRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: `${API}/packages/settings`,
    tag,
    role: 'viewer',
    summary: 'How the organisation awards packages and dates four-weekly receipts',
    response: packageSettingsReplySchema,
    handler: ({ ctx, principal }) => repoOf(ctx).settings(principal.organisationId),
  }),
  route({
    method: 'put',
    path: `${API}/packages/settings`,
    tag,
    role: 'admin',
    summary: 'Set the award rule (quality-price or highest-rating, with its scales)',
    body: settingsSchema,
    response: packageSettingsReplySchema,
    handler: ({ ctx, principal, body }) => repoOf(ctx).saveSettings(principal, body),
  }),
  route({
    method: 'post',
    path: `${API}/requirements`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Record a package needed and open it to offers until its closing time',
    body: createRequirementSchema,
    response: z.object({ requirement: requirementReplySchema }),
    handler: async ({ ctx, principal, body, res }) => {
      const requirement = await repoOf(ctx).createRequirement(principal, body);
      res.location(`${API}/requirements/${requirement.id}`);
      return { requirement };
    },
  }),
  route({
    method: 'get',
    path: `${API}/requirements`,
    tag,
    role: 'viewer',
    summary: "The organisation's requirements, newest first",
    query: requirementListQuerySchema,
    response: requirementListReplySchema,
    handler: async ({ ctx, principal, query }) => ({
      items: await repoOf(ctx).listRequirements(principal.organisationId, query.status),
    }),
  }),
  route({
    method: 'get',
    path: `${API}/requirements/:id`,
    tag,
    role: 'viewer',
    summary: 'A requirement with every offer (live and superseded) beside the indicative cost',
    params: idParamsSchema,
    response: requirementDetailReplySchema,
    handler: async ({ ctx, principal, params }) => {
      const org = principal.organisationId;
      const requirement = await repoOf(ctx).getRequirement(org, params.id);
      const offers = await repoOf(ctx).offers(org, params.id);
      return { requirement, offers: withIndicative(requirement, offers) };
    },
  }),
  route({
    method: 'post',
    path: `${API}/requirements/:id/close`,
    tag,
    role: 'editor',
    summary: 'Close a requirement to offers now, before its closing time',
    params: idParamsSchema,
    response: z.object({ requirement: requirementReplySchema }),
    handler: async ({ ctx, principal, params }) => ({
      requirement: await repoOf(ctx).closeRequirement(principal, params.id),
    }),
  }),
  route({
    method: 'post',
    path: `${API}/requirements/:id/award`,
    tag,
    role: 'approver',
    status: 201,
    summary:
      "Award a closed requirement by the organisation's rule and create the service agreement (pending the provider's acceptance)",
    params: idParamsSchema,
    body: awardSchema,
    response: awardReplySchema,
    handler: async ({ ctx, principal, params, body, res }) => {
      const result = await repoOf(ctx).award(principal, params.id, body);
      res.location(`${API}/agreements/${result.agreement.id}`);
      return result;
    },
  }),
  route({
    method: 'get',
    path: `${API}/agreements`,
    tag,
    role: 'viewer',
    summary: 'Service agreements, optionally for one provider or status',
    query: agreementListQuerySchema,
    response: agreementListReplySchema,
    handler: async ({ ctx, principal, query }) => ({
      items: await repoOf(ctx).listAgreements(principal.organisationId, query),
    }),
  }),
  route({
    method: 'post',
    path: `${API}/agreements/import`,
    tag,
    role: 'approver',
    status: 201,
    summary:
      'Import existing placements as live agreements from a CSV or xlsx sent as the request body (server/README.md, "Importing placements")',
    description:
      'Every row is checked first; any problem answers 422 INVALID_ROWS with `errors: [{ row, column, message }]` listing every one, and nothing is written. Otherwise all rows are written in one transaction. A placement imported before with the same values is `unchanged` (re-importing a file changes nothing); with different values it is an error. `dryRun=true` checks and reports without writing. With `Accept: application/x-ndjson` the answer is a stream of `{"progress":{phase,done,total}}` lines, then `{"status":201,"result":…}` or `{"status":422,"error":…,"errors":[…]}`. Closing the request cancels the import: nothing is written.',
    query: placementImportQuerySchema,
    response: placementImportReplySchema,
    handler: async ({ ctx, principal, query, req, res }) => {
      const data = await readUpload(req);
      return withProgress(req, res, 201, async (onProgress, signal) => {
        onProgress({ phase: 'reading', done: 0, total: data.length });
        const table = await readUploadedTable(data, { sheet: query.sheet });
        return importPlacements(ctx.db, ctx.audit, principal, table, {
          dryRun: query.dryRun === 'true',
          signal,
          onProgress,
        });
      });
    },
  }),
  route({
    method: 'get',
    path: `${API}/agreements/:id`,
    tag,
    role: 'viewer',
    summary: 'An agreement with its variations, prices in force and receipts',
    params: idParamsSchema,
    response: agreementDetailReplySchema,
    handler: async ({ ctx, principal, params }) => {
      const org = principal.organisationId;
      const repo = repoOf(ctx);
      const agreement = await repo.getAgreement(org, params.id);
      const variations = await repo.variations(org, params.id);
      const terms = await repo.terms(org, agreement);
      const receipts = await repo.receipts(org, { agreementId: params.id });
      return { agreement, variations, prices: terms.prices, receipts };
    },
  }),
  route({
    method: 'post',
    path: `${API}/agreements/:id/variations`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Request a dated change of price (a change order, pending approval)',
    params: idParamsSchema,
    body: variationSchema,
    response: z.object({ variation: variationReplySchema }),
    handler: async ({ ctx, principal, params, body }) => ({
      variation: await repoOf(ctx).requestVariation(principal, params.id, body),
    }),
  }),
  ...(['approve', 'reject', 'complete'] as const).map((step) =>
    route({
      method: 'post',
      path: `${API}/variations/:id/${step}`,
      tag,
      role: step === 'complete' ? 'editor' : 'approver',
      summary: {
        approve: 'Approve a variation (pending approval → pending implementation)',
        reject: 'Reject a variation pending approval',
        complete:
          'Complete a variation (pending implementation → completed: its price is in force)',
      }[step],
      params: idParamsSchema,
      response: z.object({ variation: variationReplySchema }),
      handler: async ({ ctx, principal, params }) => ({
        variation: await repoOf(ctx).moveVariation(principal, params.id, step),
      }),
    }),
  ),
  route({
    method: 'post',
    path: `${API}/agreements/:id/receipts/raise`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Raise a receipt for every period up to a date that has none (weekly or four-weekly)',
    params: idParamsSchema,
    body: raiseReceiptsSchema,
    response: receiptListReplySchema,
    handler: async ({ ctx, principal, params, body }) => ({
      items: await repoOf(ctx).raiseReceipts(principal, params.id, body.until),
    }),
  }),
  route({
    method: 'post',
    path: `${API}/agreements/:id/receipts`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Raise one receipt for a named period (refused if it overlaps another receipt)',
    params: idParamsSchema,
    body: periodSchema,
    response: z.object({ receipt: receiptReplySchema }),
    handler: async ({ ctx, principal, params, body }) => ({
      receipt: await repoOf(ctx).raiseReceipt(
        principal,
        params.id,
        body.periodStart,
        body.periodEnd,
      ),
    }),
  }),
  route({
    method: 'get',
    path: `${API}/receipts`,
    tag,
    role: 'viewer',
    summary: 'Service receipts, optionally by status, agreement or provider',
    query: receiptQuerySchema,
    response: receiptListReplySchema,
    handler: async ({ ctx, principal, query }) => ({
      items: await repoOf(ctx).receipts(principal.organisationId, query),
    }),
  }),
  ...(['approve', 'pay', 'void'] as const).map((step) =>
    route({
      method: 'post',
      path: `${API}/receipts/:id/${step}`,
      tag,
      role: 'approver',
      summary: {
        approve: 'Approve a submitted or disputed receipt',
        pay: 'Record an invoiced receipt as paid',
        void: 'Void a receipt not yet invoiced',
      }[step],
      params: idParamsSchema,
      response: z.object({ receipt: receiptReplySchema }),
      handler: async ({ ctx, principal, params }) => ({
        receipt: await repoOf(ctx).moveReceipt({ principal }, params.id, step, {}),
      }),
    }),
  ),
  route({
    method: 'post',
    path: `${API}/receipts/:id/invoice`,
    tag,
    role: 'approver',
    summary: 'Record an approved receipt as invoiced, with the invoice reference',
    params: idParamsSchema,
    body: invoiceSchema,
    response: z.object({ receipt: receiptReplySchema }),
    handler: async ({ ctx, principal, params, body }) => ({
      receipt: await repoOf(ctx).moveReceipt({ principal }, params.id, 'invoice', body),
    }),
  }),
  ...(['csv', 'xlsx'] as const).map((ext) =>
    route({
      method: 'get',
      path: `${API}/receipts/payment-schedule.${ext}`,
      tag,
      role: 'viewer',
      summary: `The payment schedule for the finance system (${ext.toUpperCase()}): approved and invoiced receipts by default`,
      query: receiptQuerySchema,
      contentType: ext === 'csv' ? 'text/csv' : XLSX,
      handler: async ({ ctx, principal, query, res }) => {
        const rows = await paymentScheduleRows(ctx.db, principal.organisationId, query.status);
        const body = ext === 'csv' ? paymentScheduleCsv(rows) : await paymentScheduleXlsx(rows);
        res.setHeader('Content-Type', ext === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
        res.setHeader('Content-Disposition', `attachment; filename="payment-schedule.${ext}"`);
        res.send(body);
      },
    }),
  ),
  route({
    method: 'get',
    path: `${API}/commitment`,
    tag,
    role: 'viewer',
    summary:
      'What live agreements commit for a financial year (year 2025 = 2025/26), by category, funding stream and provider',
    query: commitmentQuerySchema,
    response: commitmentReplySchema,
    handler: ({ ctx, principal, query }) =>
      commitment(ctx.db, principal.organisationId, query.year, query),
  }),
  route({
    method: 'post',
    path: `${API}/annual-review/preview`,
    tag,
    role: 'viewer',
    summary:
      'Preview an annual review of every live agreement (rates typed in, an approved uplifted card, or a scenario out for consultation): the change to the rest of the financial year, by category and funding stream, to the penny',
    body: reviewSchema,
    response: reviewPreviewReplySchema,
    handler: async ({ ctx, principal, body }) =>
      previewReview(
        ctx.db,
        principal.organisationId,
        await resolveReview(ctx, principal.organisationId, body),
      ),
  }),
  route({
    method: 'post',
    path: `${API}/annual-review/apply`,
    tag,
    role: 'approver',
    status: 201,
    summary:
      'Apply a previewed annual review (rates or an approved card): one completed variation per live agreement, all or nothing',
    description:
      'With `Accept: application/x-ndjson` the answer is a stream of `{"progress":{"phase":"writing","done","total"}}` lines, then `{"status":201,"result":…}` (or the error). Closing the request cancels the review: nothing is written.',
    body: applyReviewSchema,
    response: reviewApplyReplySchema,
    handler: async ({ ctx, principal, body, req, res }) => {
      const review = await resolveReview(ctx, principal.organisationId, body);
      return withProgress(req, res, 201, (onProgress, signal) =>
        applyReview(
          ctx.db,
          ctx.audit,
          principal,
          { ...review, confirm: body.confirm },
          { signal, onProgress },
        ),
      );
    },
  }),
  route({
    method: 'post',
    path: `${API}/provider-links`,
    tag,
    role: 'editor',
    status: 201,
    summary: "Make a provider's personal portal link (the token is shown once)",
    body: portalLinkSchema,
    response: portalLinkCreatedSchema,
    handler: async ({ ctx, principal, body }) => {
      // Links are made for providers on the record (by provider or location id).
      const standing = await ctx.providers.standingAsOf(
        principal.organisationId,
        body.providerId,
        new Date().toISOString().slice(0, 10),
      );
      const { link, token } = await service(ctx).links.create(principal, {
        ...body,
        providerId: standing.providerId,
      });
      return {
        link,
        token,
        url: `${ctx.config.publicBaseUrl}/p/${token}`,
        note: 'the token is shown only now; send it to the provider privately',
      };
    },
  }),
  route({
    method: 'get',
    path: `${API}/provider-links`,
    tag,
    role: 'viewer',
    summary: "Providers' portal links (never their tokens)",
    response: itemsOf(portalLinkReplySchema),
    handler: async ({ ctx, principal }) => ({
      items: await service(ctx).links.list(principal.organisationId),
    }),
  }),
  route({
    method: 'delete',
    path: `${API}/provider-links/:id`,
    tag,
    role: 'editor',
    summary: 'Revoke a portal link',
    params: idParamsSchema,
    response: z.object({ link: portalLinkReplySchema }),
    handler: async ({ ctx, principal, params }) => ({
      link: await service(ctx).links.revoke(principal, params.id),
    }),
  }),
];

/** The provider a portal request acts for (resolved by portalGuard before the handler). */
const providerOf = (res: Response): ProviderActor => res.locals.provider as ProviderActor;

/**
 * The portal's middleware: the shared rate limit, the link resolved (404 for a revoked or
 * mistyped one, before anything else is looked at), then the JSON body.
 */
const portalGuard = (ctx: AppContext): RequestHandler[] => [
  service(ctx).limiter,
  async (req, res, next) => {
    const provider = await service(ctx).links.resolve(String(req.params.token ?? ''));
    if (!provider)
      throw new HttpError(404, 'NOT_FOUND', 'this portal link is not valid (revoked or mistyped)');
    res.locals.provider = provider;
    next();
  },
  express.json({ limit: ctx.config.jsonLimit }),
];

const portalRoute = { tag: portalTag, role: 'public', before: portalGuard } as const;

const portalRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: PORTAL,
    tag: portalTag,
    role: 'public',
    summary:
      "The provider portal page for a provider's personal link (HTML): open requirements to offer on, agreements to accept or decline, receipts to submit or dispute",
    params: portalParamsSchema,
    contentType: 'text/html',
    negotiatedNotFound: true,
    before: (ctx) => [service(ctx).limiter],
    handler: ({ ctx, req, res }) => service(ctx).page(req, res),
  }),
  route({
    ...portalRoute,
    method: 'get',
    path: `${PORTAL}/api/requirements`,
    summary: 'Open requirements this provider may offer on, with its own live offer on each',
    params: portalParamsSchema,
    response: portalRequirementsReplySchema,
    handler: async ({ ctx, res }) => {
      const p = providerOf(res);
      const open = await repoOf(ctx).openForProvider(p);
      const mine = (await repoOf(ctx).offersOfProvider(p)).filter((o) => o.status === 'live');
      const nameOf = await categoryNames(ctx.db, p.organisationId);
      return {
        providerId: p.providerId,
        items: open.map((r) => ({
          ...portalRequirement(r),
          categoryName: nameOf(r.category),
          myOffer: mine.find((o) => o.requirementId === r.id) ?? null,
        })),
      };
    },
  }),
  route({
    ...portalRoute,
    method: 'post',
    path: `${PORTAL}/api/requirements/:id/offer`,
    status: 201,
    summary: 'Offer (or revise the live offer) until the closing time',
    params: portalIdParamsSchema,
    body: offerSchema,
    response: z.object({ offer: offerReplySchema }),
    handler: async ({ ctx, res, params, body }) => ({
      offer: await repoOf(ctx).submitOffer(providerOf(res), params.id, body),
    }),
  }),
  route({
    ...portalRoute,
    method: 'get',
    path: `${PORTAL}/api/offers`,
    summary: "This provider's offers, every revision",
    params: portalParamsSchema,
    response: itemsOf(offerReplySchema),
    handler: async ({ ctx, res }) => ({
      items: await repoOf(ctx).offersOfProvider(providerOf(res)),
    }),
  }),
  route({
    ...portalRoute,
    method: 'get',
    path: `${PORTAL}/api/agreements`,
    summary: "This provider's service agreements",
    params: portalParamsSchema,
    response: portalAgreementListReplySchema,
    handler: async ({ ctx, res }) => {
      const p = providerOf(res);
      const items = await repoOf(ctx).listAgreements(p.organisationId, {
        providerId: p.providerId,
      });
      const nameOf = await categoryNames(ctx.db, p.organisationId);
      return {
        items: items.map((a) => ({ ...portalAgreement(a), categoryName: nameOf(a.category) })),
      };
    },
  }),
  route({
    ...portalRoute,
    method: 'post',
    path: `${PORTAL}/api/agreements/:id/accept`,
    summary: 'Accept an agreement pending acceptance (it becomes active)',
    params: portalIdParamsSchema,
    response: z.object({ agreement: portalAgreementReplySchema }),
    handler: async ({ ctx, res, params }) => {
      const a = await repoOf(ctx).respond(providerOf(res), params.id, { accept: true });
      return { agreement: portalAgreement(a) };
    },
  }),
  route({
    ...portalRoute,
    method: 'post',
    path: `${PORTAL}/api/agreements/:id/decline`,
    summary: 'Decline an agreement pending acceptance, with the reason',
    params: portalIdParamsSchema,
    body: declineSchema,
    response: z.object({ agreement: portalAgreementReplySchema }),
    handler: async ({ ctx, res, params, body }) => {
      const a = await repoOf(ctx).respond(providerOf(res), params.id, {
        accept: false,
        reason: body.reason,
      });
      return { agreement: portalAgreement(a) };
    },
  }),
  route({
    ...portalRoute,
    method: 'get',
    path: `${PORTAL}/api/receipts`,
    summary: "This provider's service receipts",
    params: portalParamsSchema,
    response: receiptListReplySchema,
    handler: async ({ ctx, res }) => {
      const p = providerOf(res);
      return {
        items: await repoOf(ctx).receipts(p.organisationId, { providerId: p.providerId }),
      };
    },
  }),
  route({
    ...portalRoute,
    method: 'post',
    path: `${PORTAL}/api/receipts/:id/submit`,
    summary: 'Confirm a raised receipt and submit it for approval',
    params: portalIdParamsSchema,
    response: z.object({ receipt: receiptReplySchema }),
    handler: async ({ ctx, res, params }) => ({
      receipt: await repoOf(ctx).moveReceipt({ provider: providerOf(res) }, params.id, 'submit'),
    }),
  }),
  route({
    ...portalRoute,
    method: 'post',
    path: `${PORTAL}/api/receipts/:id/dispute`,
    summary: 'Dispute a receipt, with the reason',
    params: portalIdParamsSchema,
    body: disputeSchema,
    response: z.object({ receipt: receiptReplySchema }),
    handler: async ({ ctx, res, params, body }) => ({
      receipt: await repoOf(ctx).moveReceipt({ provider: providerOf(res) }, params.id, 'dispute', {
        reason: body.reason,
      }),
    }),
  }),
];

/**
 * A body error's path names the field itself (['effectiveFrom'], not ['body', …]), as the
 * repository's own refusals always have, so a client of this API reads one shape.
 */
export const packageRoutes: AnyRoute[] = [...orgRoutes, ...portalRoutes].map((r) =>
  r.body ? { ...r, bodyPath: [] } : r,
);
