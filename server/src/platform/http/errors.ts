/**
 * The one place errors become HTTP: repositories and the engine throw CareFeeError (a domain
 * code), the HTTP machinery HttpError (401, 429, 413…), validation zod errors; this
 * middleware answers `{ error: { code, message, path } }`.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CareFeeError, invalid, notFound, type ErrorPath } from '../../../../shared/src/errors';
import { zodToCareFeeError } from '../../../../shared/src/rateCard';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: ErrorPath = [],
  ) {
    super(message);
  }
}

/**
 * The domain's errors under the names server code has used (care packages and providers'
 * modules still import them from here): each is a CareFeeError, mapped below.
 */
export { conflict, forbidden } from '../../../../shared/src/errors';
export const badRequest = invalid;
export const notFoundError = notFound;

export interface ErrorBody {
  error: { code: string; message: string; path: Array<string | number> };
}

const body = (code: string, message: string, path: ErrorPath = []): ErrorBody => ({
  error: { code, message, path: [...path] },
});

/** Parse value with schema or throw a 400 naming the field (prefixed by where it came from: body, query…). */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  pathPrefix: ErrorPath = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToCareFeeError(result.error, pathPrefix);
  return result.data;
}

/**
 * Domain errors: INVALID_INPUT is the caller's data (400); NOT_FOUND a named thing that does
 * not exist (404); NOT_ALLOWED a well-formed request the policy refuses (422); CONFLICT a
 * change the record's state refuses (409); FORBIDDEN this caller on this record (403).
 */
function statusOfCareFeeError(e: CareFeeError): number {
  switch (e.code) {
    case 'INVALID_INPUT':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'NOT_ALLOWED':
      return 422;
    case 'CONFLICT':
      return 409;
    case 'FORBIDDEN':
      return 403;
  }
}

interface BodyParserError {
  type?: string;
  limit?: number;
  status?: number;
  expose?: boolean;
}

export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } | null {
  if (err instanceof HttpError)
    return { status: err.status, body: body(err.code, err.message, err.path) };
  if (err instanceof CareFeeError)
    return {
      status: statusOfCareFeeError(err),
      body: body(err.reason ?? err.code, err.message, err.path),
    };
  if (err instanceof z.ZodError) {
    const e = zodToCareFeeError(err);
    return { status: 400, body: body(e.code, e.message, e.path) };
  }
  const bp = err as BodyParserError;
  if (bp && typeof bp === 'object' && typeof bp.type === 'string') {
    if (bp.type === 'entity.parse.failed')
      return { status: 400, body: body('INVALID_JSON', 'the request body is not valid JSON') };
    if (bp.type === 'entity.too.large') {
      const limit =
        typeof bp.limit === 'number'
          ? ` (the limit is ${bp.limit.toLocaleString('en-GB')} bytes)`
          : '';
      return { status: 413, body: body('TOO_LARGE', `the request body is too large${limit}`) };
    }
    if (bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported') {
      return {
        status: 415,
        body: body('UNSUPPORTED_ENCODING', 'the request body encoding is not supported'),
      };
    }
  }
  // Other client errors raised by Express's own parts (static files: 404, bad ranges: 416).
  if (
    bp &&
    typeof bp === 'object' &&
    typeof bp.status === 'number' &&
    bp.status >= 400 &&
    bp.status < 500
  ) {
    const code = bp.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return {
      status: bp.status,
      body: body(code, bp.status === 404 ? 'not found' : 'the request could not be served'),
    };
  }
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const mapped = toErrorResponse(err);
    if (mapped) {
      if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="carefee"');
      res.status(mapped.status).json(mapped.body);
      return;
    }
    (req.log ?? logger).error({ err }, 'unhandled error');
    res
      .status(500)
      .json(
        body('INTERNAL', 'something went wrong on our side; the request id is in x-request-id'),
      );
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`));
};
