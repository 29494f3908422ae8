import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { FAST, adminToken, balanceUsd, createClient, metricsText, post, sseData, startGateway, type TestClient } from './support/gateway.harness.js';

const ASK = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] };

describe.each(databaseTargets())('the /v1 API contract on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    mock = await startMockUpstream('openai', { apiKey: 'sk-contract-key-123456789' });
    t = await startGateway(db, {
      providers: [{ name: 'openai', kind: 'openai', base_url: mock.baseUrl, api_key: 'sk-contract-key-123456789', ...FAST, pricing: { 'gpt-4o': { input: 2.5, output: 10, cache_read: 1.25 } } }],
    });
    token = await adminToken(t);
    client = await createClient(t, token, { name: `contract-${db}`, credit_usd: 10 });
  });
  afterAll(async () => {
    await t?.close();
    await mock.close();
  });
  afterEach(() => mock.reset());

  it('refuses a missing or unknown key with 401 in the OpenAI envelope', async () => {
    const none = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ASK) });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
    const wrong = await fetch(`${t.url}/v1/models`, { headers: { authorization: 'Bearer gg-not-a-real-key-000000000000000000' } });
    expect(wrong.status).toBe(401);
    expect(mock.requests).toHaveLength(0);
  });

  it('answers malformed input with 400 naming the parameter', async () => {
    const bad = await post(t, client.key, '/v1/chat/completions', { model: 'gpt-4o', messages: [] });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages' } });
    const badType = await post(t, client.key, '/v1/chat/completions', { ...ASK, max_tokens: 'lots' });
    expect(badType.json().error.param).toBe('max_tokens');
    const notJson = await post(t, client.key, '/v1/chat/completions', '{"model": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json().error.type).toBe('invalid_request_error');
    expect(mock.requests).toHaveLength(0);
  });

  it('answers an unroutable or unpriced model with 404 model_not_found', async () => {
    const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'gpt-unpriced' });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
    expect(mock.requests).toHaveLength(0);
  });

  it('answers 402 when the credit cannot cover the worst case, without calling upstream', async () => {
    const poor = await createClient(t, token, { name: `poor-${db}`, credit_usd: 0.000001 });
    const res = await post(t, poor.key, '/v1/chat/completions', { ...ASK, max_tokens: 100_000 });
    expect(res.status).toBe(402);
    expect(res.json()).toMatchObject({ error: { type: 'insufficient_quota', code: 'insufficient_quota' } });
    expect(mock.requests).toHaveLength(0);
  });

  it('streams SSE with x-request-id, usage.cost only when asked, [DONE] last, and charges before it', async () => {
    const before = await balanceUsd(t, token, client.id);
    const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, stream: true, stream_options: { include_usage: true } }, { 'x-request-id': 'req-stream-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-request-id')).toBe('req-stream-1');
    const frames = sseData(res.text);
    expect(frames.at(-1)).toBe('[DONE]');
    const usage = frames.at(-2) as { choices: unknown[]; usage: { cost: number; prompt_tokens: number } };
    expect(usage.choices).toEqual([]);
    expect(usage.usage.cost).toBeGreaterThan(0);
    expect(before - (await balanceUsd(t, token, client.id))).toBeCloseTo(usage.usage.cost, 6);
    expect(mock.requests[0].body.stream_options).toMatchObject({ include_usage: true });

    const plain = await post(t, client.key, '/v1/chat/completions', { ...ASK, stream: true });
    const plainFrames = sseData(plain.text);
    expect(plainFrames.at(-1)).toBe('[DONE]');
    expect(plainFrames.some((f) => typeof f === 'object' && (f as { usage?: unknown }).usage)).toBe(false);
    expect(mock.requests[1].body.stream_options).toMatchObject({ include_usage: true });
  });

  it('sends a mid-stream failure as one error frame and closes without [DONE]', async () => {
    mock.script(mock.midStreamError());
    const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, stream: true });
    expect(res.status).toBe(200);
    const frames = sseData(res.text);
    expect(frames).not.toContain('[DONE]');
    expect(frames.at(-1)).toMatchObject({ error: { message: expect.stringContaining('The server had an error'), type: 'upstream_error' } });
    expect(frames.filter((f) => typeof f === 'object' && (f as { error?: unknown }).error)).toHaveLength(1);
  });

  it('never charges twice for a retried Idempotency-Key', async () => {
    const before = await balanceUsd(t, token, client.id);
    const first = await post(t, client.key, '/v1/chat/completions', ASK, { 'idempotency-key': `idem-${db}-1` });
    const second = await post(t, client.key, '/v1/chat/completions', ASK, { 'idempotency-key': `idem-${db}-1` });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(mock.requests).toHaveLength(1);
    expect(before - (await balanceUsd(t, token, client.id))).toBeCloseTo(first.json().usage.cost, 6);
  });

  it('writes a request log row with provider, tokens, cost and the x-request-id', async () => {
    const res = await post(t, client.key, '/v1/chat/completions', ASK, { 'x-request-id': `req-log-${db}` });
    expect(res.status).toBe(200);
    const failed = await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'gpt-unknown' }, { 'x-request-id': `req-log-404-${db}` });
    expect(failed.status).toBe(404);
    let items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 50; i++) {
      const logs = await fetch(`${t.url}/api/logs?limit=50`, { headers: { authorization: `Bearer ${token}` } });
      items = ((await logs.json()) as { data: Array<Record<string, unknown>> }).data;
      if (items.some((r) => r.request_id === `req-log-404-${db}`) && items.some((r) => r.request_id === `req-log-${db}`)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(items.find((r) => r.request_id === `req-log-${db}`)).toMatchObject({ provider: 'openai', model: 'gpt-4o', status: 200, stream: false, input_tokens: 190, cache_read_tokens: 1152, output_tokens: 214, cost_usd: res.json().usage.cost });
    expect(items.find((r) => r.request_id === `req-log-404-${db}`)).toMatchObject({ status: 404, error_code: 'model_not_found', cost_usd: 0 });
  });

  it('publishes per provider and model Prometheus series', async () => {
    await post(t, client.key, '/v1/chat/completions', ASK);
    const text = await metricsText(t);
    expect(text).toMatch(/gophergate_gateway_requests_total\{provider="openai",model="gpt-4o",status="200",stream="false"\} \d+/);
    expect(text).toMatch(/gophergate_gateway_tokens_total\{provider="openai",model="gpt-4o",kind="output"\} \d+/);
    expect(text).toContain('gophergate_gateway_ttfb_seconds_bucket');
    expect(text).toContain('gophergate_gateway_request_duration_seconds_bucket');
    expect(text).toMatch(/gophergate_gateway_cost_usd_total\{provider="openai",model="gpt-4o"\}/);
    expect(text).toMatch(/gophergate_provider_breaker_state\{provider="openai"\} 0/);
  });
});
