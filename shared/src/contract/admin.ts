/**
 * Who is calling (GET /me) and the administration of an organisation: its audit log, users and
 * API tokens.
 */
import { z } from 'zod';
import { itemsOf, roleSchema } from './common';

/** The pane's connection test: who am I, for which organisation. */
export const meResponseSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), role: roleSchema }),
  organisation: z.object({ id: z.string(), name: z.string() }),
});
export type Me = z.output<typeof meResponseSchema>;

export const auditQuerySchema = z.object({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** An audit record id: only older records (to page back). */
  before: z.coerce.number().int().min(1).optional(),
});
export const auditRecordSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  organisationId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export const auditListResponseSchema = itemsOf(auditRecordSchema);

export const createUserRequestSchema = z
  .object({ name: z.string().trim().min(1).max(200), role: roleSchema })
  .strict();
export const userSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  role: roleSchema,
});
export const userListResponseSchema = itemsOf(userSchema);

export const createTokenRequestSchema = z
  .object({ userId: z.string().min(1).max(100), label: z.string().max(200).optional() })
  .strict();
/** The token is in this answer and nowhere else, ever. */
export const createdTokenResponseSchema = z.object({
  id: z.string(),
  token: z.string(),
  userId: z.string(),
  label: z.string(),
});
export const tokenInfoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const tokenListResponseSchema = itemsOf(tokenInfoSchema);
export const tokenParamsSchema = z.object({ tokenId: z.string().min(1).max(100) });
