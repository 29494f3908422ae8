import type { WebSocket } from 'ws';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { TEST_ADMIN, startTestApp, type TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { rawPath } from '../support/fuzz/raw.js';
import type { RawAnswer } from '../support/fuzz/envelope.js';
import { clientWithKey, login, openLive, viewerToken, type Handshake } from '../e2e/dashboard/support/dashboard.js';
import { flushLogs } from './support/books.js';
import { dataFrames } from './support/fault.harness.js';

const CONFIG_PROVIDER_KEY = 'sk-config-SECRET-0a1b2c3d4e5f6a7b8c9d';
const API_PROVIDER_KEY = 'sk-admin-SECRET-9f8e7d6c5b4a39281706';
const GEMINI_KEY = 'AIzaSyA-gemini-SECRET-0123456789abcdef';

/**
 * No secret — client keys, provider keys, session tokens, the admin password — in the logs, in an error body,
 * in the metrics or in the OpenAPI document, whatever the traffic; /ws checks origin and session; base_url is
 * http(s) only through the admin API too.
 */
describe.each(databaseTargets())('secrets stay secret, /ws and base_url checks on %s', (db) => {
  let openai: MockUpstream;
  let gemini: MockUpstream;
  let t: TestApp;
  let admin: string;
  let clientKey: string;
  let clientId: string;
  const answers: Array<{ what: string; text: string }> = [];
  const sockets: WebSocket[] = [];

  const keep = (what: string, res: RawAnswer): RawAnswer => {
    answers.push({ what, text: `${JSON.stringify(Object.fromEntries(res.headers))}\n${res.text}` });
    return res;
  };

  beforeAll(async () => {
    openai = await startMockUpstream('openai', { apiKey: CONFIG_PROVIDER_KEY });
    gemini = await startMockUpstream('gemini', { apiKey: GEMINI_KEY });
    t = await startTestApp({
      db,
      captureLogs: true,
      yaml: JSON.stringify({
        logs: { bodies: true },
        providers: [
          { name: 'oa', kind: 'openai', base_url: openai.baseUrl, api_key: CONFIG_PROVIDER_KEY, retry: { attempts: 1, backoff_ms: [0] }, pricing: { 'gpt-4o': { input: 1, output: 2 } } },
          { name: 'gem', kind: 'gemini', base_url: gemini.baseUrl, api_key: GEMINI_KEY, retry: { attempts: 1, backoff_ms: [0] }, pricing: { 'gemini-2.5-flash': { input: 1, output: 2 } } },
        ],
        routing: [{ match: 'gpt-4o', provider: 'oa' }, { match: 'gemini-2.5-flash', provider: 'gem' }],
      }),
    });
    admin = await login(t);
    ({ clientId, key: clientKey } = await clientWithKey(t, admin, 'secretive', 5));
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await t?.close();
    await openai?.close();
    await gemini?.close();
  });

  const v1 = (body: unknown, key = clientKey) => rawPath(t.url, 'POST', '/v1/chat/completions', { authorization: `Bearer ${key}`, 'content-type': 'application/json', cookie: `gg_session=${admin}` }, JSON.stringify(body));
  const api = (method: string, path: string, body?: unknown) => rawPath(t.url, method, path, { authorization: `Bearer ${admin}`, cookie: `gg_session=${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body));
  const ask = { messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] };

  it('drives traffic that tempts every leak: good and bad keys, upstream errors that echo the provider key', async () => {
    keep('success', await v1({ model: 'gpt-4o', ...ask }));
    keep('success stream', await v1({ model: 'gemini-2.5-flash', stream: true, ...ask }));
    keep('bad client key', await v1({ model: 'gpt-4o', ...ask }, `${clientKey.slice(0, -2)}zz`));
    keep('session token on /v1', await v1({ model: 'gpt-4o', ...ask }, admin));
    keep('client key on /api', await rawPath(t.url, 'GET', '/api/clients', { authorization: `Bearer ${clientKey}` }));
    // upstreams whose errors quote our key back (some providers do, in part or whole)
    openai.script({ status: 400, json: { error: { message: `Incorrect API key provided: ${CONFIG_PROVIDER_KEY}. Bearer ${CONFIG_PROVIDER_KEY}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    keep('upstream 400 quoting the key', await v1({ model: 'gpt-4o', ...ask }));
    openai.script({ status: 500, body: `upstream crashed; request was Authorization: Bearer ${CONFIG_PROVIDER_KEY}`, contentType: 'text/plain' });
    keep('upstream 500 quoting the key', await v1({ model: 'gpt-4o', ...ask }));
    openai.script({ frames: [`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'Paris' }, finish_reason: null }] })}\n\n`, `data: ${JSON.stringify({ error: { message: `stream failed for key ${CONFIG_PROVIDER_KEY}`, type: 'server_error' } })}\n\n`] });
    const stream = keep('mid-stream error quoting the key', await v1({ model: 'gpt-4o', stream: true, ...ask }));
    expect(dataFrames(stream.text).at(-1)).toMatchObject({ error: expect.any(Object) });
    gemini.script({ status: 400, json: { error: { code: 400, message: `API key not valid: ${GEMINI_KEY} (?key=${GEMINI_KEY})`, status: 'INVALID_ARGUMENT' } } });
    keep('gemini error quoting the key', await v1({ model: 'gemini-2.5-flash', ...ask }));
    // the admin side
    keep('wrong password', await rawPath(t.url, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: TEST_ADMIN.username, password: `${TEST_ADMIN.password}x` })));
    const created = keep('provider created', await api('POST', '/api/providers', { name: 'stored', kind: 'openai', base_url: openai.baseUrl, api_key: API_PROVIDER_KEY }));
    expect(created.status).toBe(201);
    const providerId = (JSON.parse(created.text) as { id: string }).id;
    keep('provider test call', await api('POST', `/api/providers/${providerId}/test`));
    keep('provider update', await api('PATCH', `/api/providers/${providerId}`, { api_key: API_PROVIDER_KEY, timeout_seconds: 10 }));
    keep('provider bad update', await api('PATCH', `/api/providers/${providerId}`, { api_key: `${API_PROVIDER_KEY} with spaces` }));
    await flushLogs(t);
    for (const path of ['/api/providers', '/api/system', '/api/logs?limit=200', '/api/sessions', '/api/users', `/api/clients/${clientId}`, `/api/clients/${clientId}/keys`, `/api/clients/${clientId}/ledger`, '/api/usage?group_by=provider', '/api/auth/me']) {
      keep(path, await api('GET', path));
    }
    const logs = JSON.parse(answers.find((a) => a.what === '/api/logs?limit=200')!.text.split('\n').slice(1).join('\n')) as { data: Array<{ request_id: string }> };
    for (const row of logs.data.slice(0, 20)) keep(`log ${row.request_id}`, await api('GET', `/api/logs/${row.request_id}`));
    keep('metrics', await rawPath(t.url, 'GET', '/metrics'));
    keep('openapi', await rawPath(t.url, 'GET', '/docs-json'));
    keep('openapi yaml', await rawPath(t.url, 'GET', '/docs-yaml'));
    expect(answers.length).toBeGreaterThan(30);
  });

  it('no answer, log line, metric or OpenAPI text contains a secret', async () => {
    const secrets: Record<string, string> = {
      'client key': clientKey,
      'config provider key': CONFIG_PROVIDER_KEY,
      'admin-API provider key': API_PROVIDER_KEY,
      'gemini key': GEMINI_KEY,
      'session token': admin,
      'admin password': TEST_ADMIN.password,
    };
    const found: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      for (const a of answers) if (a.text.includes(secret)) found.push(`${name} in the answer to "${a.what}"`);
      const lines = t.logs.filter((l) => l.includes(secret));
      if (lines.length) found.push(`${name} in ${lines.length} log lines, e.g. ${lines[0].slice(0, 300)}`);
    }
    expect(found).toEqual([]);
    expect(t.logs.length).toBeGreaterThan(20);
  });

  it('/ws: refused without a session, with a client key, with a foreign or opaque Origin, after logout; open otherwise', async () => {
    const viewer = await viewerToken(t, admin, `live-viewer-${db}`);
    const outcome = async (options: Parameters<typeof openLive>[1]): Promise<string> => {
      const h: Handshake = await openLive(t, options);
      if (h.kind === 'open') {
        sockets.push(h.ws);
        return 'open';
      }
      return String(h.status);
    };
    expect(await outcome({})).toBe('401');
    expect(await outcome({ token: 'ggs_' + 'A'.repeat(43) })).toBe('401');
    expect(await outcome({ token: clientKey })).toBe('401');
    expect(await outcome({ token: admin, origin: 'https://evil.example' })).toBe('403');
    expect(await outcome({ token: admin, origin: 'null' })).toBe('403');
    expect(await outcome({ token: admin, origin: `http://localhost:${new URL(t.url).port}.evil.example` })).toBe('403');
    expect(await outcome({ token: admin })).toBe('open');
    expect(await outcome({ cookie: `gg_session=${viewer}` })).toBe('open');
    const session = await login(t);
    expect(await outcome({ token: session })).toBe('open');
    expect((await rawPath(t.url, 'POST', '/api/auth/logout', { authorization: `Bearer ${session}` })).status).toBeLessThan(300);
    expect(await outcome({ token: session })).toBe('401');
  });

  it.each([
    'file:///etc/passwd',
    'ftp://files.example/v1',
    'gopher://127.0.0.1:70/_',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'ws://127.0.0.1:1/v1',
    '//no-scheme.example/v1',
    'http://user:pass@127.0.0.1:1/v1',
    'http://127.0.0.1:1/v1?key=x',
  ])('the admin API refuses base_url %s (create and update)', async (url) => {
    const create = await api('POST', '/api/providers', { name: `bad-${Math.random().toString(36).slice(2, 8)}`, kind: 'openai', base_url: url });
    expect([url, create.status]).toEqual([url, 400]);
    const list = JSON.parse((await api('GET', '/api/providers')).text) as { data: Array<{ id: string; source: string; base_url: string | null }> };
    const stored = list.data.find((p) => p.source === 'database');
    expect(stored).toBeDefined();
    const update = await api('PATCH', `/api/providers/${stored!.id}`, { base_url: url });
    expect([url, update.status]).toEqual([url, 400]);
    expect(list.data.some((p) => p.base_url === url)).toBe(false);
  });
});
