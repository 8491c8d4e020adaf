/**
 * The provider record's routes: providers and locations, quality evidence, escalation, the
 * standing on a date (what CARE.RATING and CARE.FEE read) and the CQC ratings import.
 * Viewers read; editors register and record evidence and propose escalation; approvers decide
 * escalation (never their own proposal).
 */
import type { Request } from 'express';
import { z } from 'zod';
import { route, type AnyRoute } from '../platform/routeTable';
import { HttpError } from '../platform/http/errors';
import {
  cqcImportQuerySchema,
  cqcImportReportSchema,
  decisionSchema,
  escalationProposalSchema,
  escalationStepSchema,
  evidenceReplySchema,
  historyEntrySchema,
  inspectionRecordSchema,
  inspectionReplySchema,
  locationInputSchema,
  locationParamsSchema,
  locationRecordSchema,
  locationUpdateSchema,
  planInputSchema,
  planParamsSchema,
  planReplySchema,
  providerInputSchema,
  providerListQuerySchema,
  providerListSchema,
  providerParamsSchema,
  providerRecordSchema,
  providerUpdateSchema,
  standingParamsSchema,
  standingQuerySchema,
  standingReplySchema,
  statementInputSchema,
  statementReplySchema,
  stepParamsSchema,
} from '../../../shared/src/contract/providers';
import { importCqcRatings } from './cqcImport';
import { cqcRatingsFromFile } from './cqcSources';
import { todayInEngland } from './repository';
import type { AppContext } from '../context';
import type { Principal } from '../platform/auth/roles';

const tag = 'providers';
const PROVIDERS = '/api/v1/providers';
const LOCATIONS = '/api/v1/locations';

/** Uploads are read whole (the CQC's monthly files are tens of megabytes at most). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

async function readUpload(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES)
      throw new HttpError(413, 'TOO_LARGE', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) throw new HttpError(400, 'INVALID_FILE', 'no file was sent', ['file']);
  return Buffer.concat(chunks);
}

/** A record's history from the audit log: every change to the given entities, newest first. */
async function historyOf(
  ctx: AppContext,
  orgId: string,
  entities: Array<{ entityType: string; entityId: string }>,
) {
  const lists = await Promise.all(
    entities.map((e) => ctx.audit.list(orgId, { ...e, limit: 1000 })),
  );
  const items = lists
    .flat()
    .sort((a, b) => b.id - a.id)
    .map(({ at, actorName, action, entityType, entityId, before, after }) => ({
      at,
      actorName,
      action,
      entityType,
      entityId,
      before,
      after,
    }));
  return { items };
}

/**
 * The three routes every versioned record has: read it (GET path), change it naming the
 * version read (PUT path; 409 if it moved on), and its history from the audit log
 * (GET path/history).
 */
function versionedRecordRoutes<
  P extends z.ZodType,
  B extends z.ZodType<{ version: number }>,
  R extends z.ZodType,
>(o: {
  path: string;
  what: string;
  params: P;
  update: B;
  response: R;
  read: (ctx: AppContext, orgId: string, params: z.output<P>) => Promise<z.input<R>>;
  change: (
    ctx: AppContext,
    principal: Principal,
    params: z.output<P>,
    input: Omit<z.output<B>, 'version'>,
    version: number,
  ) => Promise<z.input<R>>;
  /** The audit entities whose changes make up the record's history. */
  entities: (
    ctx: AppContext,
    orgId: string,
    params: z.output<P>,
  ) => Promise<Array<{ entityType: string; entityId: string }>>;
  historySummary: string;
}): AnyRoute[] {
  // The entries are typed by the options above; the table holds them as AnyRoute, whose
  // principal may be absent (public routes): these need a role, so it is always there.
  type In = {
    ctx: AppContext;
    principal: Principal | undefined;
    params: z.output<P>;
    body: z.output<B>;
  };
  const read: AnyRoute = {
    method: 'get',
    path: o.path,
    tag,
    role: 'viewer',
    summary: `A ${o.what}`,
    params: o.params,
    response: o.response,
    handler: ({ ctx, principal, params }: In) => o.read(ctx, principal!.organisationId, params),
  };
  const change: AnyRoute = {
    method: 'put',
    path: o.path,
    tag,
    role: 'editor',
    summary: `Change a ${o.what}'s details (version: the one you read; 409 if it moved on)`,
    params: o.params,
    body: o.update,
    response: o.response,
    handler: ({ ctx, principal, params, body }: In) => {
      const { version, ...input } = body;
      return o.change(ctx, principal!, params, input, version);
    },
  };
  const history: AnyRoute = {
    method: 'get',
    path: `${o.path}/history`,
    tag,
    role: 'viewer',
    summary: o.historySummary,
    params: o.params,
    response: z.object({ items: z.array(historyEntrySchema) }),
    handler: async ({ ctx, principal, params }: In) =>
      historyOf(
        ctx,
        principal!.organisationId,
        await o.entities(ctx, principal!.organisationId, params),
      ),
  };
  return [read, change, history];
}

export const providerRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: PROVIDERS,
    tag,
    role: 'viewer',
    summary:
      'Providers by name, a page at a time (q matches a name, company number or CQC ID), each with its standing on asOf',
    query: providerListQuerySchema,
    response: providerListSchema,
    handler: ({ ctx, principal, query }) =>
      ctx.providers.listProviders(principal.organisationId, query),
  }),

  route({
    method: 'post',
    path: PROVIDERS,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Register a provider',
    body: providerInputSchema,
    response: providerRecordSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const p = await ctx.providers.createProvider(principal, body);
      res.location(`${PROVIDERS}/${p.id}`);
      return p;
    },
  }),

  ...versionedRecordRoutes({
    path: `${PROVIDERS}/:providerId`,
    what: 'provider and its locations',
    params: providerParamsSchema,
    update: providerUpdateSchema,
    response: providerRecordSchema,
    read: (ctx, org, params) => ctx.providers.getProvider(org, params.providerId),
    change: (ctx, principal, params, input, version) =>
      ctx.providers.updateProvider(principal, params.providerId, input, version),
    entities: async (ctx, org, params) => {
      const p = await ctx.providers.getProvider(org, params.providerId);
      return [
        { entityType: 'provider', entityId: p.id },
        ...p.locations.map((l) => ({ entityType: 'location', entityId: l.id })),
      ];
    },
    historySummary:
      'Every change to a provider and its locations, newest first (from the audit log)',
  }),

  route({
    method: 'post',
    path: `${PROVIDERS}/:providerId/locations`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Add a location (a care home, a home-support branch)',
    params: providerParamsSchema,
    body: locationInputSchema,
    response: locationRecordSchema,
    handler: async ({ ctx, principal, params, body, res }) => {
      const l = await ctx.providers.addLocation(principal, params.providerId, body);
      res.location(`${LOCATIONS}/${l.id}`);
      return l;
    },
  }),

  ...versionedRecordRoutes({
    path: `${LOCATIONS}/:locationId`,
    what: 'location',
    params: locationParamsSchema,
    update: locationUpdateSchema,
    response: locationRecordSchema,
    read: (ctx, org, params) => ctx.providers.getLocation(org, params.locationId),
    change: (ctx, principal, params, input, version) =>
      ctx.providers.updateLocation(principal, params.locationId, input, version),
    entities: async (ctx, org, params) => {
      const l = await ctx.providers.getLocation(org, params.locationId);
      return [{ entityType: 'location', entityId: l.id }];
    },
    historySummary:
      'Every change to a location: its details, evidence, visits and action plans, newest first (from the audit log)',
  }),

  route({
    method: 'get',
    path: `${LOCATIONS}/:locationId/evidence`,
    tag,
    role: 'viewer',
    summary: "A location's inspections, assurance statements and improvement plans, oldest first",
    params: locationParamsSchema,
    response: evidenceReplySchema,
    handler: ({ ctx, principal, params }) =>
      ctx.providers.listEvidence(principal.organisationId, params.locationId),
  }),

  route({
    method: 'post',
    path: `${LOCATIONS}/:locationId/inspections`,
    tag,
    role: 'editor',
    status: 201,
    summary:
      "Record an inspection (CQC, council or NHS; full, focused or validation; the result on that body's scale)",
    params: locationParamsSchema,
    body: inspectionRecordSchema,
    response: inspectionReplySchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.recordInspection(principal, params.locationId, body),
  }),

  route({
    method: 'post',
    path: `${LOCATIONS}/:locationId/statements`,
    tag,
    role: 'editor',
    summary:
      'Record a six-monthly assurance statement, or update the one due that day (received, declared rating, falsified)',
    params: locationParamsSchema,
    body: statementInputSchema,
    response: statementReplySchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.recordStatement(principal, params.locationId, body),
  }),

  route({
    method: 'post',
    path: `${LOCATIONS}/:locationId/plans`,
    tag,
    role: 'editor',
    status: 201,
    summary: 'Open an improvement plan with its deadline',
    params: locationParamsSchema,
    body: planInputSchema,
    response: planReplySchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.recordPlan(principal, params.locationId, body),
  }),

  route({
    method: 'put',
    path: `${LOCATIONS}/:locationId/plans/:planId`,
    tag,
    role: 'editor',
    summary: 'Update an improvement plan: validated or failed, and when',
    params: planParamsSchema,
    body: planInputSchema,
    response: planReplySchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.recordPlan(principal, params.locationId, body, params.planId),
  }),

  route({
    method: 'get',
    path: `${PROVIDERS}/:providerId/escalation`,
    tag,
    role: 'viewer',
    summary: "A provider's escalation steps, proposed and decided, in date order",
    params: providerParamsSchema,
    response: z.object({ items: z.array(escalationStepSchema) }),
    handler: async ({ ctx, principal, params }) => ({
      items: await ctx.providers.listEscalation(principal.organisationId, params.providerId),
    }),
  }),

  route({
    method: 'post',
    path: `${PROVIDERS}/:providerId/escalation`,
    tag,
    role: 'editor',
    status: 201,
    summary:
      'Propose an escalation step (Requirement to Improve, Contract Suspension, 90 Day Final Notice, Terminate Contract, or closed); it takes effect once another approver approves it',
    params: providerParamsSchema,
    body: escalationProposalSchema,
    response: escalationStepSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.proposeEscalation(principal, params.providerId, body),
  }),

  route({
    method: 'post',
    path: '/api/v1/escalation-steps/:stepId/decision',
    tag,
    role: 'approver',
    summary: 'Approve or reject an escalation step (not your own proposal: 403)',
    params: stepParamsSchema,
    body: decisionSchema,
    response: escalationStepSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.providers.decideEscalation(principal, params.stepId, body.decision, body.note),
  }),

  route({
    method: 'get',
    path: '/api/v1/standing/:ref',
    tag,
    role: 'viewer',
    summary:
      "A provider's or location's standing on a date: rating with reasons, the Bronze price, suspension, escalation stage (ref: provider or location id, or a CQC ID)",
    params: standingParamsSchema,
    query: standingQuerySchema,
    response: standingReplySchema,
    handler: ({ ctx, principal, params, query }) =>
      ctx.providers.standingAsOf(
        principal.organisationId,
        params.ref,
        query.asOf ?? todayInEngland(),
      ),
  }),

  route({
    method: 'post',
    path: '/api/v1/cqc-imports',
    tag,
    role: 'editor',
    summary:
      'Import CQC ratings from a file the CQC publishes (Latest ratings, or the Care directory), sent as the request body: .xlsx or .csv (save an .ods as one of these). All or nothing; the same file twice changes nothing',
    query: cqcImportQuerySchema,
    response: cqcImportReportSchema,
    handler: async ({ ctx, principal, query, req, res }) => {
      const data = await readUpload(req);
      const { layout, ratings } = await cqcRatingsFromFile(data, query.filename);
      // A client that gives up cancels the import: the transaction rolls back.
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableEnded) abort.abort();
      });
      const report = await importCqcRatings(ctx.db, ctx.audit, ctx.providers, principal, ratings, {
        register: query.register === 'true',
        signal: abort.signal,
      });
      return { layout, ...report };
    },
  }),
];
