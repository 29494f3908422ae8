import type { JsonKind } from '../../support/fuzz/bodies.js';
import type { TestApp } from '../../support/test-app.js';
import { registeredRoutes, type RouteEntry } from '../../e2e/auth/support/routes.js';

const NUMBER: JsonKind[] = ['integer', 'fraction'];

export interface WriteSpec {
  /** A body that passes validation, so one changed field is the only fault. */
  base: Record<string, unknown>;
  /** Every field of the route's DTO and the JSON kinds it accepts (null aside). */
  fields: Record<string, JsonKind[]>;
}

const PROVIDER_FIELDS: Record<string, JsonKind[]> = {
  name: ['string'], kind: ['string'], base_url: ['string'], api_key: ['string'], preset: ['string'], timeout_seconds: NUMBER,
  stream_idle_seconds: NUMBER, enabled: ['boolean'], retry: ['object'], breaker: ['object'], pricing: ['object'], models: ['array'],
};

/** The admin API's writes that take a JSON body, keyed `METHOD /pattern` as the route table names them. */
export const WRITES: Record<string, WriteSpec> = {
  'POST /api/auth/login': { base: { username: 'admin', password: 'not-the-password' }, fields: { username: ['string'], password: ['string'] } },
  'POST /api/users': { base: { username: 'fuzz-user', password: 'password-123', role: 'viewer' }, fields: { username: ['string'], password: ['string'], role: ['string'] } },
  'PATCH /api/users/:id': { base: { role: 'viewer' }, fields: { role: ['string'], disabled: ['boolean'], password: ['string'] } },
  'POST /api/clients': { base: { name: 'fuzz' }, fields: { name: ['string'], credit_usd: NUMBER, allowed_models: ['array'], rpm: ['integer'], tpm: ['integer'], budget: ['object'], low_balance_usd: NUMBER } },
  'PATCH /api/clients/:id': { base: { name: 'fuzz' }, fields: { name: ['string'], allowed_models: ['array'], rpm: ['integer'], tpm: ['integer'], budget: ['object'], low_balance_usd: NUMBER } },
  'POST /api/clients/:id/keys': { base: {}, fields: { name: ['string'], expires_at: ['string'], budget: ['object'] } },
  'PATCH /api/clients/:id/keys/:keyId': { base: { name: 'fuzz' }, fields: { name: ['string'], budget: ['object'] } },
  'POST /api/webhooks': { base: { url: 'http://127.0.0.1:9/hook', events: ['credit.low'] }, fields: { url: ['string'], secret: ['string'], events: ['array'] } },
  'PATCH /api/webhooks/:id': { base: { events: ['credit.low'] }, fields: { url: ['string'], secret: ['string'], events: ['array'] } },
  'POST /api/clients/:id/credit': { base: { amount_usd: 1 }, fields: { amount_usd: NUMBER, note: ['string'] } },
  'POST /api/providers': { base: { name: 'fuzz-provider', kind: 'openai', base_url: 'http://127.0.0.1:9/v1' }, fields: PROVIDER_FIELDS },
  'PATCH /api/providers/:id': { base: { enabled: true }, fields: PROVIDER_FIELDS },
};

/** Writes that take no body (a body sent anyway is parsed, then ignored). */
export const BODYLESS = new Set([
  'POST /api/auth/logout',
  'DELETE /api/users/:id',
  'DELETE /api/sessions/:id',
  'DELETE /api/clients/:id',
  'DELETE /api/clients/:id/keys/:keyId',
  'POST /api/registry/refresh',
  'DELETE /api/providers/:id',
  'POST /api/providers/:id/test',
  'DELETE /api/webhooks/:id',
  'POST /api/webhooks/:id/test',
]);

export const routeKey = (r: RouteEntry): string => `${r.method} ${r.path}`;

/** Every write under /api in the running app's route table. */
export function apiWrites(t: TestApp): RouteEntry[] {
  return registeredRoutes(t).filter((r) => r.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
}

/** A concrete path: every parameter an id that does not exist (well formed where the route wants a UUID). */
export function concrete(pattern: string, id = '00000000-0000-4000-8000-000000000000'): string {
  return pattern.replace(/:[A-Za-z0-9_]+/g, id);
}

/** The request-body property names the OpenAPI document declares for each write (`METHOD /pattern`). */
export async function documentedBodies(t: TestApp): Promise<Map<string, string[]>> {
  const doc = (await (await fetch(`${t.url}/docs-json`)).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const out = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
      if (!ref) continue;
      const schema = doc.components.schemas[ref.split('/').pop()!];
      out.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, Object.keys(schema?.properties ?? {}));
    }
  }
  return out;
}
