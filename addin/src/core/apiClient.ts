/**
 * The add-in's client for the carefee service API (server/README.md). Every failure becomes
 * an ApiError with a kind the pane can explain and the functions can map to an Excel error:
 * not configured, offline, timed out, token refused, not a carefee service, not found, bad
 * request, server error.
 */
import type { CardStatus, CardSummary, Me } from '../../../shared/src/contract';
import type { StandingReply } from '../../../shared/src/contract/providers';
import { REQUEST_TIMEOUT_MS } from './config';
import { LIST_PAGE_MAX } from '../../../shared/src/contract/rateCards';
import type { ConnectionSettings } from './settings';

export type ApiErrorKind =
  | 'not-configured'
  | 'offline'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-carefee'
  | 'not-found'
  | 'invalid-input'
  | 'server';

export class ApiError extends Error {
  override readonly name = 'CarefeeApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** The service's error code (INVALID_INPUT, NOT_FOUND...), when it sent one. */
    readonly code?: string,
    readonly path: ReadonlyArray<string | number> = [],
  ) {
    super(message);
  }
}

/** Duck-typed so an ApiError from another bundle on the same page is recognised too. */
export const isApiError = (e: unknown): e is ApiError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CarefeeApiError';

/** CardSummary: what the add-in reads of a card's workflow record, CardMeta (the service sends more). */
export type { CardStatus, CardSummary };

/** A card as the service sends it: validated by the card cache before use. */
export interface CardResponse {
  card: unknown;
  meta: CardSummary;
}

export type { Me };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

export class ApiClient {
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(
    /** Read on every request, so a change in the pane applies at once. */
    private readonly connection: () => ConnectionSettings,
    options: ApiClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** Who the token belongs to: the pane's connection test. */
  me(): Promise<Me> {
    return this.request<Me>('GET', '/api/v1/me');
  }

  /** Every version the caller may see, following the service's pages (cursor) to the end. */
  async listCards(): Promise<CardSummary[]> {
    const cards: CardSummary[] = [];
    let cursor: string | null | undefined;
    do {
      const page: { items: CardSummary[]; nextCursor?: string | null } = await this.request(
        'GET',
        `/api/v1/rate-cards?limit=${LIST_PAGE_MAX}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      cards.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return cards;
  }

  getCardVersion(id: string, version: number): Promise<CardResponse> {
    return this.request('GET', `/api/v1/rate-cards/${encodeURIComponent(id)}/versions/${version}`);
  }

  getCardInForce(id: string, date: string): Promise<CardResponse> {
    return this.request(
      'GET',
      `/api/v1/rate-cards/${encodeURIComponent(id)}/in-force?date=${encodeURIComponent(date)}`,
    );
  }

  /** A provider's or location's standing on a date (ref: provider or location id, or a CQC ID). */
  getStanding(ref: string, date: string): Promise<StandingReply> {
    return this.request(
      'GET',
      `/api/v1/standing/${encodeURIComponent(ref)}?asOf=${encodeURIComponent(date)}`,
    );
  }

  /** A family's approved and superseded versions with their dates (the card cache's one request). */
  getCardFamily(id: string): Promise<{ id: string; versions: CardResponse[] }> {
    return this.request('GET', `/api/v1/rate-cards/${encodeURIComponent(id)}/family`);
  }

  listIndices(): Promise<unknown> {
    return this.request('GET', '/api/v1/indices');
  }

  getIndex(series: string): Promise<unknown> {
    return this.request('GET', `/api/v1/indices/${encodeURIComponent(series)}`);
  }

  /** A file the service makes (an xlsx export), with the same errors as any request. */
  download(path: string): Promise<Blob> {
    return this.request<Blob>('GET', path, undefined, 'blob');
  }

  /** Any other endpoint of the contract (the pane's workflow actions). */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    as: 'json' | 'blob' = 'json',
  ): Promise<T> {
    const { serviceUrl, token } = this.connection();
    if (!serviceUrl)
      throw new ApiError(
        'not-configured',
        'no carefee service address is set: open the carefee pane to connect',
      );
    const url = `${serviceUrl.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { Accept: as === 'json' ? 'application/json' : '*/*' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller?.abort();
        reject(
          new ApiError(
            'timeout',
            `carefee at ${serviceUrl} did not answer within ${Math.round(this.timeoutMs / 1000)} s`,
          ),
        );
      }, this.timeoutMs);
    });

    let response: Response;
    try {
      response = await Promise.race([
        this.fetchImpl(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller?.signal,
        }),
        timeout,
      ]);
    } catch (e) {
      clearTimeout(timer);
      if (isApiError(e)) throw e;
      if (timedOut)
        throw new ApiError(
          'timeout',
          `carefee at ${serviceUrl} did not answer within ${Math.round(this.timeoutMs / 1000)} s`,
        );
      throw new ApiError(
        'offline',
        `cannot reach carefee at ${serviceUrl} (offline, or the address is wrong)`,
      );
    }
    try {
      const read =
        as === 'blob' && response.ok
          ? (response.blob() as Promise<T>)
          : readResponse<T>(response, serviceUrl);
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface ErrorEnvelope {
  error: { code: string; message: string; path?: Array<string | number> };
}

const isEnvelope = (body: unknown): body is ErrorEnvelope =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ErrorEnvelope).error === 'object' &&
  (body as ErrorEnvelope).error !== null &&
  typeof (body as ErrorEnvelope).error.message === 'string';

async function readResponse<T>(response: Response, serviceUrl: string): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  let body: unknown = undefined;
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  const notCarefee = () =>
    new ApiError(
      'not-carefee',
      `${serviceUrl} answered, but it is not a carefee service (check the address)`,
      response.status,
    );

  if (response.ok) {
    if (body === undefined || body === null || typeof body !== 'object') throw notCarefee();
    return body as T;
  }
  const envelope = isEnvelope(body) ? body.error : undefined;
  const message = envelope?.message;
  const code = envelope?.code;
  const path = envelope?.path ?? [];
  switch (response.status) {
    case 401:
      throw new ApiError(
        'unauthorized',
        `carefee refused the token (${message ?? 'missing, wrong or expired'}): sign in again in the carefee pane`,
        401,
        code,
        path,
      );
    case 403:
      throw new ApiError(
        'forbidden',
        message ?? 'your carefee role does not allow this',
        403,
        code,
        path,
      );
    case 404:
      // A 404 without carefee's error envelope is some other web server: the address is wrong.
      if (!envelope) throw notCarefee();
      throw new ApiError('not-found', message!, 404, code, path);
    default:
      if (response.status >= 500) {
        throw new ApiError(
          'server',
          `carefee had a problem (${response.status}${message ? `: ${message}` : ''}); try again later`,
          response.status,
          code,
          path,
        );
      }
      if (!envelope) throw notCarefee();
      throw new ApiError('invalid-input', message!, response.status, code, path);
  }
}
