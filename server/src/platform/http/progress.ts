/**
 * Long requests (imports, an annual review of every agreement) that users wait on: a client
 * sending `Accept: application/x-ndjson` gets a stream of progress lines as the work goes,
 * then one line with the outcome; any other client gets the usual JSON answer at the end.
 * Either way, a client that goes away (closes the connection) cancels the work: the signal
 * aborts, the work stops at its next check and its transaction rolls back, so nothing is
 * written.
 *
 * The stream, one JSON object a line:
 *   {"progress":{"phase":"writing","done":2000,"total":5000}}   (at most ~4 a second, and at each phase's start and end)
 *   {"status":201,"result":{…}}                                   (what the JSON answer would be)
 *   {"status":422,"error":{"code":…,"message":…,"path":[…]},…}     (or the error, as the JSON error)
 */
import type { Request, Response } from 'express';
import { HttpError, toErrorResponse } from './errors';

export const NDJSON = 'application/x-ndjson';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}
export type ReportProgress = (p: Progress) => void;

/** A cancelled piece of work: 499 (the client closed the request), nothing written. */
export const cancelled = (what: string) =>
  new HttpError(499, 'CANCELLED', `${what} was cancelled; nothing was written`);

/** Throw `cancelled(what)` if the signal has aborted: call it between batches. */
export function checkCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelled(what);
}

/** An error whose JSON answer carries more than the error (every bad row of an import). */
export class DetailedError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    path: Array<string | number>,
    readonly details: Record<string, unknown>,
  ) {
    super(status, code, message, path);
  }
}

/** Does the client ask for the progress stream? */
export const wantsProgress = (req: Request) => req.accepts(['application/json', NDJSON]) === NDJSON;

const INTERVAL_MS = 250;

/**
 * Run `work` with a progress reporter and a cancellation signal. Streams (see above) when the
 * client asks for NDJSON and answers nothing itself (the route sends nothing more); otherwise
 * returns the result for the route to answer as JSON. A DetailedError is answered with its
 * details beside the error.
 */
export async function withProgress<T>(
  req: Request,
  res: Response,
  status: number,
  work: (report: ReportProgress, signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) abort.abort();
  });
  if (!wantsProgress(req)) {
    try {
      return await work(() => undefined, abort.signal);
    } catch (e) {
      if (e instanceof DetailedError) {
        res.status(e.status).json({ ...toErrorResponse(e)!.body, ...e.details });
        return undefined;
      }
      throw e;
    }
  }
  res.status(200).setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  res.flushHeaders();
  const line = (value: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(value)}\n`);
  };
  let lastAt = 0;
  let lastPhase = '';
  const report: ReportProgress = (p) => {
    const now = Date.now();
    if (p.phase !== lastPhase || p.done === p.total || now - lastAt >= INTERVAL_MS) {
      lastAt = now;
      lastPhase = p.phase;
      line({ progress: p });
    }
  };
  try {
    const result = await work(report, abort.signal);
    line({ status, result });
  } catch (e) {
    const mapped = toErrorResponse(e);
    if (!mapped) {
      req.log?.error({ err: e }, 'unhandled error');
      line({
        status: 500,
        error: {
          code: 'INTERNAL',
          message: 'something went wrong on our side; the request id is in x-request-id',
          path: [],
        },
      });
    } else {
      line({
        status: mapped.status,
        ...mapped.body,
        ...(e instanceof DetailedError ? e.details : {}),
      });
    }
  }
  res.end();
  return undefined;
}
