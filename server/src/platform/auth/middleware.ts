import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
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

/** Slow down token guessing: only failed authentications (401s) count, per client IP. */
export function authFailureLimiter(limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, _res, next) => {
      next(
        new HttpError(
          429,
          'TOO_MANY_FAILURES',
          'too many failed sign-ins from this address; wait and try again',
        ),
      );
    },
  });
}
