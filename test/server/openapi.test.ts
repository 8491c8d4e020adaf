/**
 * The OpenAPI document: served, well formed (3.1, every $ref resolves), generated from the
 * zod schemas, and complete: every route registered in the app is in it, and nothing else.
 */
import request from 'supertest';
import type express from 'express';
import { openApiPath } from '../../server/src/openapi/document';
import { startTestService, type TestService } from './helpers';

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
  });
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
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
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
    expect(calc.content['application/json'].schema.properties.items.maxItems).toBe(200_000);
    expect(doc.paths['/api/v1/calculate']!.post!.responses).toHaveProperty(['400']);
  });
});
