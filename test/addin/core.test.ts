// office-addin-mock needs only the OfficeApp enum from office-addin-manifest, whose full
// import chain pulls an ESM-only package jest cannot require on Node 20.
jest.mock('office-addin-manifest', () => jest.requireActual('office-addin-manifest/lib/officeApp'));
import { OfficeMockObject } from 'office-addin-mock';
import {
  ApiClient,
  CardCache,
  MemoryPins,
  SettingsStore,
  WorkbookPins,
  createCarefee,
  memoryStore,
  parseCardRef,
  type ApiError,
  type FetchLike,
  type SettingsLike,
} from '../../addin/src/core';
import { BHAM_V2, BHAM_V3, fakeService } from './functions.fixtures';

const connection = { serviceUrl: 'https://carefee.test', token: 't0ken' };

function cacheWith(
  fetch: FetchLike,
  extra: Partial<ConstructorParameters<typeof CardCache>[0]> = {},
) {
  const client = new ApiClient(() => connection, { fetch, timeoutMs: 200 });
  return new CardCache({ source: client, today: () => '2026-05-01', ...extra });
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('settings are kept for the user, not in the workbook', () => {
  it('defaults to the local service, then keeps what the user saves', async () => {
    const store = memoryStore();
    const settings = new SettingsStore(store);
    expect(await settings.load()).toEqual({ serviceUrl: 'https://localhost:3000', token: '' });
    const heard: string[] = [];
    settings.onChange((s) => heard.push(s.serviceUrl));
    await settings.save({ serviceUrl: ' https://carefee.example.org/ ', token: ' abc ' });
    expect(settings.current).toEqual({ serviceUrl: 'https://carefee.example.org', token: 'abc' });
    expect(heard).toEqual(['https://carefee.example.org']);
    const again = new SettingsStore(store);
    expect(await again.load()).toEqual({ serviceUrl: 'https://carefee.example.org', token: 'abc' });
    await again.signOut();
    expect(again.current.token).toBe('');
  });

  it('refuses an address that is not a web address', async () => {
    const settings = new SettingsStore(memoryStore());
    await expect(settings.save({ serviceUrl: 'carefee' })).rejects.toThrow(/not a web address/);
    await expect(settings.save({ serviceUrl: 'ftp://x.org' })).rejects.toThrow(/https/);
  });
});

describe('the API client names what went wrong', () => {
  const client = (fetch: FetchLike, serviceUrl = 'https://carefee.test') =>
    new ApiClient(() => ({ serviceUrl, token: 'abc' }), { fetch, timeoutMs: 50 });

  it('sends the bearer token and reads the contract', async () => {
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const { fetch } = fakeService();
    const me = await client(async (url, init) => {
      seen.push({ url, auth: (init?.headers as Record<string, string>).Authorization });
      return fetch(url, init);
    }).me();
    expect(me.user.name).toBe('Pat');
    expect(seen).toEqual([{ url: 'https://carefee.test/api/v1/me', auth: 'Bearer abc' }]);
  });

  it('offline, timeout, refused token, not carefee, not found, server error, not configured', async () => {
    expect(
      (await apiError(client(async () => Promise.reject(new TypeError('Failed to fetch'))).me()))
        .kind,
    ).toBe('offline');
    expect((await apiError(client(() => new Promise(() => {})).me())).kind).toBe('timeout');
    const json = (status: number, body: unknown) => async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    const unauthorized = await apiError(
      client(json(401, { error: { code: 'UNAUTHORIZED', message: 'token expired' } })).me(),
    );
    expect(unauthorized.kind).toBe('unauthorized');
    expect(unauthorized.message).toMatch(/token expired.*sign in again/);
    const html = async () =>
      new Response('<html>hello</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    expect((await apiError(client(html).me())).kind).toBe('not-carefee');
    const plain404 = async () => new Response('Not Found', { status: 404 });
    expect((await apiError(client(plain404).me())).kind).toBe('not-carefee');
    const missing = await apiError(
      client(
        json(404, { error: { code: 'NOT_FOUND', message: 'no rate card x v9' } }),
      ).getCardVersion('x', 9),
    );
    expect([missing.kind, missing.message]).toEqual(['not-found', 'no rate card x v9']);
    expect(
      (
        await apiError(
          client(json(503, { error: { code: 'NOT_READY', message: 'migrating' } })).me(),
        )
      ).kind,
    ).toBe('server');
    expect((await apiError(client(json(200, {}), '').me())).kind).toBe('not-configured');
  });
});

describe('card references', () => {
  it('reads a family or one version', () => {
    expect(parseCardRef('bham-care-homes')).toEqual({ id: 'bham-care-homes' });
    expect(parseCardRef('Bham-Care-Homes@3')).toEqual({ id: 'bham-care-homes', version: 3 });
    expect(parseCardRef('bham-care-homes@v2')).toEqual({ id: 'bham-care-homes', version: 2 });
    expect(() => parseCardRef('bham care')).toThrow(/not a rate card id/);
    expect(() => parseCardRef('bham@0')).toThrow(/whole number from 1/);
    expect(() => parseCardRef(42)).toThrow(/card must be a rate card id/);
  });
});

describe('the card cache', () => {
  it('100 concurrent cells for the same card make one request', async () => {
    const service = fakeService([BHAM_V3], { delayMs: 10 });
    const cache = cacheWith(service.fetch);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => cache.get({ id: 'bham-care-homes' })),
    );
    expect(service.state.requests).toBe(1);
    expect(new Set(results.map((r) => r.card)).size).toBe(1);
    expect(results[0]!.card.hotelCost).toBe('348.43');
    // Warm: answered synchronously, no request.
    expect(cache.peek({ id: 'bham-care-homes' })?.card.version).toBe(3);
    expect(cache.peek({ id: 'bham-care-homes', version: 3 })?.meta?.approvedBy).toBe(
      'Alex Approver',
    );
    await cache.get({ id: 'bham-care-homes', version: 3 });
    expect(service.state.requests).toBe(1);
  });

  it('a failed request rejects every waiting cell, and is not retried for the rest of the recalc', async () => {
    const service = fakeService([BHAM_V3], { delayMs: 5 });
    service.state.offline = true;
    const cache = cacheWith(service.fetch);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => cache.get({ id: 'bham-care-homes' })),
    );
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    const reason = (outcomes[0] as PromiseRejectedResult).reason as Error;
    expect(reason.message).toMatch(
      /not connected to carefee \(cannot reach carefee at https:\/\/carefee.test.*\) and card bham-care-homes is not cached/,
    );
    expect(service.state.requests).toBe(1);
    await expect(cache.get({ id: 'bham-care-homes' })).rejects.toThrow(/not cached/);
    expect(service.state.requests).toBe(1);
  });

  it('a request that never answers rejects every waiting cell when it times out', async () => {
    const hanging: FetchLike = () => new Promise(() => {});
    const cache = new CardCache({
      source: { getCardVersion: () => hanging(''), getCardFamily: () => hanging('') } as never,
      timeoutMs: 30,
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => cache.get({ id: 'bham-care-homes' })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('rejected'));
    expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toMatch(
      /did not answer/,
    );
  });

  it('keeps working offline on cards fetched before (stored for the user)', async () => {
    const store = memoryStore();
    const service = fakeService();
    const first = cacheWith(service.fetch, { store });
    await first.get({ id: 'bham-care-homes' });
    await first.get({ id: 'bham-care-homes', version: 2 });
    await first.save();
    // A new session, offline.
    service.state.offline = true;
    const second = cacheWith(service.fetch, { store });
    const card = await second.get({ id: 'bham-care-homes' });
    expect([card.card.version, card.offline]).toEqual([3, true]);
    expect((await second.get({ id: 'bham-care-homes', version: 2 })).card.hotelCost).toBe('330.00');
    // The family's dated versions were kept, so any date resolves offline too...
    expect((await second.get({ id: 'bham-care-homes' }, '2025-06-01')).card.version).toBe(2);
    // ...but a family never fetched cannot be answered.
    await expect(second.get({ id: 'notts-care-homes' }, '2025-06-01')).rejects.toThrow(
      'not connected to carefee (cannot reach carefee at https://carefee.test (offline, or the address is wrong)) and card notts-care-homes is not cached',
    );
    // Back online: refresh looks the in-force version up again.
    service.state.offline = false;
    second.refresh();
    expect((await second.get({ id: 'bham-care-homes' })).offline).toBe(false);
  });

  it('validates cards with the engine schema', async () => {
    const broken = { ...BHAM_V3, hotelCost: '-1.00' };
    const cache = cacheWith(fakeService([broken as never]).fetch);
    await expect(cache.get({ id: 'bham-care-homes' })).rejects.toThrow(
      /not a valid rate card: hotelCost: amount must not be negative/,
    );
  });

  it('passes "no such card" through as the truth, not as a connection problem', async () => {
    const cache = cacheWith(fakeService().fetch);
    await expect(cache.get({ id: 'bham-care-homes', version: 9 })).rejects.toMatchObject({
      kind: 'not-found',
      message: 'no rate card bham-care-homes v9',
    });
    await expect(cache.get({ id: 'bham-care-homes' }, '2010-01-01')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no approved version of rate card bham-care-homes is in force on 2010-01-01',
    });
    await expect(cache.get({ id: 'nope' })).rejects.toMatchObject({
      kind: 'not-found',
      message: 'no rate card nope',
    });
  });

  it('one request per card family when cold, however many dates a sheet prices on', async () => {
    const service = fakeService(undefined, { delayMs: 5 });
    const cache = cacheWith(service.fetch);
    // 3,000 cells, each on its own date from April 2022 on (before v2: no version in force).
    const day = (i: number) =>
      new Date(Date.UTC(2022, 3, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3_000 }, (_, i) => cache.get({ id: 'bham-care-homes' }, day(i))),
    );
    expect(service.state.urls).toEqual([
      'https://carefee.test/api/v1/rate-cards/bham-care-homes/family',
    ]);
    const versions = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.card.version : null));
    // v2 from 2025-04-01 to 2026-03-31, v3 from 2026-04-01: the service's rule, decided here.
    expect(versions.indexOf(2)).toBe(1096); // 2022-04-01 + 1,096 days = 2025-04-01
    expect(versions.indexOf(3)).toBe(1461); // 2026-04-01
    expect(versions.slice(0, 1096).every((v) => v === null)).toBe(true);
    // Warm: every date answered synchronously.
    expect(cache.peek({ id: 'bham-care-homes' }, day(2000))?.card.version).toBe(3);
    expect(service.state.requests).toBe(1);
  });

  it('a workbook pin replaces the in-force lookup, so results do not move', async () => {
    const pins = new MemoryPins({ 'bham-care-homes': 2 });
    const service = fakeService();
    const cache = cacheWith(service.fetch, { pins });
    // Today (2026-05-01) v3 is in force, but the workbook is pinned to v2.
    const pinned = await cache.get({ id: 'bham-care-homes' });
    expect([pinned.card.version, pinned.pinned]).toEqual([2, true]);
    expect(cache.peek({ id: 'bham-care-homes' })?.card.version).toBe(2);
    // A date the pinned version covers uses it; a date it does not cover looks up what was in force.
    expect((await cache.get({ id: 'bham-care-homes' }, '2025-09-01')).card.version).toBe(2);
    expect((await cache.get({ id: 'bham-care-homes' }, '2026-09-01')).card.version).toBe(3);
    // An explicit version always wins.
    expect((await cache.get({ id: 'bham-care-homes', version: 3 })).pinned).toBe(false);
    await pins.unpin('bham-care-homes');
    expect((await cache.get({ id: 'bham-care-homes' })).card.version).toBe(3);
  });
});

describe('workbook pins live in the document settings (office-addin-mock)', () => {
  it('reads, writes and saves carefee.pins', async () => {
    const saved: unknown[] = [];
    const values: Record<string, unknown> = { 'carefee.pins': { 'bham-care-homes': 2, junk: 'x' } };
    const mock = new OfficeMockObject({
      context: {
        document: {
          settings: {
            get: (name: string) => values[name] ?? null,
            set: (name: string, value: unknown) => {
              values[name] = value;
            },
            saveAsync: (callback: (r: { status: string }) => void) => {
              saved.push(JSON.parse(JSON.stringify(values['carefee.pins'])));
              callback({ status: 'succeeded' });
            },
          },
        },
      },
    }) as unknown as { context: { document: { settings: SettingsLike } } };
    const pins = new WorkbookPins(() => mock.context.document.settings);
    expect(pins.all()).toEqual({ 'bham-care-homes': 2 });
    await pins.pin('nottingham', 1);
    expect(saved).toEqual([{ 'bham-care-homes': 2, nottingham: 1 }]);
    expect(mock.context.document.settings.get('carefee.pins')).toEqual({
      'bham-care-homes': 2,
      nottingham: 1,
    });
    await pins.unpin('bham-care-homes');
    expect(pins.get('bham-care-homes')).toBeUndefined();
    await expect(pins.pin('Not An Id', 1)).rejects.toThrow(/not a rate card id/);
  });

  it('keeps pins in memory until Office is ready, then writes them through', async () => {
    const office: { settings?: SettingsLike } = {};
    const pins = new WorkbookPins(() => office.settings);
    await pins.pin('bham-care-homes', 3);
    expect(pins.get('bham-care-homes')).toBe(3);
    const values: Record<string, unknown> = {};
    office.settings = {
      get: (n) => values[n],
      set: (n, v) => (values[n] = v),
      saveAsync: (cb) => cb?.({ status: 'succeeded' }),
    };
    expect(pins.get('bham-care-homes')).toBe(3);
    await pins.pin('nottingham', 1);
    expect(values['carefee.pins']).toEqual({ 'bham-care-homes': 3, nottingham: 1 });
  });
});

describe('the shared core', () => {
  it('waits for the stored address and token before the first request', async () => {
    const store = memoryStore({
      'carefee.serviceUrl': 'https://carefee.test',
      'carefee.token': 'stored',
    });
    const service = fakeService();
    const carefee = createCarefee({
      store,
      fetch: service.fetch,
      pins: new MemoryPins(),
      today: () => '2026-05-01',
    });
    const card = await carefee.cache.get({ id: 'bham-care-homes' });
    expect(card.card.version).toBe(3);
    expect(service.state.urls).toEqual([
      'https://carefee.test/api/v1/rate-cards/bham-care-homes/family',
    ]);
  });
});

// Silence "unused" for fixtures only some suites use.
void BHAM_V2;

describe('changing the connection', () => {
  it('a new token looks up in-force versions again; a new service forgets every card', async () => {
    const store = memoryStore({
      'carefee.serviceUrl': 'https://carefee.test',
      'carefee.token': 'a',
    });
    const service = fakeService();
    const carefee = createCarefee({
      store,
      fetch: service.fetch,
      pins: new MemoryPins(),
      today: () => '2026-05-01',
    });
    await carefee.cache.get({ id: 'bham-care-homes' });
    await carefee.settings.save({ token: 'b' });
    expect(carefee.cache.peek({ id: 'bham-care-homes' })).toBeUndefined();
    expect(carefee.cache.peek({ id: 'bham-care-homes', version: 3 })).toBeDefined();
    await carefee.settings.save({ serviceUrl: 'https://other.test' });
    await new Promise((r) => setTimeout(r, 0));
    expect(carefee.cache.peek({ id: 'bham-care-homes', version: 3 })).toBeUndefined();
    expect(carefee.cache.cachedCards()).toEqual([]);
  });
});
