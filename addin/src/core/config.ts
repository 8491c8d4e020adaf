/**
 * Build-time configuration. webpack defines __CAREFEE_BASE_URL__ from CAREFEE_BASE_URL (the
 * service that serves this add-in under /addin/); elsewhere (tests) the local default applies.
 */
declare const __CAREFEE_BASE_URL__: string | undefined;

export const LOCAL_SERVICE_URL = 'https://localhost:3000';

/** The service this build was made for: the default connection until the user changes it. */
export const DEFAULT_SERVICE_URL: string =
  typeof __CAREFEE_BASE_URL__ === 'string' && __CAREFEE_BASE_URL__
    ? __CAREFEE_BASE_URL__
    : LOCAL_SERVICE_URL;

/** A request slower than this counts as failed, so no cell waits forever on #BUSY!. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** "https://x.org/" and " https://x.org " → "https://x.org"; anything not http(s) is rejected. */
export function normaliseServiceUrl(input: string): string {
  const text = input.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `"${input}" is not a web address (expected something like https://carefee.example.org)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`"${input}" must start with https://`);
  }
  return text;
}
