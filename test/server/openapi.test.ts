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

  test('describes every route registered in the app, and no route that is not', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    const registered = registeredRoutes(s.app);
    expect(registered.length).toBeGreaterThan(20);
    // A route mounted outside the route table fails here: add it to routeTable in
    // server/src/platform/registry.ts (server/README.md, "Adding a route").
    const undocumented = registered.filter((r) => !documented.includes(r));
    expect({ undocumented, addThemTo: 'server/src/platform/registry.ts' }).toEqual({
      undocumented: [],
      addThemTo: 'server/src/platform/registry.ts',
    });
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
  });

  test('every route in the table is in the document with its request and response schemas', () => {
    type Operation = {
      parameters?: Array<{ name: string; in: string; schema: unknown }>;
      requestBody?: { content: Record<string, { schema: unknown }> };
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    expect(routeTable.length).toBeGreaterThan(30);
    for (const route of routeTable) {
      const where = `${route.method} ${route.path}`;
      const op = doc.paths[openApiPath(route.path)]?.[route.method] as Operation | undefined;
      expect([where, op !== undefined]).toEqual([where, true]);
      const parameters = op!.parameters ?? [];
      // Each path parameter and query field, typed by its schema.
      const pathNames = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      expect([where, parameters.filter((p) => p.in === 'path').map((p) => p.name)]).toEqual([
        where,
        pathNames,
      ]);
      if (pathNames.length) expect([where, route.params]).toEqual([where, expect.anything()]);
      const queryNames = Object.keys(route.query?.shape ?? {});
      expect([where, parameters.filter((p) => p.in === 'query').map((p) => p.name)]).toEqual([
        where,
        queryNames,
      ]);
      // The body, as its schema says.
      expect([where, op!.requestBody !== undefined]).toEqual([where, route.body !== undefined]);
      if (route.body) {
        expect(op!.requestBody!.content['application/json']!.schema).toBeDefined();
      }
      // The success response: JSON with its schema, another content type, or no content.
      const status = String(route.status ?? 200);
      const success = op!.responses[status];
      expect([where, success !== undefined]).toEqual([where, true]);
      if (status === '204') expect(success!.content).toBeUndefined();
      else if (route.contentType)
        expect(Object.keys(success!.content!)).toEqual([route.contentType]);
      else {
        expect([where, route.response !== undefined]).toEqual([where, true]);
        expect(Object.keys(success!.content!)).toEqual(['application/json']);
        expect(success!.content!['application/json']!.schema).toBeDefined();
      }
    }
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
