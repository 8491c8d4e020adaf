/**
 * Share-link tokens. A token is 32 random bytes (256 bits) in base64url: unguessable, so the
 * link itself is the credential. Only its SHA-256 is stored, so a copy of the database does not
 * hand out working links; the token is shown once, when the link is made.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_BYTES = 32;

export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database: 43 base64url characters. */
export function looksLikeShareToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
