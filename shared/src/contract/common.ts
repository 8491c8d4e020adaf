/**
 * What every route shares: the caller's role, the error body, and the names the OpenAPI
 * document gives the schemas that appear in many routes.
 */
import { z } from 'zod';

/** Roles, each including everything below it: viewer < editor < approver < admin. */
export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Every error the service answers: `{ error: { code, message, path } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().meta({
      examples: ['INVALID_INPUT', 'NOT_FOUND', 'NOT_ALLOWED', 'UNAUTHENTICATED', 'FORBIDDEN'],
    }),
    message: z.string(),
    /** The field at fault, prefixed by where it came from: params, query or body. */
    path: z.array(z.union([z.string(), z.number().int()])),
  }),
  /** An uploaded file's every problem, where it has several (an import of placements). */
  errors: z
    .array(z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() }))
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `{ items: T[] }`: how every list is answered. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
