import type { RequestHandler } from 'express';
import type { SharedCounter } from '../limits/sharedCounter';
import type { Authenticator } from './authenticator';
import { hasRole, type Role } from './roles';
import { HttpError } from '../http/errors';

/** Identify the caller if credentials were sent; never rejects by itself (public routes stay public). */
export function authenticate(authenticators: Authenticator[]): RequestHandler {
  return async (req, _res, next) => {
    for (const a of authenticators) {
      const { offered, principal } = await a.authenticate(req);
      if (principal) {
        req.principal = principal;
        return next();
      }
      if (offered) req.authFailed = true;
    }
    next();
  };
}

/** 401 without a valid credential, 403 when the caller's role is below minRole. */
export function requireRole(minRole: Role): RequestHandler {
  return (req, _res, next) => {
    const p = req.principal;
    if (!p) {
      const message = req.authFailed
        ? 'the token is not valid (revoked, mistyped or unknown)'
        : 'send Authorization: Bearer <token>';
      return next(new HttpError(401, 'UNAUTHENTICATED', message));
    }
    if (!hasRole(p.role, minRole)) {
      return next(
        new HttpError(403, 'FORBIDDEN', `this needs the ${minRole} role; you are ${p.role}`),
      );
    }
    next();
  };
}

/**
 * Slow down token guessing without locking anyone else out. Runs after `authenticate`:
 * - a valid credential always passes, whatever the address has sent before;
 * - a credential that was offered and refused counts one failure for the client's address, once
 *   it is known to have failed (finished, never in flight), in the database, so every instance
 *   counts against the same limit; past `limit` in the window it is answered 429, not 401.
 */
export function authFailureLimiter(failures: SharedCounter, limit: number): RequestHandler {
  return async (req, res, next) => {
    if (!req.authFailed || req.principal) return next();
    const { hits, resetTime } = await failures.hit(req.ip ?? 'unknown');
    if (hits <= limit) return next();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((+resetTime - Date.now()) / 1000))));
    next(
      new HttpError(
        429,
        'TOO_MANY_FAILURES',
        'too many failed sign-ins from this address; wait and try again',
      ),
    );
  };
}
