import { rmSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, clientWithKey, filesContaining, login, viewerToken } from './support/dashboard.js';

const UPSTREAM_KEY = 'sk-live-PLAINTEXT-never-stored-9f8e7d6c';
const CONFIG_KEY = 'sk-config-secret-value-abcdefgh1234';

interface Item { id: string; name: string; kind: string; base_url: string | null; api_key: string | null; enabled: boolean; timeout_seconds: number; source: string; state: string }

describe.each(databaseTargets())('providers admin API on %s', (db) => {
  let t: TestApp;
  let upstream: MockUpstream;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai', { apiKey: UPSTREAM_KEY });
    t = await startTestApp({
      db,
      captureLogs: true,
      yaml: [
        'providers:',
        '  - name: cfg-openai',
        '    kind: openai',
        `    base_url: ${upstream.baseUrl}`,
        `    api_key: ${CONFIG_KEY}`,
      ].join('\n'),
    });
    admin = await login(t);
    viewer = await viewerToken(t, admin);
  });

  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  it('refuses every route without a session (401)', async () => {
    for (const [method, path] of [['GET', '/api/providers'], ['POST', '/api/providers'], ['PATCH', '/api/providers/x'], ['DELETE', '/api/providers/x'], ['POST', '/api/providers/x/test']]) {
      const res = await call(t, method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });

  it('lets a viewer read but not write (403)', async () => {
    expect((await call(t, 'GET', '/api/providers', { token: viewer })).status).toBe(200);
    const create = await call(t, 'POST', '/api/providers', { token: viewer, body: { name: 'by-viewer', kind: 'openai', base_url: upstream.baseUrl } });
    expect(create.status).toBe(403);
    expect((await call(t, 'PATCH', '/api/providers/config:cfg-openai', { token: viewer, body: { enabled: false } })).status).toBe(403);
    expect((await call(t, 'DELETE', '/api/providers/config:cfg-openai', { token: viewer })).status).toBe(403);
    expect((await call(t, 'POST', '/api/providers/config:cfg-openai/test', { token: viewer })).status).toBe(403);
    const list = await call<{ data: Item[] }>(t, 'GET', '/api/providers', { token: admin });
    expect(list.body.data.map((p) => p.name)).not.toContain('by-viewer');
  });

  it.each([
    ['a file: URL', { base_url: 'file:///etc/passwd' }, 'base_url'],
    ['a javascript: URL', { base_url: 'javascript:alert(1)' }, 'base_url'],
    ['a URL with credentials', { base_url: 'https://user:pw@example.com/v1' }, 'base_url'],
    ['an unknown kind', { kind: 'bedrock' }, 'kind'],
    ['an upper-case name', { name: 'My Provider' }, 'name'],
    ['a negative timeout', { timeout_seconds: -1 }, 'timeout_seconds'],
    ['a string timeout', { timeout_seconds: 'soon' }, 'timeout_seconds'],
    ['an unknown field', { surprise: true }, 'surprise'],
    ['a malformed price', { pricing: { m: { input: -1, output: 1 } } }, 'pricing'],
    ['a key with spaces', { api_key: 'sk with spaces' }, 'api_key'],
    ['openai-compatible without a base URL', { kind: 'openai-compatible', base_url: undefined }, 'base_url'],
  ])('answers 400 for %s', async (_what, change, field) => {
    const body = { name: 'bad-one', kind: 'openai', base_url: upstream.baseUrl, ...change };
    const res = await call<{ statusCode: number; message: string[] }>(t, 'POST', '/api/providers', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${t.url}/api/providers`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400 });
  });

  it('lists config providers read-only with a masked key and their breaker state', async () => {
    const res = await call<{ data: Item[] }>(t, 'GET', '/api/providers', { token: admin });
    expect(res.status).toBe(200);
    const cfg = res.body.data.find((p) => p.name === 'cfg-openai');
    expect(cfg).toMatchObject({ id: 'config:cfg-openai', kind: 'openai', base_url: upstream.baseUrl, api_key: '••••1234', enabled: true, source: 'config', state: 'closed' });
    expect(res.text).not.toContain(CONFIG_KEY);
    expect((await call(t, 'PATCH', '/api/providers/config:cfg-openai', { token: admin, body: { enabled: false } })).status).toBe(409);
    expect((await call(t, 'DELETE', '/api/providers/config:cfg-openai', { token: admin })).status).toBe(409);
    expect((await call(t, 'PATCH', '/api/providers/config:nope', { token: admin, body: { enabled: false } })).status).toBe(404);
  });

  it('refuses a name that a config provider or another stored provider already has (409)', async () => {
    const clash = await call(t, 'POST', '/api/providers', { token: admin, body: { name: 'cfg-openai', kind: 'openai', base_url: upstream.baseUrl } });
    expect(clash.status).toBe(409);
    const first = await call<Item>(t, 'POST', '/api/providers', { token: admin, body: { name: 'dup', kind: 'ollama', base_url: 'http://127.0.0.1:9' } });
    expect(first.status).toBe(201);
    const second = await call(t, 'POST', '/api/providers', { token: admin, body: { name: 'dup', kind: 'ollama', base_url: 'http://127.0.0.1:9' } });
    expect(second.status).toBe(409);
    const renamed = await call(t, 'PATCH', `/api/providers/${first.body.id}`, { token: admin, body: { name: 'cfg-openai' } });
    expect(renamed.status).toBe(409);
    expect((await call(t, 'DELETE', `/api/providers/${first.body.id}`, { token: admin })).status).toBe(204);
  });

  it('stores the API key encrypted and never returns it: only ••••last4, nowhere in the data folder or the logs', async () => {
    const created = await call<Item>(t, 'POST', '/api/providers', { token: admin, body: { name: 'secret-holder', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'secret-holder', api_key: '••••7d6c', source: 'database', enabled: true, timeout_seconds: 30 });
    expect(created.text).not.toContain(UPSTREAM_KEY);

    const list = await call<{ data: Item[] }>(t, 'GET', '/api/providers', { token: admin });
    expect(list.body.data.find((p) => p.id === created.body.id)?.api_key).toBe('••••7d6c');
    expect(list.text).not.toContain(UPSTREAM_KEY);

    const patched = await call<Item>(t, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { timeout_seconds: 12 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ api_key: '••••7d6c', timeout_seconds: 12 });
    expect(patched.text).not.toContain(UPSTREAM_KEY);

    const rows = (await t.app.get(DataSource).query('SELECT api_key_enc, api_key_last4 FROM providers WHERE name = $1'.replace('$1', db === 'sqlite' ? '?' : '$1'), ['secret-holder'])) as Array<{ api_key_enc: string; api_key_last4: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0].api_key_enc).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(rows[0].api_key_enc).not.toContain(UPSTREAM_KEY);
    expect(rows[0].api_key_last4).toBe('7d6c');

    if (db === 'sqlite') expect(filesContaining(t.dataDir, 'secret-holder').length).toBeGreaterThan(0); // the scan does see the database
    expect(filesContaining(t.dataDir, UPSTREAM_KEY)).toEqual([]);
    expect(filesContaining(t.dataDir, 'PLAINTEXT-never-stored')).toEqual([]);
    // The positive control: the logs are captured. (A second app in one Jest process gets no captured lines from
    // nestjs-pino, so on the second target the check below is only as good as what was captured.)
    if (db === 'sqlite') expect(t.logs.some((line) => line.includes('secret-holder'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(UPSTREAM_KEY);
    expect(t.logs.join('\n')).not.toContain(CONFIG_KEY);
  });

  it('removes a key with api_key: null and keeps it when the field is absent', async () => {
    const created = await call<Item>(t, 'POST', '/api/providers', { token: admin, body: { name: 'key-cycle', kind: 'openai', base_url: upstream.baseUrl, api_key: 'short-key' } });
    expect(created.body.api_key).toBe('••••');
    const kept = await call<Item>(t, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { enabled: false } });
    expect(kept.body).toMatchObject({ api_key: '••••', enabled: false, state: 'disabled' });
    const cleared = await call<Item>(t, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { api_key: null } });
    expect(cleared.body.api_key).toBeNull();
    expect((await call(t, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { name: null } })).status).toBe(400);
    expect((await call(t, 'DELETE', `/api/providers/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await call(t, 'DELETE', `/api/providers/${created.body.id}`, { token: admin })).status).toBe(404);
    expect((await call(t, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { enabled: true } })).status).toBe(404);
  });

  it('tests a provider with a real upstream call, and reports a bad key without echoing it', async () => {
    const good = await call<Item>(t, 'POST', '/api/providers', { token: admin, body: { name: 'probe-good', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY } });
    const before = upstream.requests.length;
    const ok = await call<{ ok: boolean; latency_ms: number; message: string }>(t, 'POST', `/api/providers/${good.body.id}/test`, { token: admin });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, latency_ms: expect.any(Number), message: expect.any(String) });
    expect(upstream.requests.length).toBeGreaterThan(before);
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);

    const wrongKey = 'sk-wrong-key-0123456789abcdef';
    const bad = await call<Item>(t, 'POST', '/api/providers', { token: admin, body: { name: 'probe-bad', kind: 'openai', base_url: upstream.baseUrl, api_key: wrongKey } });
    const failed = await call<{ ok: boolean; message: string }>(t, 'POST', `/api/providers/${bad.body.id}/test`, { token: admin });
    expect(failed.status).toBe(200);
    expect(failed.body.ok).toBe(false);
    expect(failed.body.message).toContain('401');
    expect(failed.text).not.toContain(wrongKey);

    const cfg = await call<{ ok: boolean }>(t, 'POST', '/api/providers/config:cfg-openai/test', { token: admin });
    expect(cfg.status).toBe(200);
    expect(cfg.body.ok).toBe(false); // the config key is not the one the mock accepts
    expect((await call(t, 'POST', '/api/providers/nope/test', { token: admin })).status).toBe(404);
  });

  it('serves /v1 traffic through a provider added here, without a restart, and stops when it is deleted', async () => {
    const { key } = await clientWithKey(t, admin, 'hot-client', 10);
    const ask = async () => {
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'hot/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, text: await res.text() };
    };
    upstream.reset();
    expect((await ask()).status).not.toBe(200);
    expect(upstream.requestsTo('/chat/completions')).toHaveLength(0);

    const created = await call<Item>(t, 'POST', '/api/providers', {
      token: admin,
      body: { name: 'hot', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } },
    });
    expect(created.status).toBe(201);
    upstream.reset();
    const served = await ask();
    const body = JSON.parse(served.text) as { choices?: unknown[]; usage?: { cost?: number } };
    expect(served.status).toBe(200);
    expect(body.choices?.length).toBeGreaterThan(0);
    expect(upstream.requestsTo('/chat/completions')).toHaveLength(1);
    expect(upstream.requestsTo('/chat/completions')[0].headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);

    expect((await call(t, 'DELETE', `/api/providers/${created.body.id}`, { token: admin })).status).toBe(204);
    upstream.reset();
    expect((await ask()).status).not.toBe(200);
    expect(upstream.requestsTo('/chat/completions')).toHaveLength(0);
  });
});

describe.each(databaseTargets())('stored providers across a restart on %s', (db) => {
  let upstream: MockUpstream;
  beforeAll(async () => {
    upstream = await startMockUpstream('openai', { apiKey: UPSTREAM_KEY });
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it('loads every stored provider at start, key decrypted, serving /v1 at once', async () => {
    const first = await startTestApp({ db });
    let second: TestApp | undefined;
    try {
      const admin = await login(first);
      const created = await call<Item>(first, 'POST', '/api/providers', {
        token: admin,
        body: { name: 'persisted', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } },
      });
      expect(created.status).toBe(201);
      const { key } = await clientWithKey(first, admin, 'restart-client', 5);
      await first.close({ keepData: true });

      second = await startTestApp({ db, dataDir: first.dataDir, databaseUrl: first.databaseUrl });
      const admin2 = await login(second);
      const list = await call<{ data: Item[] }>(second, 'GET', '/api/providers', { token: admin2 });
      expect(list.body.data.find((p) => p.name === 'persisted')).toMatchObject({ id: created.body.id, api_key: '••••7d6c', source: 'database', state: 'closed' });
      upstream.reset();
      const res = await fetch(`${second.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'persisted/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 }),
        signal: AbortSignal.timeout(15_000),
      });
      expect(res.status).toBe(200);
      await res.text();
      expect(upstream.requestsTo('/chat/completions')[0]?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    } finally {
      await second?.close();
      await dropDatabase(first.databaseUrl);
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});

/** The second app was given the database URL, so nobody else drops it. */
async function dropDatabase(url: string | undefined): Promise<void> {
  if (!url || !process.env.TEST_DATABASE_URL) return;
  const name = new URL(url).pathname.slice(1);
  if (!/^gg_test_[0-9a-f]+$/.test(name)) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
