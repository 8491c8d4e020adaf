/**
 * Enrolment routes: admins manage frameworks; editors record applications and evidence;
 * approvers decide evidence and the enrolment's state (never on their own entries); viewers
 * read, including the expiring-evidence report.
 */
import { z } from 'zod';
import { route, type AnyRoute } from '../platform/routeTable';
import {
  DEFAULT_ENROLMENT_CRITERIA,
  criterionSchema,
  enrolmentDecisionSchema,
  enrolmentEvidenceInputSchema,
  enrolmentEvidenceSchema,
  enrolmentFrameworkInputSchema,
  enrolmentFrameworkSchema,
  enrolmentFrameworkUpdateSchema,
  enrolmentInputSchema,
  enrolmentListQuerySchema,
  enrolmentParamsSchema,
  enrolmentRecordSchema,
  enrolmentSummarySchema,
  evidenceDecisionSchema,
  evidenceParamsSchema,
  expiringEvidenceReportSchema,
  expiringQuerySchema,
  frameworkParamsSchema,
} from '../../../shared/src/contract/providersEnrolment';

const tag = 'enrolment';
const FRAMEWORKS = '/api/v1/enrolment-frameworks';
const ENROLMENTS = '/api/v1/enrolments';

export const enrolmentRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: FRAMEWORKS,
    tag,
    role: 'viewer',
    summary: "The organisation's enrolment frameworks, each a checklist of entry criteria",
    response: z.object({ items: z.array(enrolmentFrameworkSchema) }),
    handler: async ({ ctx, principal }) => ({
      items: await ctx.enrolment.listFrameworks(principal.organisationId),
    }),
  }),

  route({
    method: 'get',
    path: `${FRAMEWORKS}/template`,
    tag,
    role: 'viewer',
    summary:
      'The default checklist a new framework starts from: company details, key supplier information, economic and financial standing, grounds for mandatory exclusion, insurance (which expires)',
    response: z.object({ criteria: z.array(criterionSchema) }),
    handler: () => ({ criteria: [...DEFAULT_ENROLMENT_CRITERIA] }),
  }),

  route({
    method: 'post',
    path: FRAMEWORKS,
    tag,
    role: 'admin',
    status: 201,
    summary: 'Create a framework (criteria: the default checklist when not given)',
    body: enrolmentFrameworkInputSchema,
    response: enrolmentFrameworkSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const f = await ctx.enrolment.createFramework(principal, body);
      res.location(`${FRAMEWORKS}/${f.id}`);
      return f;
    },
  }),

  route({
    method: 'get',
    path: `${FRAMEWORKS}/:frameworkId`,
    tag,
    role: 'viewer',
    summary: 'A framework and its criteria',
    params: frameworkParamsSchema,
    response: enrolmentFrameworkSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.enrolment.getFramework(principal.organisationId, params.frameworkId),
  }),

  route({
    method: 'put',
    path: `${FRAMEWORKS}/:frameworkId`,
    tag,
    role: 'admin',
    summary:
      "Change a framework's name or criteria (version: the one you read; 409 if it moved on)",
    params: frameworkParamsSchema,
    body: enrolmentFrameworkUpdateSchema,
    response: enrolmentFrameworkSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.enrolment.updateFramework(principal, params.frameworkId, body),
  }),

  route({
    method: 'get',
    path: ENROLMENTS,
    tag,
    role: 'viewer',
    summary: 'Enrolments, by provider and state',
    query: enrolmentListQuerySchema,
    response: z.object({ items: z.array(enrolmentSummarySchema) }),
    handler: async ({ ctx, principal, query }) => ({
      items: await ctx.enrolment.listEnrolments(principal.organisationId, query),
    }),
  }),

  route({
    method: 'post',
    path: ENROLMENTS,
    tag,
    role: 'editor',
    status: 201,
    summary: "Record a provider's application to a framework (state: applied)",
    body: enrolmentInputSchema,
    response: enrolmentRecordSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const e = await ctx.enrolment.apply(principal, body);
      res.location(`${ENROLMENTS}/${e.id}`);
      return e;
    },
  }),

  route({
    method: 'get',
    path: `${ENROLMENTS}/:enrolmentId`,
    tag,
    role: 'viewer',
    summary:
      'An enrolment: its checklist (each criterion with its evidence and status today) and every decision',
    params: enrolmentParamsSchema,
    response: enrolmentRecordSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.enrolment.getEnrolment(principal.organisationId, params.enrolmentId),
  }),

  route({
    method: 'post',
    path: `${ENROLMENTS}/:enrolmentId/evidence`,
    tag,
    role: 'editor',
    status: 201,
    summary:
      'Record evidence for one criterion (with its expiry where the criterion expires, e.g. insurance); it awaits an approver',
    params: enrolmentParamsSchema,
    body: enrolmentEvidenceInputSchema,
    response: enrolmentEvidenceSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.enrolment.recordEvidence(principal, params.enrolmentId, body),
  }),

  route({
    method: 'post',
    path: '/api/v1/enrolment-evidence/:evidenceId/decision',
    tag,
    role: 'approver',
    summary: 'Decide an item of evidence: met or not met (not evidence you recorded: 403)',
    params: evidenceParamsSchema,
    body: evidenceDecisionSchema,
    response: enrolmentEvidenceSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.enrolment.decideEvidence(principal, params.evidenceId, body.decision, body.note),
  }),

  route({
    method: 'post',
    path: `${ENROLMENTS}/:enrolmentId/decision`,
    tag,
    role: 'approver',
    summary:
      'Move an enrolment on: accredited (every criterion met and in date), suspended or excluded, from a date; suspended and excluded providers get no new packages (not an application you recorded: 403)',
    params: enrolmentParamsSchema,
    body: enrolmentDecisionSchema,
    response: enrolmentRecordSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.enrolment.decide(principal, params.enrolmentId, body),
  }),

  route({
    method: 'get',
    path: '/api/v1/reports/expiring-evidence',
    tag,
    role: 'viewer',
    summary:
      'Enrolment evidence expiring within `within` days (default 60) or already expired, soonest first; only the latest item per criterion counts',
    query: expiringQuerySchema,
    response: expiringEvidenceReportSchema,
    handler: ({ ctx, principal, query }) =>
      ctx.enrolment.expiringEvidence(principal.organisationId, query),
  }),
];
