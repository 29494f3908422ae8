// x-gophergate-overhead-ms on every non-streaming /v1 answer, and the overhead histogram per surface.
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { DrainState } from '../../../src/common/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { adminToken, createClient, metricsText, type TestClient } from '../gateway/support/gateway.harness.js';

const UPSTREAM_KEY = 'sk-overhead-upstream-key-123456';
const DELAY_MS = 400;
const ASK = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'How far is the moon?' }] };

describe('gateway overhead', () => {
  let upstream: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai', { apiKey: UPSTREAM_KEY });
    t = await startTestApp({
      yaml: JSON.stringify({
        providers: [{ name: 'up', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY, timeout_seconds: 5, retry: { attempts: 1, backoff_ms: [10] }, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 }, 'text-embedding-3-small': { input: 0.02, output: 0 } } }],
        routing: [{ match: '*', provider: 'up' }],
      }),
    });
    client = await createClient(t, await adminToken(t), { name: 'overhead', credit_usd: 5 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  afterEach(() => upstream.reset());

  const call = async (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) => {
    const started = performance.now();
    const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json', ...init.headers }, body: init.body });
    await res.text();
    return { status: res.status, overhead: res.headers.get('x-gophergate-overhead-ms'), elapsed: performance.now() - started };
  };

  it('leaves out the time spent waiting on the provider', async () => {
    upstream.script({ behaviour: (req) => ({ delayMs: DELAY_MS, json: { id: 'chatcmpl-slow', object: 'chat.completion', created: 1, model: req.body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'Far.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } } }) });
    const r = await call('POST', '/v1/chat/completions', { body: JSON.stringify(ASK) });
    expect(r.status).toBe(200);
    expect(r.overhead).toMatch(/^\d+\.\d{2}$/);
    const overhead = Number(r.overhead);
    expect(r.elapsed).toBeGreaterThanOrEqual(DELAY_MS);
    expect(overhead).toBeLessThan(DELAY_MS / 2);
    expect(overhead + DELAY_MS).toBeLessThanOrEqual(r.elapsed + 1);
  });

  const cases: Array<[string, string, string, { body?: string; headers?: Record<string, string> }, number, (() => void)?]> = [
    ['a chat completion', 'POST', '/v1/chat/completions', { body: JSON.stringify(ASK) }, 200],
    ['an idempotent replay', 'POST', '/v1/chat/completions', { body: JSON.stringify(ASK), headers: { 'idempotency-key': 'overhead-replay-1' } }, 200],
    ['embeddings', 'POST', '/v1/embeddings', { body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hi' }) }, 200],
    ['the model list', 'GET', '/v1/models', {}, 200],
    ['a missing key', 'POST', '/v1/chat/completions', { body: JSON.stringify(ASK), headers: { authorization: '' } }, 401],
    ['malformed JSON', 'POST', '/v1/chat/completions', { body: '{"model": ' }, 400],
    ['an unknown model', 'POST', '/v1/chat/completions', { body: JSON.stringify({ ...ASK, model: 'claude-nope' }) }, 404],
    ['an upstream failure', 'POST', '/v1/chat/completions', { body: JSON.stringify(ASK) }, 502],
    ['an unknown /v1 path', 'GET', '/v1/nothing-here', {}, 404],
  ];

  it.each(cases)('is on every non-streaming answer: %s', async (_name, method, path, init, status) => {
    if (status === 502) upstream.script(upstream.error(500));
    if (init.headers?.['idempotency-key']) await call(method, path, init);
    const r = await call(method, path, init);
    expect(r.status).toBe(status);
    expect(r.overhead).toMatch(/^\d+\.\d{2}$/);
    expect(Number(r.overhead)).toBeLessThanOrEqual(r.elapsed + 1);
  });

  it('feeds a histogram per surface', async () => {
    const text = await metricsText(t);
    expect(text).toMatch(/^gophergate_gateway_overhead_seconds_count\{surface="chat"\} [1-9]\d*$/m);
    expect(text).toMatch(/^gophergate_gateway_overhead_seconds_count\{surface="embeddings"\} [1-9]\d*$/m);
    expect(text).toMatch(/^gophergate_gateway_overhead_seconds_bucket\{le="0\.005",surface="models"\} \d+$/m);
  });

  // last: the app stays draining
  it('is on the 503 a draining gateway answers too', async () => {
    t.app.get(DrainState).begin();
    const r = await call('POST', '/v1/chat/completions', { body: JSON.stringify(ASK) });
    expect(r.status).toBe(503);
    expect(r.overhead).toMatch(/^\d+\.\d{2}$/);
  });
});
