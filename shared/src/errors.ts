/**
 * Every failure the engine reports is a CareFeeError: a stable code for machines (the add-in
 * maps it to an Excel error value, the service to an HTTP status) and a message for people
 * that names the offending input.
 */
export type CareFeeErrorCode =
  /** An input is malformed or outside its allowed range. */
  | 'INVALID_INPUT'
  /** A named thing (category, band, tier, index value on a date) does not exist. */
  | 'NOT_FOUND'
  /** The policy forbids the calculation (e.g. pricing an Inadequate provider). */
  | 'NOT_ALLOWED'
  /** The record's state refuses the change (an approved card edited, a second response). */
  | 'CONFLICT'
  /** This caller may not do this to this record (four eyes: not the approver of their own edit). */
  | 'FORBIDDEN';

export type ErrorPath = ReadonlyArray<string | number>;

export class CareFeeError extends Error {
  override readonly name = 'CareFeeError';
  constructor(
    readonly code: CareFeeErrorCode,
    message: string,
    readonly path: ErrorPath = [],
    /**
     * A finer code for clients that tell cases apart (FOUR_EYES, ALREADY_RESPONDED): answered
     * in place of `code`, whose kind still decides the HTTP status.
     */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string, path: ErrorPath = []) =>
  new CareFeeError('INVALID_INPUT', message, path);
export const notFound = (message: string, path: ErrorPath = []) =>
  new CareFeeError('NOT_FOUND', message, path);
export const notAllowed = (message: string, path: ErrorPath = []) =>
  new CareFeeError('NOT_ALLOWED', message, path);

export const conflict = (message: string, path: ErrorPath = [], reason?: string) =>
  new CareFeeError('CONFLICT', message, path, reason);
export const forbidden = (message: string, reason?: string, path: ErrorPath = []) =>
  new CareFeeError('FORBIDDEN', message, path, reason);

export const isCareFeeError = (e: unknown): e is CareFeeError => e instanceof CareFeeError;
