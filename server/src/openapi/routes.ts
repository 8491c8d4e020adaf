/**
 * Every route the service serves, described for the OpenAPI document. Routes whose modules
 * export their own descriptions (calculate, engine, indices) are taken from them; the rest
 * are described here from the schemas their modules export. test/server/openapi.test.ts
 * fails when a route is registered in the app but missing here.
 */
import { z } from 'zod';
import { rateCardSchema } from '../../../shared/src';
import { roleSchema } from '../platform/auth/roles';
import { calculateRouteDocs } from '../calculation/routes';
import { engineRouteDocs } from '../calculation/engineRoutes';
import { indicesRouteDocs } from '../indices/routes';
import { createLinkSchema, createScenarioSchema } from '../scenarios/schemas';
import { buildOpenApiDocument, namedSchemas, type RouteDoc } from '../platform/openapi/document';
import { cardDiffSchema } from '../calculation/engineResults';
import { listQuerySchema } from '../rateCards/listPage';

namedSchemas.add(rateCardSchema, { id: 'RateCard' });

const cardMetaSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  commissioner: z.string(),
  status: z.enum(['draft', 'submitted', 'approved', 'superseded', 'withdrawn']),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  supersededBy: z.number().int().nullable(),
  supersededAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  derivedFrom: z.number().int().nullable(),
});
namedSchemas.add(cardMetaSchema, { id: 'CardMeta' });
namedSchemas.add(cardDiffSchema, { id: 'CardDiff' });

const storedCardSchema = z.object({ card: rateCardSchema, meta: cardMetaSchema });
/** A draft as sent: a rate card without its version (the service numbers it). */
const draftSchema = rateCardSchema;

const cards = 'rate cards';
const admin = 'administration';
const service = 'service';

const coreRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: service,
    role: null,
    summary: 'Liveness',
    response: z.object({ status: z.string() }),
  },
  {
    method: 'get',
    path: '/readyz',
    tag: service,
    role: null,
    summary: 'Readiness: the database is reachable and every migration applied (503 otherwise)',
    response: z.object({ status: z.string() }),
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: service,
    role: null,
    summary: 'This document',
  },
  {
    method: 'get',
    path: '/api/v1/me',
    tag: service,
    role: 'any',
    summary: "The caller and their organisation: the task pane's connection test",
    response: z.object({
      user: z.object({ id: z.string(), name: z.string(), role: roleSchema }),
      organisation: z.object({ id: z.string(), name: z.string() }),
    }),
  },
  {
    method: 'get',
    path: '/api/v1/rate-cards',
    tag: cards,
    role: 'viewer',
    summary: "The versions of the organisation's card families, a page at a time",
    description:
      'By id then version. `limit` (default 100, at most 500) per page; `nextCursor`, when not null, ' +
      'is passed back as `cursor` for the next page.',
    query: listQuerySchema,
    response: z.object({ items: z.array(cardMetaSchema), nextCursor: z.string().nullable() }),
  },
  {
    method: 'post',
    path: '/api/v1/rate-cards',
    tag: cards,
    role: 'editor',
    status: 201,
    summary: 'Create a draft (the next version of the family its id names)',
    body: draftSchema,
    response: storedCardSchema,
  },
  {
    method: 'get',
    path: '/api/v1/rate-cards/:id/in-force',
    tag: cards,
    role: 'viewer',
    summary: 'The approved version in force on a date (with ETag)',
    query: z.object({ date: z.string().describe('YYYY-MM-DD') }),
    response: storedCardSchema,
  },
  {
    method: 'get',
    path: '/api/v1/rate-cards/:id/diff',
    tag: cards,
    role: 'viewer',
    summary:
      "The engine's diff between two versions: hotel and every care and CHC amount (old, new, £ and % change), other fields that changed, fee effects at each rating, and counts",
    query: z.object({ from: z.number().int().min(1), to: z.number().int().min(1) }),
    response: z.object({ from: cardMetaSchema, to: cardMetaSchema, diff: cardDiffSchema }),
  },
  {
    method: 'get',
    path: '/api/v1/rate-cards/:id/versions/:version',
    tag: cards,
    role: 'viewer',
    summary: 'One version (with ETag; approved versions never change)',
    response: storedCardSchema,
  },
  {
    method: 'get',
    path: '/api/v1/rate-cards/:id/versions/:version/schedule',
    tag: cards,
    role: 'viewer',
    summary: 'Every weekly fee of a version, by category, band and rating',
  },
  {
    method: 'put',
    path: '/api/v1/rate-cards/:id/versions/:version',
    tag: cards,
    role: 'editor',
    summary: "Replace a draft's content",
    body: draftSchema,
    response: storedCardSchema,
  },
  {
    method: 'post',
    path: '/api/v1/rate-cards/:id/versions/:version/submit',
    tag: cards,
    role: 'editor',
    summary: 'Draft → submitted',
    response: storedCardSchema,
  },
  {
    method: 'post',
    path: '/api/v1/rate-cards/:id/versions/:version/approve',
    tag: cards,
    role: 'approver',
    summary:
      'Submitted → approved, by an approver who neither wrote nor last edited it; supersedes earlier overlapping versions',
    response: storedCardSchema,
  },
  {
    method: 'post',
    path: '/api/v1/rate-cards/:id/versions/:version/withdraw',
    tag: cards,
    role: 'approver',
    summary: 'Withdraw a version',
    body: z.object({ reason: z.string().max(2000).optional() }).strict(),
    response: storedCardSchema,
  },
  {
    method: 'post',
    path: '/api/v1/rate-cards/:id/versions/:version/uplift',
    tag: cards,
    role: 'editor',
    status: 201,
    summary: 'Annual price review: a new draft from an approved version, with the lines it changed',
    body: z
      .object({
        reviewYear: z.number().int(),
        cpihChange: z.union([z.string(), z.number()]),
        nlwChange: z.union([z.string(), z.number()]),
        localWageChange: z.union([z.string(), z.number()]).nullable().optional(),
      })
      .strict(),
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    tag: admin,
    role: 'admin',
    summary: "The organisation's audit log, newest first",
    query: z.object({
      entityType: z.string().optional(),
      entityId: z.string().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      before: z.number().int().min(1).optional(),
    }),
  },
  {
    method: 'get',
    path: '/api/v1/users',
    tag: admin,
    role: 'admin',
    summary: "The organisation's users",
  },
  {
    method: 'post',
    path: '/api/v1/users',
    tag: admin,
    role: 'admin',
    status: 201,
    summary: 'Add a user',
    body: z.object({ name: z.string().min(1).max(200), role: roleSchema }).strict(),
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    tag: admin,
    role: 'admin',
    summary: "The organisation's API tokens (never the tokens themselves)",
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    tag: admin,
    role: 'admin',
    status: 201,
    summary: 'Make an API token for a user; the token is in this response and nowhere else',
    body: z
      .object({ userId: z.string().min(1).max(100), label: z.string().max(200).optional() })
      .strict(),
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/:tokenId',
    tag: admin,
    role: 'admin',
    status: 204,
    summary: 'Revoke a token',
  },
];

const scenarios = 'scenarios (market engagement)';
const share = 'share links (public)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const scenarioRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/scenarios',
    tag: scenarios,
    role: 'editor',
    status: 201,
    summary:
      'Create a scenario: an approved base card against a draft version or a price review, open for a window',
    body: createScenarioSchema,
  },
  {
    method: 'get',
    path: '/api/v1/scenarios',
    tag: scenarios,
    role: 'viewer',
    summary: "The organisation's scenarios",
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id',
    tag: scenarios,
    role: 'viewer',
    summary: 'One scenario',
  },
  {
    method: 'post',
    path: '/api/v1/scenarios/:id/links',
    tag: scenarios,
    role: 'editor',
    status: 201,
    summary: 'Make a share link for providers; the link is in this response only',
    body: createLinkSchema,
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id/links',
    tag: scenarios,
    role: 'viewer',
    summary: "A scenario's share links (labels, expiry, views)",
  },
  {
    method: 'delete',
    path: '/api/v1/scenarios/:id/links/:linkId',
    tag: scenarios,
    role: 'editor',
    summary: 'Revoke a share link',
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id/responses',
    tag: scenarios,
    role: 'viewer',
    summary: "Providers' responses",
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id/responses/summary',
    tag: scenarios,
    role: 'viewer',
    summary: 'A summary of the responses',
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id/responses/export.csv',
    tag: scenarios,
    role: 'viewer',
    summary: 'Responses as CSV',
    contentType: 'text/csv',
  },
  {
    method: 'get',
    path: '/api/v1/scenarios/:id/responses/export.xlsx',
    tag: scenarios,
    role: 'viewer',
    summary: 'Responses as an Excel workbook',
    contentType: XLSX,
  },
  {
    method: 'get',
    path: '/s/:token',
    tag: share,
    role: null,
    summary: 'The provider page for a share link (HTML)',
    contentType: 'text/html',
  },
  {
    method: 'get',
    path: '/s/:token/data',
    tag: share,
    role: null,
    summary: 'Current against proposed rates, with plain-English assumptions',
  },
  {
    method: 'get',
    path: '/s/:token/export.csv',
    tag: share,
    role: null,
    summary: 'The rates as CSV',
    contentType: 'text/csv',
  },
  {
    method: 'get',
    path: '/s/:token/export.xlsx',
    tag: share,
    role: null,
    summary: 'The rates as an Excel workbook',
    contentType: XLSX,
  },
  {
    method: 'post',
    path: '/s/:token/responses',
    tag: share,
    role: null,
    status: 201,
    summary:
      "A provider's response while the consultation is open (fields checked against the scenario's rows)",
    body: z.record(z.string(), z.unknown()),
    response: z.object({ id: z.string(), submittedAt: z.string() }),
  },
];

export const allRouteDocs: RouteDoc[] = [
  ...coreRouteDocs,
  ...calculateRouteDocs,
  ...engineRouteDocs,
  ...indicesRouteDocs,
  ...scenarioRouteDocs,
];

let cached: Record<string, unknown> | undefined;

/** The document, built once per process. */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(allRouteDocs, {
    title: 'carefee rate-card service',
    version: '1',
  });
  return cached;
}
