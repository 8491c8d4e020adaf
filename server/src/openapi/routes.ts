/**
 * The routes not yet in the route table (platform/registry.ts: scenarios and share links),
 * described by hand for the OpenAPI document until they move there.
 * test/server/openapi.test.ts fails when a route is registered in the app but missing from the
 * document.
 */
import { z } from 'zod';
import { createLinkSchema, createScenarioSchema } from '../../../shared/src/contract/scenarios';
import { namedSchemas, type RouteDoc } from '../platform/openapi/document';

const scenarios = 'scenarios (market engagement)';
const share = 'share links (public)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A provider's own response as the share-link routes return it. */
const providerResponseCopy = z.object({
  reference: z.string().length(8),
  organisationName: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  cqcLocationId: z.string().nullable(),
  position: z.enum(['support', 'support-with-changes', 'oppose']),
  comments: z.array(
    z.object({ category: z.string().nullable(), band: z.string().nullable(), text: z.string() }),
  ),
  costEvidence: z.array(
    z.object({
      category: z.string().nullable(),
      band: z.string().nullable(),
      description: z.string(),
      amount: z.string(),
      unit: z.string(),
    }),
  ),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
namedSchemas.add(providerResponseCopy, { id: 'ProviderResponseCopy' });

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
    path: '/s/',
    tag: share,
    role: null,
    status: 404,
    summary: 'No token: a page saying to use the link that was sent (HTML), or the JSON error',
    contentType: 'text/html',
    negotiatedNotFound: true,
  },
  {
    method: 'get',
    path: '/s/:token',
    tag: share,
    role: null,
    summary:
      'The provider page for a share link (HTML). A token pasted with trailing punctuation ("…xyz." or "…xyz)") redirects (301) to the link itself',
    contentType: 'text/html',
    negotiatedNotFound: true,
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
      "An organisation's response while the consultation is open (fields checked against the scenario's rows). One per organisation: a second from the same organisation name is 409 ALREADY_RESPONDED. The reply carries the response's 8-character reference and its private change link, shown only now",
    body: z.record(z.string(), z.unknown()),
    response: z.object({
      response: providerResponseCopy,
      changeToken: z.string(),
      changeUrl: z.string(),
      note: z.string(),
    }),
  },
  {
    method: 'get',
    path: '/s/:token/response/:changeToken',
    tag: share,
    role: null,
    summary:
      "A response's private change link: the provider page showing the response, with a way to change it (HTML)",
    contentType: 'text/html',
    negotiatedNotFound: true,
  },
  {
    method: 'get',
    path: '/s/:token/responses/:changeToken',
    tag: share,
    role: null,
    summary: 'The response a change link opens, as last sent',
    response: z.object({ response: providerResponseCopy }),
  },
  {
    method: 'put',
    path: '/s/:token/responses/:changeToken',
    tag: share,
    role: null,
    summary:
      'Change the response while the consultation is open: it replaces the answers (same reference); the summary counts the organisation once, as last changed',
    body: z.record(z.string(), z.unknown()),
    response: z.object({ response: providerResponseCopy }),
  },
];

/** The routes not yet in the route table (platform/registry.ts). */
export const legacyRouteDocs: RouteDoc[] = [...scenarioRouteDocs];
