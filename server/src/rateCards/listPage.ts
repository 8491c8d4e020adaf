/**
 * The rate-card list's cursor: the last version of the page before, opaque to clients
 * (base64url of "id@version"). The page sizes are in the contract (LIST_PAGE_DEFAULT, _MAX).
 */
import { HttpError } from '../platform/http/errors';
import type { CardVersionRef } from '../calculation/service';

export const encodeCursor = (at: CardVersionRef) =>
  Buffer.from(`${at.id}@${at.version}`).toString('base64url');

/** The position a cursor names, or 400 on query.cursor. */
export function decodeCursor(cursor: string): CardVersionRef {
  const m = /^([a-z0-9][a-z0-9-]{0,63})@([1-9][0-9]{0,6})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  if (!m)
    throw new HttpError(400, 'INVALID_INPUT', 'cursor: is not a cursor this list gave out', [
      'query',
      'cursor',
    ]);
  return { id: m[1]!, version: Number(m[2]) };
}
