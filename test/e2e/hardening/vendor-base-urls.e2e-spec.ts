import { anthropicAdapter, geminiAdapter, ollamaAdapter, openaiAdapter } from '../../../src/providers/index.js';
import { startMockUpstream, type MockKind, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { adminToken, createClient, post, type TestClient } from '../gateway/support/gateway.harness.js';

const KEY = 'vendor-key-0123456789abcdef';
const CASES: Array<{ kind: MockKind; model: string; documented: string; path: RegExp }> = [
  { kind: 'openai', model: 'gpt-4o', documented: 'https://api.openai.com/v1', path: /^\/v1\/chat\/completions$/ },
  { kind: 'anthropic', model: 'claude-sonnet-4-5', documented: 'https://api.anthropic.com', path: /^\/v1\/messages$/ },
  { kind: 'gemini', model: 'gemini-2.5-flash', documented: 'https://generativelanguage.googleapis.com', path: /^\/v1beta\/models\/gemini-2\.5-flash:generateContent$/ },
  { kind: 'ollama', model: 'llama3.2', documented: 'http://127.0.0.1:11434', path: /^\/api\/chat$/ },
];

/** The pre-filled URL with the mock's origin in place of the vendor's: the same path the admin would submit. */
const onMock = (prefilled: string, mock: MockUpstream): string => `${mock.url}${new URL(prefilled).pathname.replace(/\/$/, '')}`;

describe('vendor base URLs with or without their version path (issue 12, item 5)', () => {
  let t: TestApp;
  let token: string;
  let client: TestClient;
  const mocks = new Map<MockKind, MockUpstream>();

  beforeAll(async () => {
    for (const c of CASES) mocks.set(c.kind, await startMockUpstream(c.kind, { apiKey: KEY }));
    t = await startTestApp({ yaml: JSON.stringify({ billing: { unpriced_models: 'free' } }) });
    token = await adminToken(t);
    client = await createClient(t, token, { name: 'vendors', credit_usd: 5 });
  });
  afterAll(async () => {
    await t?.close();
    for (const m of mocks.values()) await m.close();
  });
  afterEach(() => mocks.forEach((m) => m.reset()));

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('the API tells the dashboard each kind\'s default URL, as the vendor documents it, from the adapters', async () => {
    const res = await admin('GET', '/api/providers/kinds');
    expect(res.status).toBe(200);
    const kinds = ((await res.json()) as { data: Array<{ kind: string; default_base_url: string | null; presets: Array<{ name: string; base_url: string }> }> }).data;
    const byKind = new Map(kinds.map((k) => [k.kind, k]));
    for (const c of CASES) expect(byKind.get(c.kind)?.default_base_url).toBe(c.documented);
    expect(byKind.get('anthropic')!.default_base_url).toBe(anthropicAdapter.defaultBaseUrl);
    expect(byKind.get('gemini')!.default_base_url).toBe(geminiAdapter.defaultBaseUrl);
    expect(byKind.get('ollama')!.default_base_url).toBe(ollamaAdapter.defaultBaseUrl);
    expect(byKind.get('openai')!.default_base_url).toBe(openaiAdapter.defaultBaseUrl);
    expect(byKind.get('openai-compatible')).toMatchObject({ default_base_url: null, presets: expect.arrayContaining([{ name: 'deepseek', base_url: 'https://api.deepseek.com/v1' }]) });
  });

  it.each(CASES)('$kind added through POST /api/providers with the pre-filled URL answers a chat', async ({ kind, model, path }) => {
    const kinds = ((await (await admin('GET', '/api/providers/kinds')).json()) as { data: Array<{ kind: string; default_base_url: string }> }).data;
    const prefilled = kinds.find((k) => k.kind === kind)!.default_base_url;
    const mock = mocks.get(kind)!;
    const created = await admin('POST', '/api/providers', { name: `pre-${kind}`, kind, base_url: onMock(prefilled, mock), api_key: KEY });
    expect(created.status).toBe(201);
    const res = await post(t, client.key, '/v1/chat/completions', { model: `pre-${kind}/${model}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 });
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.text }).toEqual({ status: 200, body: 'ok' });
    expect(mock.requests.at(-1)?.path).toMatch(path);
  });

  it.each(CASES)('$kind also works with the version path written out (and Ollama with /api)', async ({ kind, model, path }) => {
    const mock = mocks.get(kind)!;
    const withVersion = kind === 'ollama' ? `${mock.url}/api` : mock.baseUrl;
    const created = await admin('POST', '/api/providers', { name: `ver-${kind}`, kind, base_url: withVersion, api_key: KEY });
    expect(created.status).toBe(201);
    const res = await post(t, client.key, '/v1/chat/completions', { model: `ver-${kind}/${model}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 });
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.text }).toEqual({ status: 200, body: 'ok' });
    expect(mock.requests.at(-1)?.path).toMatch(path);
  });
});
