/** Who is calling, and administration within the caller's organisation: the audit log, users and API tokens. */
import { z } from 'zod';
import { route, type AnyRoute } from '../platform/routeTable';
import { actorOf } from '../platform/auth/organisations';
import { notFoundError } from '../platform/http/errors';
import {
  auditListResponseSchema,
  auditQuerySchema,
  createTokenRequestSchema,
  createUserRequestSchema,
  createdTokenResponseSchema,
  meResponseSchema,
  tokenListResponseSchema,
  tokenParamsSchema,
  userListResponseSchema,
  userSchema,
} from '../../../shared/src/contract/admin';

const tag = 'administration';

export const adminRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/v1/me',
    tag: 'service',
    role: 'viewer',
    summary: "The caller and their organisation: the task pane's connection test",
    response: meResponseSchema,
    handler: ({ principal: p }) => ({
      user: { id: p.userId, name: p.name, role: p.role },
      organisation: { id: p.organisationId, name: p.organisationName },
    }),
  }),

  route({
    method: 'get',
    path: '/api/v1/audit',
    tag,
    role: 'admin',
    summary: "The organisation's audit log, newest first",
    query: auditQuerySchema,
    response: auditListResponseSchema,
    handler: async ({ ctx, principal, query }) => ({
      items: await ctx.audit.list(principal.organisationId, { ...query, beforeId: query.before }),
    }),
  }),

  route({
    method: 'get',
    path: '/api/v1/users',
    tag,
    role: 'admin',
    summary: "The organisation's users",
    response: userListResponseSchema,
    handler: async ({ ctx, principal }) => ({
      items: await ctx.orgs.listUsers(principal.organisationId),
    }),
  }),

  route({
    method: 'post',
    path: '/api/v1/users',
    tag,
    role: 'admin',
    status: 201,
    summary: 'Add a user',
    body: createUserRequestSchema,
    response: userSchema,
    handler: ({ ctx, principal: p, body }) =>
      ctx.orgs.createUser(actorOf(p), p.organisationId, body.name, body.role),
  }),

  route({
    method: 'get',
    path: '/api/v1/tokens',
    tag,
    role: 'admin',
    summary: "The organisation's API tokens (never the tokens themselves)",
    response: tokenListResponseSchema,
    handler: async ({ ctx, principal }) => ({
      items: await ctx.orgs.listTokens(principal.organisationId),
    }),
  }),

  route({
    method: 'post',
    path: '/api/v1/tokens',
    tag,
    role: 'admin',
    status: 201,
    summary: 'Make an API token for a user; the token is in this response and nowhere else',
    body: createTokenRequestSchema,
    response: createdTokenResponseSchema,
    handler: async ({ ctx, principal: p, body: { userId, label } }) => {
      const user = await ctx.orgs.findUser(p.organisationId, userId);
      if (!user) throw notFoundError(`no user ${userId} in your organisation`, ['body', 'userId']);
      const created = await ctx.orgs.createToken(actorOf(p), user.id, label ?? '');
      return { ...created, userId: user.id, label: label ?? '' };
    },
  }),

  route({
    method: 'delete',
    path: '/api/v1/tokens/:tokenId',
    tag,
    role: 'admin',
    status: 204,
    summary: 'Revoke a token',
    params: tokenParamsSchema,
    response: z.undefined(),
    handler: async ({ ctx, principal: p, params }) => {
      await ctx.orgs.revokeToken(actorOf(p), params.tokenId, p.organisationId);
    },
  }),
];
