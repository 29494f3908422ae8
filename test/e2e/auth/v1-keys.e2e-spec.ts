import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login } from './support/admin-api.js';
import { concretePath, registeredRoutes } from './support/routes.js';

/** The /v1 routes of the contract; every one must refuse a bad key before doing anything else. */
const V1_ROUTES: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/v1/models' },
  { method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } },
  { method: 'POST', path: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: 'hi' } },
];

describe.each(databaseTargets())('client keys on /v1 on %s', (db) => {
  let t: TestApp;
  let upstream: Server;
  let upstreamHits = 0;
  let keys: Record<string, string>;
  let sessionToken: string;

  beforeAll(async () => {
    // A provider that counts every request reaching it: a refused key must never get this far.
    upstream = createServer((req, res) => {
      upstreamHits++;
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"should not be called"}}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    t = await startTestApp({
      db,
      yaml: `providers:\n  - { name: openai, kind: openai, base_url: "http://127.0.0.1:${port}/v1", api_key: sk-upstream, retry: { attempts: 1, backoff_ms: [0] } }\nbilling: { unpriced_models: free }\n`,
    });
    sessionToken = await login(t);
    const client = await createClient(t, sessionToken, { name: 'v1-client' });
    const revokedKey = await createKey(t, sessionToken, client.id);
    await call(t, 'DELETE', `/api/clients/${client.id}/keys/${revokedKey.id}`, { token: sessionToken });
    const expiringKey = await createKey(t, sessionToken, client.id, { expires_at: new Date(Date.now() + 1000).toISOString() });
    const deleted = await createClient(t, sessionToken, { name: 'deleted-client' });
    const deletedKey = await createKey(t, sessionToken, deleted.id);
    await call(t, 'DELETE', `/api/clients/${deleted.id}`, { token: sessionToken });
    keys = { revoked: revokedKey.key, expired: expiringKey.key, deletedClient: deletedKey.key, live: (await createKey(t, sessionToken, client.id)).key };
    await new Promise((r) => setTimeout(r, 1100));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => upstream?.close(r));
  });

  const badAuth = (): Array<[string, Record<string, string>]> => [
    ['no Authorization header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a Basic header', { authorization: `Basic ${Buffer.from(`x:${keys.live}`).toString('base64')}` }],
    ['the key without "Bearer"', { authorization: keys.live }],
    ['a malformed key', { authorization: 'Bearer gg-short' }],
    ['an OpenAI-style key', { authorization: 'Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789' }],
    ['an unknown key', { authorization: `Bearer gg-${'Z'.repeat(43)}` }],
    ['a revoked key', { authorization: `Bearer ${keys.revoked}` }],
    ['an expired key', { authorization: `Bearer ${keys.expired}` }],
    ['a key of a deleted client', { authorization: `Bearer ${keys.deletedClient}` }],
    ['a dashboard session token', { authorization: `Bearer ${sessionToken}` }],
    ['a dashboard session cookie', { cookie: `gg_session=${sessionToken}` }],
  ];

  it('refuses every bad key form on every /v1 route with 401 invalid_api_key, before reaching a provider', async () => {
    const failures: string[] = [];
    for (const route of V1_ROUTES) {
      for (const [name, headers] of badAuth()) {
        const res = await fetch(`${t.url}${route.path}`, {
          method: route.method,
          headers: { ...headers, ...(route.body ? { 'content-type': 'application/json' } : {}) },
          body: route.body ? JSON.stringify(route.body) : undefined,
        });
        const body = (await res.json().catch(() => null)) as { error?: { type?: string; code?: string; message?: string } } | null;
        if (res.status !== 401 || body?.error?.code !== 'invalid_api_key' || body.error.type !== 'invalid_request_error' || !body.error.message) {
          failures.push(`${route.method} ${route.path} with ${name} → ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(upstreamHits).toBe(0);
  });

  it('refuses a bad key before reading the body: malformed JSON, wrong types or an oversized body still get 401', async () => {
    for (const route of V1_ROUTES.filter((r) => r.method === 'POST')) {
      const res = await fetch(`${t.url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": 42' });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const big = await fetch(`${t.url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"model":"${'x'.repeat(21 * 1024 * 1024)}"}` });
      expect(big.status).toBe(401);
      const wrongTypes = await fetch(`${t.url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": 42}' });
      expect(wrongTypes.status).toBe(401);
    }
    expect(upstreamHits).toBe(0);
  });

  it('guards every registered /v1 route, not only the known ones', async () => {
    const routes = registeredRoutes(t).filter((r) => r.path === '/v1' || r.path.startsWith('/v1/'));
    expect(routes.length).toBeGreaterThanOrEqual(V1_ROUTES.length);
    const failures: string[] = [];
    for (const r of routes) {
      const res = await fetch(`${t.url}${concretePath(r.path, 'gpt-4o-mini')}`, { method: r.method, headers: r.method === 'GET' ? {} : { 'content-type': 'application/json' }, body: r.method === 'GET' ? undefined : '{}' });
      if (res.status !== 401) failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('accepts a live key', async () => {
    const res = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${keys.live}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe('list');
  });

  it('never lets a client key open /api, and /health stays open without any key', async () => {
    const res = await call(t, 'GET', '/api/clients', { token: keys.live });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401 });
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
  });
});
