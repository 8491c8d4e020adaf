/** A Birmingham-style card and a fake carefee service for the add-in tests and benchmark. */
import type { CardSummary, CardResponse, FetchLike } from '../../addin/src/core';
import type { IndexSeriesOut } from '../../shared/src/contract/indices';

export const BHAM_V3 = {
  id: 'bham-care-homes',
  version: 3,
  title: 'Birmingham care homes 2026/27',
  commissioner: 'Birmingham City Council',
  effectiveFrom: '2026-04-01',
  effectiveTo: null,
  hotelCost: '348.43',
  categories: [
    { id: 'residential', name: 'Older people residential', careCost: '231.60' },
    { id: 'dementia', name: 'Older people residential dementia', careCost: '279.10' },
    {
      id: 'ld',
      name: 'Learning disability',
      bands: [
        { id: '1', name: 'Low', careCost: '300.00' },
        { id: '2', name: 'Medium', careCost: '450.50' },
      ],
    },
  ],
  chcTiers: [
    { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '950.00' },
    {
      kind: 'staffed',
      id: 'tier-3',
      name: 'Tier 3 (1:1 12 hours a day)',
      baseWeeklyFee: '1000.00',
      staffing: { hoursPerDay: 12, staff: 1, people: 1, hourlyRate: '15.00' },
    },
  ],
};

/** The previous year's version, for pinning. */
export const BHAM_V2 = {
  ...BHAM_V3,
  version: 2,
  title: 'Birmingham care homes 2025/26',
  effectiveFrom: '2025-04-01',
  effectiveTo: '2026-03-31',
  hotelCost: '330.00',
  categories: [{ id: 'residential', name: 'Older people residential', careCost: '220.00' }],
};

export const meta = (card: {
  id: string;
  version: number;
  title: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
}): CardSummary => ({
  id: card.id,
  version: card.version,
  title: card.title,
  commissioner: 'Birmingham City Council',
  status: 'approved',
  effectiveFrom: card.effectiveFrom,
  effectiveTo: card.effectiveTo ?? null,
  createdBy: 'Sam Editor',
  createdAt: '2026-02-01T10:00:00Z',
  approvedBy: 'Alex Approver',
  approvedAt: '2026-03-01T09:30:00Z',
});

export type AnyCard = typeof BHAM_V3 | typeof BHAM_V2;

/**
 * A fake carefee service as a fetch function: counts requests, can be switched offline or
 * made slow, answers the family, in-force and version endpoints from the cards it holds.
 */
export function fakeService(
  cards: AnyCard[] = [BHAM_V3, BHAM_V2],
  options: { delayMs?: number; indices?: IndexSeriesOut[] } = {},
) {
  const state = {
    requests: 0,
    offline: false,
    status: 0,
    urls: [] as string[],
    delayMs: options.delayMs ?? 0,
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const notFound = (message: string) =>
    json(404, { error: { code: 'NOT_FOUND', message, path: [] } });
  const fetch: FetchLike = async (input) => {
    state.requests += 1;
    state.urls.push(input);
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    if (state.offline) throw new TypeError('Failed to fetch');
    if (state.status) return json(state.status, { error: { code: 'INTERNAL', message: 'boom' } });
    const url = new URL(input);
    let m = /^\/api\/v1\/rate-cards\/([^/]+)\/versions\/(\d+)$/.exec(url.pathname);
    if (m) {
      const card = cards.find((c) => c.id === m![1] && c.version === Number(m![2]));
      return card
        ? json(200, { card, meta: meta(card) } satisfies CardResponse)
        : notFound(`no rate card ${m[1]} v${m[2]}`);
    }
    m = /^\/api\/v1\/rate-cards\/([^/]+)\/family$/.exec(url.pathname);
    if (m) {
      const versions = cards
        .filter((c) => c.id === m![1])
        .sort((a, b) => a.version - b.version)
        .map((card) => ({ card, meta: meta(card) }));
      return versions.length ? json(200, { id: m[1], versions }) : notFound(`no rate card ${m[1]}`);
    }
    m = /^\/api\/v1\/rate-cards\/([^/]+)\/in-force$/.exec(url.pathname);
    if (m) {
      const date = url.searchParams.get('date') ?? '';
      const card = cards
        .filter(
          (c) =>
            c.id === m![1] && c.effectiveFrom <= date && (!c.effectiveTo || date <= c.effectiveTo),
        )
        .sort((a, b) => b.version - a.version)[0];
      return card
        ? json(200, { card, meta: meta(card) })
        : notFound(`no version of ${m[1]} is in force on ${date}`);
    }
    if (url.pathname === '/api/v1/indices' && options.indices)
      return json(200, { items: options.indices });
    if (url.pathname === '/api/v1/me')
      return json(200, {
        user: { id: 'u1', name: 'Pat', role: 'viewer' },
        organisation: { id: 'o1', name: 'BCC' },
      });
    return notFound('no such endpoint');
  };
  return { fetch, state };
}

/** Excel's CustomFunctions global, as far as the functions use it. */
export class FakeExcelError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}

export const ERROR_CODES = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
};

export type Registry = Map<string, (...args: unknown[]) => unknown>;

/** Install a fake CustomFunctions global whose associate records id → function. */
export function installFakeRuntime(
  target: Record<string, unknown> = globalThis as never,
): Registry {
  const registry: Registry = new Map();
  target.CustomFunctions = {
    associate: (
      id: string | Record<string, (...args: unknown[]) => unknown>,
      fn?: (...args: unknown[]) => unknown,
    ) => {
      if (typeof id === 'string') registry.set(id, fn!);
      else for (const [k, f] of Object.entries(id)) registry.set(k, f);
    },
    Error: FakeExcelError,
    ErrorCode: ERROR_CODES,
  };
  return registry;
}

/** Call a registered function the way Excel does: a value, or the error value a cell would show. */
export async function invoke(registry: Registry, id: string, ...args: unknown[]): Promise<unknown> {
  const fn = registry.get(id);
  if (!fn) throw new Error(`${id} is not registered`);
  try {
    return await fn(...args);
  } catch (e) {
    if (e instanceof Error && 'code' in e && String((e as FakeExcelError).code).startsWith('#')) {
      return { error: (e as FakeExcelError).code, message: e.message };
    }
    throw e; // not an Excel error: a bug the test must see
  }
}
