/**
 * The OpenAPI 3.1 document, generated from the route table (../routeTable.ts) and the same zod
 * schemas the routes validate with (z.toJSONSchema), so the contract cannot drift from the
 * code: each route is described once, by its entry in the table.
 *
 * JSON Schema 2020-12 is OpenAPI 3.1's schema dialect. Shared definitions (a rate card, say)
 * come out of zod as `$defs`; they are lifted into `components.schemas` and the references
 * rewritten, requests (what a client may send: defaults optional, numbers or strings) and
 * responses (what the service sends back) kept apart.
 */
import { z } from 'zod';

import type { AnyRoute } from '../routeTable';

export type { Method } from '../routeTable';
import { errorBodySchema } from '../../../../shared/src/contract/common';
import { rateCardDraftSchema, rateCardSchema } from '../../../../shared/src/rateCard';
import { cardMetaSchema } from '../../../../shared/src/contract/rateCards';
import { cardDiffSchema } from '../../../../shared/src/contract/engine';

/** What the document reads of a route: its table entry without the handler. */
export type RouteDoc = Pick<
  AnyRoute,
  | 'method'
  | 'path'
  | 'summary'
  | 'tag'
  | 'role'
  | 'params'
  | 'query'
  | 'body'
  | 'response'
  | 'status'
  | 'contentType'
  | 'description'
  | 'negotiatedNotFound'
>;

/** Names for the schemas that appear in many routes, so they print once. */
export const namedSchemas = z.registry<{ id: string }>();
namedSchemas.add(rateCardSchema, { id: 'RateCard' });
namedSchemas.add(rateCardDraftSchema, { id: 'RateCardDraft' });
namedSchemas.add(cardMetaSchema, { id: 'CardMeta' });
namedSchemas.add(cardDiffSchema, { id: 'CardDiff' });

type Json = Record<string, unknown>;

const errorBody = z.toJSONSchema(errorBodySchema, { target: 'draft-2020-12' }) as Json;
delete errorBody.$schema;

class SchemaCollector {
  readonly components: Record<string, Json> = { Error: errorBody };
  private anonymous = 0;

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: namedSchemas,
      cycles: 'ref',
      reused: 'inline',
    }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    // Each def gets a document-wide name: named ones keep theirs (…Input for requests),
    // zod's own (__schema0) are made unique.
    const renamed = new Map<string, string>();
    for (const name of Object.keys(defs)) {
      const base = name.startsWith('__') ? `Schema${++this.anonymous}` : name;
      renamed.set(name, io === 'input' ? `${base}Input` : base);
    }
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node && typeof node === 'object') {
        const out: Json = {};
        for (const [k, v] of Object.entries(node as Json)) {
          if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
            const name = v.slice('#/$defs/'.length);
            out[k] = `#/components/schemas/${renamed.get(name) ?? name}`;
          } else if (k === '$ref' && v === '#') {
            out[k] = '#/components/schemas/Unsupported';
          } else out[k] = rewrite(v);
        }
        return out;
      }
      return node;
    };
    for (const [name, def] of Object.entries(defs)) {
      const target = renamed.get(name)!;
      if (!this.components[target]) this.components[target] = rewrite(def) as Json;
    }
    return rewrite(json) as Json;
  }
}

/** A JSON route's response schema: every route in the table says what it answers. */
function responseOf(route: RouteDoc): z.ZodType {
  if (route.response) return route.response;
  throw new Error(`${route.method.toUpperCase()} ${route.path} has no response schema`);
}

/** /a/:id/b/:v → /a/{id}/b/{v} */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function buildOpenApiDocument(
  routes: readonly RouteDoc[],
  info: { title: string; version: string },
): Json {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [];
    for (const [, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      const field = route.params?.shape[name!] as z.ZodType | undefined;
      const schema = field ? schemas.convert(field, 'input') : { type: 'string' };
      parameters.push({ name, in: 'path', required: true, schema });
    }
    if (route.query) {
      for (const [name, field] of Object.entries(route.query.shape)) {
        const s = schemas.convert(field as z.ZodType, 'input');
        parameters.push({
          name,
          in: 'query',
          required: !(field as z.ZodType).safeParse(undefined).success,
          schema: s,
        });
      }
    }
    const responses: Record<string, Json> = {};
    const status = String(route.status ?? 200);
    if (status === '204') {
      responses[status] = { description: route.summary };
    } else if (route.contentType && route.contentType !== 'application/json') {
      responses[status] = {
        description: route.summary,
        content: { [route.contentType]: { schema: { type: 'string' } } },
      };
    } else {
      responses[status] = {
        description: route.summary,
        content: {
          'application/json': {
            schema: schemas.convert(responseOf(route), 'output'),
          },
        },
      };
    }
    const errorResponse = (description: string) => ({
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    if (route.body || route.query || parameters.length)
      responses['400'] = errorResponse('malformed request: the path names the field');
    const isPublic = route.role === 'public';
    if (!isPublic) {
      responses['401'] = errorResponse('no valid bearer token');
      responses['403'] = errorResponse('the token’s role is not allowed to do this');
    }
    if (route.negotiatedNotFound) {
      responses['404'] = {
        description:
          'no such link (or it expired, or was withdrawn): an HTML page for browsers (Accept prefers text/html), the JSON error for other clients',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Error' } },
          'text/html': { schema: { type: 'string' } },
        },
      };
    } else if (parameters.some((p) => p.in === 'path') || route.body)
      responses['404'] = errorResponse('a named thing does not exist');

    const operation: Json = {
      operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      ...(route.description ? { description: route.description } : {}),
      ...(isPublic ? { security: [] } : {}),
      ...(!isPublic ? { 'x-min-role': route.role } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemas.convert(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'The carefee rate-card service. Errors are always { error: { code, message, path } }. ' +
        'Roles: viewer < editor < approver < admin; x-min-role names the least role an operation needs.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { ...schemas.components, Unsupported: {} },
    },
  };
}
