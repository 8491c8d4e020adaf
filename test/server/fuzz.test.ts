/**
 * Thousands of malformed requests across every documented route: fast-check generated bodies
 * (any JSON, mutated valid bodies with wrong types, huge and negative numbers, unknown fields),
 * broken JSON, wrong content types, path-traversal and oversized ids, good and bad tokens.
 * The service must never answer 5xx, and every error must be the JSON error shape.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { openApiDocument } from '../../server/src/platform/registry';
import { startTestService, type TestService } from './helpers';
import { BIRMINGHAM_2024, approvedCard } from './calculate.fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

/** Valid bodies to mutate, so the fuzz reaches past the first check of each route. */
const EXAMPLES: Record<string, unknown> = {
  '/api/v1/calculate': {
    card: { id: 'bham-care-homes', date: '2024-06-01' },
    items: [
      { category: 'older-residential', rating: 'Gold' },
      { category: 'learning-disability', band: '2', date: '2024-07-01' },
    ],
  },
  '/api/v1/chc-tier': { card: { id: 'bham-care-homes', version: 1 }, tierId: 'tier-3' },
  '/api/v1/quality-rating': {
    inspections: [{ date: '2024-01-10', body: 'CQC', kind: 'full', result: 'Good' }],
  },
  '/api/v1/tender/score': {
    bids: [{ id: 'A', price: '500.00', cqcRating: 'Good', qualityReporting: '0.8' }],
  },
  '/api/v1/tender/award': {
    offers: [
      { id: 'a', rating: 'Gold' },
      { id: 'b', rating: 'Gold' },
    ],
    citizenChoice: 'b',
  },
  '/api/v1/tpc-check': {
    chcFunded: true,
    genuineUpgrade: true,
    requestedByPersonOrFamily: true,
    coversCommissionedServices: false,
    separateWrittenAgreement: true,
    roomAtCommissionerPriceOffered: true,
    voluntary: true,
    agreedWithCommissioner: true,
  },
  '/api/v1/cost-of-care': {
    careHoursPerResidentWeek: 20,
    careHourlyPay: '12.00',
    onCosts: '0.2',
    occupancy: '0.9',
  },
  '/api/v1/conversions/period-cost': { weekly: '580.03', start: '2024-04-01', end: '2024-04-10' },
  '/api/v1/indices/{series}/values': { from: '2030-04-01', value: '15.00' },
  '/api/v1/rate-cards': { ...BIRMINGHAM_2024, id: 'fuzzed' },
  '/api/v1/rate-cards/{id}/versions/{version}/uplift': {
    reviewYear: 2025,
    cpihChange: '0.031',
    nlwChange: '0.067',
  },
  '/api/v1/users': { name: 'Fuzz', role: 'viewer' },
  '/api/v1/scenarios': {
    title: 'Fuzz',
    baseCard: { id: 'bham-care-homes', version: 1 },
    proposed: { uplift: { reviewYear: 2025, cpihChange: '0.03', nlwChange: '0.05' } },
    opensAt: '2024-01-01T00:00:00Z',
    closesAt: '2030-01-01T00:00:00Z',
  },
};

const nasty = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    0.1 + 0.2,
    '',
    ' ',
    '-5',
    '1e999',
    'NaN',
    'Infinity',
    '12.345',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '2024-02-30',
    '9999-99-99',
    'x'.repeat(10_000),
    null,
    true,
    [],
    {},
    { __proto__: { polluted: true } },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

type Json = unknown;

/** Change one thing somewhere in a valid body: a value's type, a deletion, an unknown field. */
function mutate(value: Json, path: number[], replacement: Json, how: number): Json {
  if (Array.isArray(value)) {
    if (value.length === 0 || path.length === 0)
      return how % 2 ? replacement : [...value, replacement];
    const i = path[0]! % value.length;
    const copy = [...value];
    copy[i] = mutate(value[i], path.slice(1), replacement, how);
    return copy;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const obj = { ...(value as Record<string, Json>) };
    if (keys.length === 0 || path.length === 0) {
      if (how % 3 === 0) return replacement;
      if (how % 3 === 1) return { ...obj, [`unknown${how}`]: replacement };
      delete obj[keys[how % Math.max(keys.length, 1)]!];
      return obj;
    }
    const key = keys[path[0]! % keys.length]!;
    obj[key] = mutate(obj[key], path.slice(1), replacement, how);
    return obj;
  }
  return replacement;
}

const pathValues = fc.constantFrom(
  'bham-care-homes',
  'nlw',
  'BHAM-CARE-HOMES',
  '1',
  '0',
  '-1',
  '1e999',
  '99999999999999999999',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%00',
  '%ZZ',
  'a'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  '%F0%9F%92%A9',
  'null',
);

const bodies = (example: Json | undefined) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary:
        example === undefined
          ? fc.jsonValue({ maxDepth: 3 })
          : fc
              .tuple(fc.array(fc.nat(), { maxLength: 4 }), nasty, fc.nat())
              .map(([p, r, how]) => mutate(example, p, r, how)),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 6 }) },
  );

const rawBodies = fc.constantFrom(
  '{',
  '{"card": ',
  '{"items": [1, 2,]}',
  '{"items": 1e999}',
  '\u0000',
  'null',
  '"just a string"',
  '['.repeat(3000) + ']'.repeat(3000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  '{"__proto__": {"isAdmin": true}, "card": {"constructor": {"prototype": {}}}}',
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  undefined,
);

describe('fuzzing every route', () => {
  let s: TestService;
  let server: Server;
  let routes: Array<{ method: string; path: string }>;
  let authorizations: Array<string | undefined>;

  beforeAll(async () => {
    s = await startTestService();
    await approvedCard(s, BIRMINGHAM_2024);
    server = await new Promise((resolve) => {
      const srv = s.app.listen(0, '127.0.0.1', () => resolve(srv));
    });
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method, path })),
    );
    routes.push(
      { method: 'get', path: '/api/v1/no/such/{id}' },
      { method: 'patch', path: '/api/v1/calculate' },
    );
    authorizations = [
      s.auth('viewer'),
      s.auth('admin'),
      s.auth('editor'),
      'Bearer not-a-real-token',
      'Bearer ',
      `Bearer ${'x'.repeat(600)}`,
      'Basic dXNlcjpwYXNz',
      'bearer',
      undefined,
    ];
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await s.close();
  });

  test(`${RUNS} malformed requests: never a 5xx, always the JSON error shape`, async () => {
    const port = (server.address() as AddressInfo).port;
    const arbitrary = fc
      .record({
        route: fc.nat(),
        params: fc.array(pathValues, { minLength: 3, maxLength: 3 }),
        query: fc.option(
          fc.dictionary(
            fc.constantFrom('date', 'from', 'to', 'limit', 'before', 'entityType'),
            fc.oneof(fc.string({ maxLength: 20 }), pathValues),
            { maxKeys: 3 },
          ),
          { nil: undefined },
        ),
        auth: fc.nat(),
        contentType: contentTypes,
        raw: fc.option(rawBodies, { freq: 6, nil: undefined }),
        seed: fc.nat(),
      })
      .chain((r) => {
        const route = routes[r.route % routes.length]!;
        return bodies(EXAMPLES[route.path]).map((body) => ({ ...r, route, body }));
      });

    let count = 0;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(arbitrary, async (r) => {
        let i = 0;
        const path = r.route.path.replace(/\{[^}]+\}/g, () => r.params[i++ % r.params.length]!);
        const query = r.query
          ? `?${Object.entries(r.query)
              .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
              .join('&')}`
          : '';
        const method = r.route.method as 'get' | 'post' | 'put' | 'delete' | 'patch';
        let req = request(`http://127.0.0.1:${port}`)[method](path + query);
        const authorization = authorizations[r.auth % authorizations.length];
        if (authorization !== undefined) req = req.set('Authorization', authorization);
        if (method !== 'get' && method !== 'delete') {
          if (r.contentType) req = req.set('Content-Type', r.contentType);
          req = req.send(r.raw ?? JSON.stringify(r.body ?? null));
        }
        const res = await req.ok(() => true);
        count++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const where = `${method.toUpperCase()} ${path + query} → ${res.status}`;
        expect([where, res.status < 500]).toEqual([where, true]);
        if (res.status >= 400) {
          // The one exception: a bad share link is a friendly HTML page for people, not JSON.
          const htmlLink = method === 'get' && r.route.path === '/s/{token}' && res.status === 404;
          if (!htmlLink) {
            expect([where, res.headers['content-type']]).toEqual([
              where,
              expect.stringMatching(/^application\/json/),
            ]);
            expect(res.body).toEqual({
              error: {
                code: expect.any(String),
                message: expect.any(String),
                path: expect.any(Array),
              },
              // An upload's every problem, by row and column (errorBodySchema).
              ...(res.body.errors === undefined ? {} : { errors: expect.any(Array) }),
            });
          }
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261124), endOnFailure: true },
    );
    expect(count).toBe(RUNS);
    // The fuzz reached past authentication and validation, not just the front door.
    expect(statuses[200]).toBeGreaterThan(RUNS / 50);
    expect(statuses[400]).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
