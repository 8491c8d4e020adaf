/** The pane's adapter over the add-in core: core ApiErrors become the states the Connect view explains. */
import {
  ApiClient,
  DEFAULT_SERVICE_URL,
  setCarefee,
  createCarefee,
  memoryStore,
  MemoryPins,
} from '../../addin/src/core';
import {
  adaptApiClient,
  createPaneServices,
  servingOrigin,
} from '../../addin/src/taskpane/paneServices';
import { ServiceError } from '../../addin/src/taskpane/services';
import { detectExcel, openedByOffice } from '../../addin/src/taskpane/host';
import { v1, summary } from './taskpaneFixtures';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function api(fetchImpl: (url: string, init?: RequestInit) => Promise<Response>) {
  return adaptApiClient(
    new ApiClient(() => ({ serviceUrl: 'https://carefee.example.org', token: 't' }), {
      fetch: fetchImpl,
      timeoutMs: 1000,
    }),
  );
}

async function kindOf(p: Promise<unknown>) {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    return (e as ServiceError).kind;
  }
}

describe('errors the Connect view explains', () => {
  test('no answer is offline', async () => {
    expect(
      await kindOf(api(async () => Promise.reject(new TypeError('Failed to fetch'))).me()),
    ).toBe('offline');
  });
  test('401 is an expired or invalid token', async () => {
    expect(
      await kindOf(
        api(async () =>
          json(401, { error: { code: 'UNAUTHORIZED', message: 'token expired', path: [] } }),
        ).me(),
      ),
    ).toBe('unauthorized');
  });
  test('an HTML page or a bare 404 is not a carefee service', async () => {
    expect(
      await kindOf(
        api(
          async () =>
            new Response('<html></html>', {
              status: 200,
              headers: { 'content-type': 'text/html' },
            }),
        ).me(),
      ),
    ).toBe('wrong-url');
    expect(await kindOf(api(async () => new Response('Not Found', { status: 404 })).me())).toBe(
      'wrong-url',
    );
  });
  test('a carefee 404 for /api/v1/me means a path after the host: the wrong URL', async () => {
    expect(
      await kindOf(
        api(async () =>
          json(404, { error: { code: 'NOT_FOUND', message: 'no route', path: [] } }),
        ).me(),
      ),
    ).toBe('wrong-url');
  });
  test('a malformed URL is refused before any request', async () => {
    setCarefee(createCarefee({ store: memoryStore(), pins: new MemoryPins() }));
    const services = createPaneServices(false);
    expect(await kindOf(services.connect({ serviceUrl: 'carefee', token: 't' }).me())).toBe(
      'wrong-url',
    );
    expect(services.excel).toBeNull();
    expect(services.pinning).toBeNull();
    setCarefee(undefined);
  });
});

test('a fetched card is validated with the engine schema, and the uplift posts to the contract path', async () => {
  const calls: { url: string; method?: string; body?: unknown }[] = [];
  const client = api(async (url, init) => {
    calls.push({
      url,
      method: init?.method,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (url.endsWith('/uplift')) return json(201, { card: { ...v1, version: 2 }, diff: {} });
    return json(200, { card: { ...v1, hotelCost: 348.43 }, meta: summary(v1, 'approved', 'Bob') });
  });
  const fetched = await client.getCard('bham-care-homes', 1);
  expect(fetched.card.hotelCost).toBe('348.43');
  expect(fetched.meta.approvedBy).toBe('Bob');
  const saved = await client.uplift('bham-care-homes', 1, {
    reviewYear: 2025,
    cpihChange: '0.109',
    nlwChange: '0.014',
  });
  expect(saved.card.version).toBe(2);
  expect(calls[1]).toEqual({
    url: 'https://carefee.example.org/api/v1/rate-cards/bham-care-homes/versions/1/uplift',
    method: 'POST',
    body: { reviewYear: 2025, cpihChange: '0.109', nlwChange: '0.014' },
  });
});

test('the saved connection is the shared core settings, per user', async () => {
  const store = memoryStore();
  setCarefee(createCarefee({ store, pins: new MemoryPins() }));
  const services = createPaneServices(false);
  // Not signed in: no token, and the address suggested is the build's default outside a served page.
  expect(await services.settings.load()).toEqual({ serviceUrl: DEFAULT_SERVICE_URL, token: '' });
  await services.settings.save({ serviceUrl: 'https://carefee.example.org/', token: 'abc' });
  expect(await services.settings.load()).toEqual({
    serviceUrl: 'https://carefee.example.org',
    token: 'abc',
  });
  await services.settings.clear();
  expect(await services.settings.load()).toEqual({
    serviceUrl: 'https://carefee.example.org',
    token: '',
  });
  setCarefee(undefined);
});

test('the suggested address is the service that served the pane under /addin/', () => {
  expect(
    servingOrigin({
      protocol: 'https:',
      pathname: '/addin/taskpane.html',
      origin: 'https://carefee.example.org',
    }),
  ).toBe('https://carefee.example.org');
  expect(
    servingOrigin({
      protocol: 'https:',
      pathname: '/taskpane.html',
      origin: 'https://cdn.example.org',
    }),
  ).toBeNull();
  expect(
    servingOrigin({ protocol: 'file:', pathname: '/addin/taskpane.html', origin: 'null' }),
  ).toBeNull();
});

describe('host detection', () => {
  const HostType = { Excel: 'Excel' };
  test('Excel when Office says so', async () => {
    expect(
      await detectExcel({ onReady: async () => ({ host: 'Excel', platform: 'PC' }), HostType }),
    ).toBe(true);
  });
  test('a plain browser (no host), no office.js, a failing or silent office.js: the read-only preview', async () => {
    expect(
      await detectExcel({ onReady: async () => ({ host: null, platform: null }), HostType }),
    ).toBe(false);
    expect(await detectExcel(undefined)).toBe(false);
    expect(await detectExcel({ onReady: () => Promise.reject(new Error('boom')), HostType })).toBe(
      false,
    );
    expect(await detectExcel({ onReady: () => new Promise(() => undefined), HostType }, 20)).toBe(
      false,
    );
    expect(await detectExcel({ onReady: async () => ({ host: 'Word' }), HostType })).toBe(false);
  });

  test('opened by Office (_host_Info in the address), the pane waits for Office.onReady however long it takes', async () => {
    expect(openedByOffice('?_host_Info=Excel$Win32$16.01$en-GB$$$$0')).toBe(true);
    expect(openedByOffice('?et=')).toBe(false);
    let answer: (info: { host: string }) => void = () => undefined;
    const slow = new Promise<{ host: string }>((resolve) => (answer = resolve));
    const decided = detectExcel({ onReady: () => slow, HostType }, null);
    // Far past the preview's 4 s in a browser, Office answers: Excel, with every action.
    await new Promise((r) => setTimeout(r, 30));
    answer({ host: 'Excel' });
    expect(await decided).toBe(true);
  });

  test('outside Office the preview opens in time, and recovers when Office answers "Excel" late', async () => {
    let answer: (info: { host: string }) => void = () => undefined;
    const slow = new Promise<{ host: string }>((resolve) => (answer = resolve));
    const late = jest.fn();
    expect(await detectExcel({ onReady: () => slow, HostType }, 20, late)).toBe(false);
    expect(late).not.toHaveBeenCalled();
    answer({ host: 'Excel' });
    await new Promise((r) => setTimeout(r, 0));
    expect(late).toHaveBeenCalledTimes(1);
  });
});
