/**
 * Quality monitoring routes (Nottingham, seed 004): admins manage frameworks (the shipped
 * EXAMPLE one can be copied in and edited); editors record visits and action plans; viewers read.
 */
import { z } from 'zod';
import { route, type AnyRoute } from '../platform/routeTable';
import { EXAMPLE_FRAMEWORK, describeOutcomeRule } from '../../../shared/src/monitoring';
import { locationParamsSchema } from '../../../shared/src/contract/providers';
import {
  actionPlanInputSchema,
  actionPlanListQuerySchema,
  actionPlanParamsSchema,
  actionPlanRecordSchema,
  actionPlanUpdateSchema,
  monitoringFrameworkInputSchema,
  monitoringFrameworkParamsSchema,
  monitoringFrameworkSchema,
  monitoringFrameworkUpdateSchema,
  visitInputSchema,
  visitParamsSchema,
  visitRecordSchema,
} from '../../../shared/src/contract/providersMonitoring';

const tag = 'monitoring';
const FRAMEWORKS = '/api/v1/monitoring-frameworks';
const LOCATIONS = '/api/v1/locations';

export const monitoringRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: FRAMEWORKS,
    tag,
    role: 'viewer',
    summary: "The organisation's monitoring frameworks (examples last)",
    response: z.object({ items: z.array(monitoringFrameworkSchema) }),
    handler: async ({ ctx, principal }) => ({
      items: await ctx.monitoring.listFrameworks(principal.organisationId),
    }),
  }),

  route({
    method: 'get',
    path: `${FRAMEWORKS}/example`,
    tag,
    role: 'viewer',
    summary:
      'The shipped EXAMPLE framework: placeholder indicators to edit, not an official list (not stored)',
    response: monitoringFrameworkSchema.omit({ id: true, version: true }),
    handler: () => ({
      ...EXAMPLE_FRAMEWORK,
      example: true,
      outcomeRuleText: describeOutcomeRule(EXAMPLE_FRAMEWORK.outcomeRule),
    }),
  }),

  route({
    method: 'post',
    path: `${FRAMEWORKS}/example`,
    tag,
    role: 'admin',
    status: 201,
    summary: 'Copy the EXAMPLE framework into the organisation (marked as an example) to edit',
    response: monitoringFrameworkSchema,
    handler: async ({ ctx, principal, res }) => {
      const f = await ctx.monitoring.copyExample(principal);
      res.location(`${FRAMEWORKS}/${f.id}`);
      return f;
    },
  }),

  route({
    method: 'post',
    path: FRAMEWORKS,
    tag,
    role: 'admin',
    status: 201,
    summary: 'Define a framework: grouped indicators with guidance, and the visit outcome rule',
    body: monitoringFrameworkInputSchema,
    response: monitoringFrameworkSchema,
    handler: async ({ ctx, principal, body, res }) => {
      const f = await ctx.monitoring.createFramework(principal, body);
      res.location(`${FRAMEWORKS}/${f.id}`);
      return f;
    },
  }),

  route({
    method: 'get',
    path: `${FRAMEWORKS}/:frameworkId`,
    tag,
    role: 'viewer',
    summary: 'A framework, its indicators and its outcome rule (in words too)',
    params: monitoringFrameworkParamsSchema,
    response: monitoringFrameworkSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.monitoring.getFramework(principal.organisationId, params.frameworkId),
  }),

  route({
    method: 'put',
    path: `${FRAMEWORKS}/:frameworkId`,
    tag,
    role: 'admin',
    summary:
      'Change a framework (version: the one you read; 409 if it moved on); past visits keep the outcome they were given',
    params: monitoringFrameworkParamsSchema,
    body: monitoringFrameworkUpdateSchema,
    response: monitoringFrameworkSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.monitoring.updateFramework(principal, params.frameworkId, body),
  }),

  route({
    method: 'get',
    path: `${LOCATIONS}/:locationId/visits`,
    tag,
    role: 'viewer',
    summary: "A location's monitoring visits, newest first",
    params: locationParamsSchema,
    response: z.object({ items: z.array(visitRecordSchema) }),
    handler: async ({ ctx, principal, params }) => ({
      items: await ctx.monitoring.listVisits(principal.organisationId, params.locationId),
    }),
  }),

  route({
    method: 'post',
    path: `${LOCATIONS}/:locationId/visits`,
    tag,
    role: 'editor',
    status: 201,
    summary:
      "Record a monitoring visit scoring every indicator Red, Amber or Green with notes; the outcome follows from the framework's rule (the council visits residential homes, the NHS nursing homes)",
    params: locationParamsSchema,
    body: visitInputSchema,
    response: visitRecordSchema,
    handler: async ({ ctx, principal, params, body, res }) => {
      const v = await ctx.monitoring.recordVisit(principal, params.locationId, body);
      res.location(`/api/v1/monitoring-visits/${v.id}`);
      return v;
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/monitoring-visits/:visitId',
    tag,
    role: 'viewer',
    summary: 'A monitoring visit with its scores and outcome',
    params: visitParamsSchema,
    response: visitRecordSchema,
    handler: ({ ctx, principal, params }) =>
      ctx.monitoring.getVisit(principal.organisationId, params.visitId),
  }),

  route({
    method: 'get',
    path: `${LOCATIONS}/:locationId/action-plans`,
    tag,
    role: 'viewer',
    summary: "A location's action plans, soonest due first",
    params: locationParamsSchema,
    query: actionPlanListQuerySchema,
    response: z.object({ items: z.array(actionPlanRecordSchema) }),
    handler: async ({ ctx, principal, params, query }) => ({
      items: await ctx.monitoring.listActions(principal.organisationId, {
        locationId: params.locationId,
        ...query,
        overdue: query.overdue === 'true',
      }),
    }),
  }),

  route({
    method: 'post',
    path: `${LOCATIONS}/:locationId/action-plans`,
    tag,
    role: 'editor',
    status: 201,
    summary:
      'Add an action to a location’s action plan, with its due date (and the visit it follows)',
    params: locationParamsSchema,
    body: actionPlanInputSchema,
    response: actionPlanRecordSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.monitoring.addAction(principal, params.locationId, body),
  }),

  route({
    method: 'get',
    path: '/api/v1/action-plans',
    tag,
    role: 'viewer',
    summary: "Action plans across the organisation's homes (overdue=true: open and past due)",
    query: actionPlanListQuerySchema,
    response: z.object({ items: z.array(actionPlanRecordSchema) }),
    handler: async ({ ctx, principal, query }) => ({
      items: await ctx.monitoring.listActions(principal.organisationId, {
        ...query,
        overdue: query.overdue === 'true',
      }),
    }),
  }),

  route({
    method: 'put',
    path: '/api/v1/action-plans/:actionPlanId',
    tag,
    role: 'editor',
    summary:
      'Update an action: open, done (with the day) or cancelled; move its due date (version: the one you read)',
    params: actionPlanParamsSchema,
    body: actionPlanUpdateSchema,
    response: actionPlanRecordSchema,
    handler: ({ ctx, principal, params, body }) =>
      ctx.monitoring.updateAction(principal, params.actionPlanId, body),
  }),
];
