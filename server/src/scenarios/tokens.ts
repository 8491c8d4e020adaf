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

/** A share link's token as pasted: 43 token characters, then perhaps the sentence's "." or ")". */
export function shareTokenFromPasted(pasted: string): string | null {
  const m = /^([A-Za-z0-9_-]{43})[^A-Za-z0-9_-]*$/.exec(pasted);
  return m ? m[1]! : null;
}

/**
 * A response's reference: 8 characters from an alphabet without look-alikes (no 0/O, 1/I), so
 * it can be read over the phone. 32 symbols: one byte's low 5 bits pick one, evenly.
 */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REFERENCE_LENGTH = 8;

export function newReference(): string {
  return [...randomBytes(REFERENCE_LENGTH)].map((b) => REFERENCE_ALPHABET[b & 31]).join('');
}
