/** A do-nothing CustomFunctions when the page is not running inside Excel (see entry.ts). */
const g = globalThis as { CustomFunctions?: unknown };
if (typeof g.CustomFunctions === 'undefined') {
  class StandInError extends Error {
    constructor(
      readonly code: string,
      message?: string,
    ) {
      super(message);
    }
  }
  g.CustomFunctions = {
    associate: () => undefined,
    Error: StandInError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A' },
  };
}
export {};
