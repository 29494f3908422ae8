import { APIError } from 'openai';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { adminToken, createClient, metricsText, startGateway, type TestClient } from './support/gateway.harness.js';

const PRICE = { 'gpt-4o': { input: 1, output: 2 }, 'solo-4o': { input: 1, output: 2 }, 'slow-4o': { input: 1, output: 2 }, 'fragile-4o': { input: 1, output: 2 }, 'fragile-or-backup': { input: 1, output: 2 } };
const STURDY = { consecutive_failures: 100, half_open_after_seconds: 30 };
const ASK = { messages: [{ role: 'user' as const, content: 'Where is the Eiffel Tower?' }] };

function chunkFrame(i: number): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-drip', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`;
}

describe.each(databaseTargets())('resilience: retries, fallback, breaker, disconnects and timeouts on %s', (db) => {
  let primary: MockUpstream;
  let backup: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    primary = await startMockUpstream('openai');
    backup = await startMockUpstream('anthropic');
    t = await startGateway(db, {
      providers: [
        { name: 'primary', kind: 'openai', base_url: primary.baseUrl, api_key: 'sk-primary-0000000000', retry: { attempts: 3, backoff_ms: [10, 20] }, breaker: STURDY, pricing: PRICE },
        { name: 'fragile', kind: 'openai', base_url: primary.baseUrl, retry: { attempts: 1, backoff_ms: [5] }, breaker: { consecutive_failures: 2, half_open_after_seconds: 0.6 }, pricing: PRICE },
        { name: 'slow', kind: 'openai', base_url: primary.baseUrl, timeout_seconds: 0.5, stream_idle_seconds: 0.5, retry: { attempts: 1, backoff_ms: [5] }, breaker: STURDY, pricing: PRICE },
        { name: 'backup', kind: 'anthropic', base_url: backup.baseUrl, api_key: 'sk-ant-backup-000000', retry: { attempts: 1, backoff_ms: [5] }, pricing: { 'gpt-4o': { input: 3, output: 15 }, 'fragile-or-backup': { input: 3, output: 15 } } },
      ],
      routing: [
        { match: 'gpt-4o', provider: 'primary', fallback: ['backup'] },
        { match: 'solo-4o', provider: 'primary' },
        { match: 'fragile-4o', provider: 'fragile', fallback: [] },
        { match: 'fragile-or-backup', provider: 'fragile', fallback: ['backup'] },
        { match: 'slow-4o', provider: 'slow' },
      ],
    });
    client = await createClient(t, await adminToken(t), { name: `resilience-${db}`, credit_usd: 50 });
  });
  afterAll(async () => {
    await t?.close();
    await primary.close();
    await backup.close();
  });
  afterEach(() => {
    primary.reset();
    backup.reset();
  });

  it('retries 5xx and connection resets, then succeeds', async () => {
    primary.script(primary.error(500), { reset: 'before-headers' });
    const res = await client.sdk.chat.completions.create({ model: 'solo-4o', ...ASK });
    expect(res.choices[0].message.content).toContain('Paris');
    expect(primary.requestsTo('/chat/completions')).toHaveLength(3);
    expect(await metricsText(t)).toMatch(/gophergate_provider_retries_total\{provider="primary"\} [1-9]/);
  });

  it('falls back to a second provider (another protocol) when the primary keeps failing', async () => {
    primary.script({ behaviour: primary.error(503), times: 3 });
    const res = await client.sdk.chat.completions.create({ model: 'gpt-4o', ...ASK });
    expect(res.choices[0].message.content).toContain('Paris');
    expect(primary.requests).toHaveLength(3);
    expect(backup.requests).toHaveLength(1);
    expect(backup.requests[0].headers['x-api-key']).toBe('sk-ant-backup-000000');
    expect(backup.requests[0].body.model).toBe('gpt-4o');
  });

  it('answers 502 upstream_error with the provider message once retries and fallbacks are exhausted', async () => {
    primary.script({ behaviour: primary.error(500), times: 3 });
    const err = await client.sdk.chat.completions.create({ model: 'solo-4o', ...ASK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(502);
    expect((err as APIError).type).toBe('upstream_error');
    expect((err as APIError).message).toContain('The server had an error');
  });

  it('opens the breaker after N failures, answers 503 without calling upstream, and closes after half-open', async () => {
    primary.script({ behaviour: primary.error(500), times: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await client.sdk.chat.completions.create({ model: 'fragile-4o', ...ASK }).catch((e: unknown) => e);
      expect((err as APIError).status).toBe(502);
    }
    expect(primary.requests).toHaveLength(2);
    const res = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fragile-4o', ...ASK }) });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ error: { type: 'provider_unavailable', code: 'provider_unavailable' } });
    expect(primary.requests).toHaveLength(2);
    expect(await metricsText(t)).toMatch(/gophergate_provider_breaker_state\{provider="fragile"\} 2/);
    // with a fallback, the open provider is skipped without being called
    const viaBackup = await client.sdk.chat.completions.create({ model: 'fragile-or-backup', ...ASK });
    expect(viaBackup.choices[0].message.content).toContain('Paris');
    expect(backup.requests).toHaveLength(1);
    expect(primary.requests).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 700));
    const recovered = await client.sdk.chat.completions.create({ model: 'fragile-4o', ...ASK });
    expect(recovered.choices[0].message.content).toContain('Paris');
    expect(primary.requests).toHaveLength(3);
    expect(await metricsText(t)).toMatch(/gophergate_provider_breaker_state\{provider="fragile"\} 0/);
  });

  it('aborts the upstream request at once when the client disconnects mid-stream', async () => {
    primary.script({ frames: Array.from({ length: 40 }, (_, i) => chunkFrame(i)), dripMs: 100 });
    const controller = new AbortController();
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow-4o', stream: true, ...ASK }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('w0');
    controller.abort();
    await primary.waitFor(() => primary.requests[0]?.aborted === true, 3000, 'the upstream socket to close');
    expect(Date.now() - primary.requests[0].receivedAt).toBeLessThan(3000);
  });

  it('times a hung upstream out into a clean 502', async () => {
    primary.script({ behaviour: { hang: true }, times: 1 });
    const started = Date.now();
    const err = await client.sdk.chat.completions.create({ model: 'slow-4o', ...ASK }).catch((e: unknown) => e);
    expect((err as APIError).status).toBe(502);
    expect((err as APIError).code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(4000);
    await primary.waitFor(() => primary.requests.every((r) => r.aborted), 3000, 'the hung requests to be closed');
  });

  it('ends a stream whose upstream goes idle with an error the SDK raises', async () => {
    primary.script({ frames: [chunkFrame(0), chunkFrame(1)], hang: false, dripMs: 3000 });
    const stream = await client.sdk.chat.completions.create({ model: 'slow-4o', stream: true, ...ASK });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(APIError);
    expect(text).toContain('w0');
  });

  it('resets mid-stream reach the SDK as an error, never a clean end', async () => {
    primary.script({ frames: [chunkFrame(0), chunkFrame(1)], reset: 'after-frames' });
    const stream = await client.sdk.chat.completions.create({ model: 'slow-4o', stream: true, ...ASK });
    const failure = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).not.toBeNull();
  });
});
