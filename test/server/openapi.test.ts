/**
 * The OpenAPI document: served, well formed (3.1, every $ref resolves), generated from the
 * zod schemas, and complete: every route registered in the app is in it, and nothing else.
 */
import request from 'supertest';
import type express from 'express';
import { openApiPath } from '../../server/src/platform/openapi/document';
import { engineRoutes } from '../../server/src/calculation/engineRoutes';
import { calculateRoutes } from '../../server/src/calculation/routes';
import { routeTable } from '../../server/src/platform/registry';
import { startTestService, type TestService } from './helpers';
import { BIRMINGHAM_2024 } from './calculate.fixtures';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every "METHOD /path" the app routes, walking nested routers (Express 5 keeps each layer's path). */
function registeredRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const method of Object.keys(layer.route.methods))
            if (method !== '_all') out.push(`${method} ${openApiPath(prefix + path)}`);
        }
      } else if (layer.handle?.stack) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)].sort();
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The only routes that answer something other than JSON. Each documents its content type
 * instead of a JSON schema; a route not listed here must answer JSON with a schema.
 */
const NOT_JSON: Record<string, string> = {
  // Share links (scenarios): the provider page, opened in a browser. Its 404 is negotiated:
  // HTML for browsers, the JSON error for other clients ("/s/" without a token is always 404).
  'get /s/': 'text/html',
  'get /s/{token}': 'text/html',
  'get /s/{token}/response/{changeToken}': 'text/html',
  // Downloads: the rates and the responses as spreadsheets.
  'get /s/{token}/export.csv': 'text/csv',
  'get /s/{token}/export.xlsx': XLSX,
  'get /api/v1/scenarios/{id}/responses/export.csv': 'text/csv',
  'get /api/v1/scenarios/{id}/responses/export.xlsx': XLSX,
  // Care packages: the provider portal page (HTML) and the payment schedule downloads.
  'get /p/{token}': 'text/html',
  'get /api/v1/receipts/payment-schedule.csv': 'text/csv',
  'get /api/v1/receipts/payment-schedule.xlsx': XLSX,
  // Providers: the public quality list for citizens, as a page and as CSV.
  'get /public/{organisationId}/quality-list': 'text/html',
  'get /public/{organisationId}/quality-list.csv': 'text/csv',
};

describe('GET /api/v1/openapi.json', () => {
  let s: TestService;
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>
    >;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    s = await startTestService();
    doc = (
      await request(s.app).get('/api/v1/openapi.json').expect(200).expect('Content-Type', /json/)
    ).body;
    // A fresh database with every migration: slow on a loaded machine.
  }, 120_000);
  afterAll(() => s.close());

  test('is OpenAPI 3.1 and needs no token', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  test('every route mounted on the app is in the document with its request and response schemas', () => {
    type Operation = {
      parameters?: Array<{ name: string; in: string; schema?: unknown }>;
      requestBody?: { content: Record<string, { schema?: unknown }> };
      responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
    };
    // Each mounted route's entry in the route table.
    const described = new Map(routeTable.map((r) => [`${r.method} ${openApiPath(r.path)}`, r]));
    const registered = registeredRoutes(s.app);
    expect(registered.length).toBeGreaterThan(60);
    for (const where of registered) {
      const [method, path] = where.split(' ') as [string, string];
      const route = described.get(where);
      const op = doc.paths[path]?.[method] as Operation | undefined;
      expect([where, route !== undefined, op !== undefined]).toEqual([where, true, true]);

      // The request: each path parameter typed by the route's params schema, each query field
      // by its query schema, and the body by its body schema.
      const parameters = op!.parameters ?? [];
      const pathNames = [...route!.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      expect([where, parameters.filter((p) => p.in === 'path').map((p) => p.name)]).toEqual([
        where,
        pathNames,
      ]);
      if (pathNames.length) expect([where, route!.params !== undefined]).toEqual([where, true]);
      const queryNames = Object.keys(route!.query?.shape ?? {});
      expect([where, parameters.filter((p) => p.in === 'query').map((p) => p.name)]).toEqual([
        where,
        queryNames,
      ]);
      for (const p of parameters)
        expect([where, p.name, p.schema]).toEqual([where, p.name, expect.any(Object)]);
      expect([where, op!.requestBody !== undefined]).toEqual([where, route!.body !== undefined]);
      if (route!.body) {
        expect([where, op!.requestBody!.content['application/json']?.schema]).toEqual([
          where,
          expect.any(Object),
        ]);
      }

      // The response: JSON with its schema, or a documented other content type (exempt below).
      const exempt = NOT_JSON[where];
      if (exempt) {
        expect([where, route!.contentType]).toEqual([where, exempt]);
        const types = Object.values(op!.responses).flatMap((r) => Object.keys(r.content ?? {}));
        expect([where, types]).toEqual([where, expect.arrayContaining([exempt])]);
        continue;
      }
      expect([where, route!.contentType]).toEqual([where, undefined]);
      const status = String(route!.status ?? 200);
      const success = op!.responses[status];
      expect([where, success !== undefined]).toEqual([where, true]);
      if (status === '204') {
        expect(success!.content).toBeUndefined();
        continue;
      }
      expect([where, Object.keys(success!.content ?? {})]).toEqual([where, ['application/json']]);
      expect(success!.content!['application/json']!.schema).toEqual(expect.any(Object));
      // The schema is the route's own, not a placeholder, except for the hand-written
      // descriptions that issue #11 is replacing.
      if ('handler' in route!)
        expect([where, route!.response !== undefined]).toEqual([where, true]);
    }
    // Nothing is documented that is not mounted. A route mounted outside the route table fails
    // above: add it to routeTable in server/src/platform/registry.ts (server/README.md,
    // "Adding a route").
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
    // Every exemption is a route that is still mounted (the list cannot go stale).
    expect(Object.keys(NOT_JSON).filter((r) => !registered.includes(r))).toEqual([]);
  });

  test('every $ref points at a component that exists', () => {
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.add(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty([ref.slice('#/components/schemas/'.length)]);
    }
  });

  test('request bodies come from the zod schemas: the rate card and the batch', () => {
    const rateCard = doc.components.schemas.RateCardInput as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(rateCard.properties)).toEqual(
      expect.arrayContaining(['id', 'hotelCost', 'categories', 'quality']),
    );
    // Defaults are optional in what a client sends.
    expect(rateCard.required).not.toContain('quality');
    const calc = doc.paths['/api/v1/calculate']!.post!.requestBody as {
      content: { 'application/json': { schema: { properties: { items: { maxItems: number } } } } };
    };
    expect(calc.content['application/json'].schema.properties.items.maxItems).toBe(1_000_000);
    expect(doc.paths['/api/v1/calculate']!.post!.responses).toHaveProperty(['400']);
  });

  test('what the calculation routes send matches their documented response schemas', async () => {
    const examples: Record<string, unknown> = {
      '/api/v1/calculate': {
        card: { inline: BIRMINGHAM_2024 },
        items: [{ category: 'older-residential', rating: 'Gold' }, { category: 'nursing' }],
      },
      '/api/v1/quality-rating': {
        inspections: [{ date: '2024-01-10', body: 'CQC', kind: 'full', result: 'Good' }],
      },
      '/api/v1/chc-tier': { card: { inline: BIRMINGHAM_2024 }, tierId: 'tier-3' },
      '/api/v1/tender/score': {
        bids: [{ id: 'A', price: '500.00', cqcRating: 'Good', qualityReporting: '0.8' }],
      },
      '/api/v1/tender/award': {
        offers: [
          { id: 'a', rating: 'Gold' },
          { id: 'b', rating: 'Inadequate' },
        ],
      },
      '/api/v1/tpc-check': {
        chcFunded: false,
        genuineUpgrade: true,
        requestedByPersonOrFamily: true,
        coversCommissionedServices: false,
        separateWrittenAgreement: true,
        roomAtCommissionerPriceOffered: true,
        voluntary: false,
        agreedWithCommissioner: true,
      },
      '/api/v1/cost-of-care': {
        careHoursPerResidentWeek: 20,
        careHourlyPay: '12.00',
        onCosts: '0.2',
        occupancy: '0.9',
      },
      '/api/v1/cost-of-care/quartiles': {
        returns: [
          {
            careHoursPerResidentWeek: 20,
            careHourlyPay: '12.00',
            onCosts: '0.2',
            occupancy: '0.9',
          },
        ],
      },
      '/api/v1/conversions/weekly-to-daily': { weekly: 700 },
      '/api/v1/conversions/daily-to-weekly': { daily: 100 },
      '/api/v1/conversions/period-cost': { weekly: '700', start: '2024-04-01', end: '2024-04-07' },
      '/api/v1/conversions/provider-size': { weeklyHours: 10 },
    };
    const docs = [...calculateRoutes, ...engineRoutes];
    expect(docs.map((d) => d.path).sort()).toEqual(Object.keys(examples).sort());
    for (const route of docs) {
      const res = await request(s.app)
        .post(route.path)
        .set('Authorization', s.auth('viewer'))
        .send(examples[route.path] as object)
        .expect(200);
      expect(route.response).toBeDefined();
      const parsed = route.response!.safeParse(res.body);
      expect([route.path, parsed.success ? 'matches' : parsed.error.message]).toEqual([
        route.path,
        'matches',
      ]);
    }
  });
});
