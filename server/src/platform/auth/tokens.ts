/**
 * API tokens: 32 random bytes, base64url. The token is shown once; only its SHA-256 is
 * stored, so a copy of the database does not let anyone in.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cf_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
