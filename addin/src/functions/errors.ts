/**
 * The one place engine and connection errors become Excel error values. Excel shows a custom
 * message only with #VALUE! and #N/A, so:
 *   INVALID_INPUT, NOT_ALLOWED (the inputs or the policy are wrong)      → #VALUE!
 *   NOT_FOUND (no such category, band, tier, card, index value)           → #N/A
 *   not connected and not cached, service trouble, anything unexpected    → #N/A
 * with the engine's (or the connection's) message. A cell shows an error, never a wrong number.
 */
import { isApiError } from '../core/apiClient';
import { isCardUnavailable } from '../core/cardCache';

/** Excel truncates long messages; keep the start, which names the input. */
const MAX_MESSAGE = 250;

const clip = (message: string) =>
  message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;

/** Duck-typed: the engine may come from another bundle on the same page. */
function careFeeCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'CareFeeError' && typeof code === 'string' ? code : undefined;
}

export function toExcelError(e: unknown): CustomFunctions.Error {
  if (e instanceof CustomFunctions.Error) return e;
  const { invalidValue, notAvailable } = CustomFunctions.ErrorCode;
  const message = e instanceof Error ? e.message : String(e);
  const code = careFeeCode(e);
  if (code === 'INVALID_INPUT' || code === 'NOT_ALLOWED')
    return new CustomFunctions.Error(invalidValue, clip(message));
  if (code === 'NOT_FOUND') return new CustomFunctions.Error(notAvailable, clip(message));
  if (isApiError(e)) {
    return new CustomFunctions.Error(
      e.kind === 'invalid-input' ? invalidValue : notAvailable,
      clip(message),
    );
  }
  if (isCardUnavailable(e)) return new CustomFunctions.Error(notAvailable, clip(message));
  return new CustomFunctions.Error(
    notAvailable,
    clip(`carefee could not calculate this: ${message}`),
  );
}

/**
 * Run a function body, turning any error (thrown, or a rejected promise) into an Excel error.
 * A value computed synchronously is returned as is: no promise, so a warm sheet recalculates
 * without queuing 100,000 microtasks.
 */
export function excel<T>(body: () => T | Promise<T>): T | Promise<T> {
  let result: T | Promise<T>;
  try {
    result = body();
  } catch (e) {
    throw toExcelError(e);
  }
  if (result instanceof Promise) {
    return result.catch((e: unknown) => {
      throw toExcelError(e);
    });
  }
  return result;
}

/** A value the record does not have (a provider with no rating yet): #N/A with the reason. */
export const notAvailable = (message: string): CustomFunctions.Error =>
  new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, clip(message));
