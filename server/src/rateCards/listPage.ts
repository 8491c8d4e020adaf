/**
 * The rate-card list's paging: a page size (default and most) and an opaque cursor, the last
 * version of the page before. Kept apart from the routes so the OpenAPI document can import it.
 */
import { z } from 'zod';

/** The rate-card list's page size: by default, and the most a client may ask for. */
export const LIST_PAGE_DEFAULT = 100;
export const LIST_PAGE_MAX = 500;

/** A list cursor: the last version of the page before, opaque to clients. */
export const encodeCursor = (at: { id: string; version: number }) =>
  Buffer.from(`${at.id}@${at.version}`).toString('base64url');
const cursorSchema = z
  .string()
  .max(120)
  .transform((text, zctx) => {
    const m = /^([a-z0-9][a-z0-9-]{0,63})@([1-9][0-9]{0,6})$/.exec(
      Buffer.from(text, 'base64url').toString(),
    );
    if (!m) {
      zctx.addIssue({ code: 'custom', message: 'is not a cursor this list gave out' });
      return z.NEVER;
    }
    return { id: m[1]!, version: Number(m[2]) };
  });
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(LIST_PAGE_MAX).default(LIST_PAGE_DEFAULT),
  cursor: cursorSchema.optional(),
});
