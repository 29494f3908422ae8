import { startMockUpstream, type MockUpstream } from '../../../support/mock-upstreams/index.js';
import { buildGateway, PRINCIPAL, type Gateway } from '../support/fakes.js';

const PRICE = { input: 0.25, output: 2, cache_read: 0.025 };
const ASK = { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Where was this photo taken?' }] };

describe('chat pipeline (fakes around the real services, mock upstream over HTTP)', () => {
  let primary: MockUpstream;
  let secondary: MockUpstream;
  let gw: Gateway;

  beforeAll(async () => {
    primary = await startMockUpstream('openai', { apiKey: 'sk-primary-secret-1234567890' });
    secondary = await startMockUpstream('openai', { apiKey: 'sk-secondary-secret-0987654321' });
  });
  afterAll(async () => {
    await primary.close();
    await secondary.close();
  });
  afterEach(async () => {
    primary.reset();
    secondary.reset();
    await gw?.close();
  });

  function gateway(overrides: { retry?: object; breaker?: object; timeout_seconds?: number; stream_idle_seconds?: number; unpriced?: 'reject' | 'free'; pricing?: boolean } = {}): Gateway {
    const common = {
      ...(overrides.retry ? { retry: overrides.retry } : {}),
      ...(overrides.breaker ? { breaker: overrides.breaker } : {}),
      ...(overrides.timeout_seconds ? { timeout_seconds: overrides.timeout_seconds } : {}),
      ...(overrides.stream_idle_seconds ? { stream_idle_seconds: overrides.stream_idle_seconds } : {}),
    };
    gw = buildGateway({
      yaml: {
        billing: { unpriced_models: overrides.unpriced ?? 'reject', default_max_output_tokens: 1000 },
        providers: [
          { name: 'p1', kind: 'openai', base_url: primary.baseUrl, api_key: 'sk-primary-secret-1234567890', ...(overrides.pricing === false ? {} : { pricing: { 'gpt-5-mini': PRICE, 'solo-model': PRICE } }), ...common },
          { name: 'p2', kind: 'openai', base_url: secondary.baseUrl, api_key: 'sk-secondary-secret-0987654321', pricing: { 'gpt-5-mini': { input: 1, output: 4 } }, ...common },
        ],
      },
      routes: { 'gpt-5-mini': { provider: 'p1', fallbacks: ['p2'] }, 'solo-model': { provider: 'p1' } },
    });
    return gw;
  }

  it('answers a non-stream request with usage.cost, settles the reported usage at the provider price and logs it', async () => {
    gateway();
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), ASK, channel);
    const body = channel.json();
    expect(channel.sent?.status).toBe(200);
    expect(body.choices[0].message.content).toContain('Paris');
    // fixture usage: prompt 1342 (1152 cached), completion 214 (192 reasoning)
    expect(gw.billing.settled[0].usage).toEqual({ input: 190, cacheRead: 1152, cacheWrite: 0, output: 214, reasoning: 192 });
    expect(body.usage).toMatchObject({ prompt_tokens: 1342, completion_tokens: 214, prompt_tokens_details: { cached_tokens: 1152 }, completion_tokens_details: { reasoning_tokens: 192 } });
    expect(body.usage.cost).toBeCloseTo((190 * 0.25 + 1152 * 0.025 + 214 * 2) / 1e6, 6);
    const upstream = primary.requests[0];
    expect(upstream.body.model).toBe('gpt-5-mini');
    expect(upstream.headers.authorization).toBe('Bearer sk-primary-secret-1234567890');
    expect(upstream.path).toBe('/v1/chat/completions');
    expect(gw.journal.indexOf('settle')).toBeLessThan(gw.journal.indexOf('send:200'));
    expect(gw.log.entries).toHaveLength(1);
    expect(gw.log.entries[0]).toMatchObject({ status: 200, provider: 'p1', model: 'gpt-5-mini', stream: false, clientId: PRINCIPAL.clientId, estimated: false });
    expect(gw.log.entries[0].ttfbMs).not.toBeNull();
    expect(gw.limiter.adjusted).toHaveLength(1);
  });

  it('reserves with the dearest candidate price and the request max tokens', async () => {
    gateway();
    await gw.chat.complete(gw.trace(), { ...ASK, max_tokens: 50 }, gw.channel());
    expect(gw.billing.admitted[0]).toMatchObject({ maxOutputTokens: 50, price: { input: 1, output: 4 }, provider: 'p1' });
    // ...but charges at the price of the provider that served it
    expect(gw.billing.settled[0].admission.price).toMatchObject({ input: 0.25, output: 2 });
  });

  it('streams chunks, asks the upstream for usage, and settles before the usage frame and [DONE]', async () => {
    gateway();
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, stream: true, stream_options: { include_usage: true } }, channel);
    const sink = channel.sink!;
    expect(sink.terminal).toBe('done');
    const last = sink.frames.at(-1) as { choices: unknown[]; usage: { cost: number; total_tokens: number } };
    expect(last.choices).toEqual([]);
    expect(last.usage.total_tokens).toBe(1556);
    expect(last.usage.cost).toBeGreaterThan(0);
    expect(gw.journal.indexOf('settle')).toBeLessThan(gw.journal.indexOf('usage-frame'));
    expect(gw.journal.indexOf('usage-frame')).toBeLessThan(gw.journal.indexOf('done'));
    expect(gw.journal.indexOf('delivered')).toBeGreaterThan(-1);
    const text = sink.frames.slice(0, -1).map((f) => (f as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('Paris');
  });

  it('does not forward the usage chunk to a client that did not ask, but still asks the upstream', async () => {
    gateway();
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, stream: true }, channel);
    expect(primary.requests[0].body.stream_options).toEqual({ include_usage: true });
    expect(channel.sink!.frames.every((f) => (f as { choices: unknown[] }).choices.length > 0)).toBe(true);
    expect(channel.sink!.terminal).toBe('done');
    expect(gw.billing.settled[0].usage.output).toBe(214);
  });

  it('retries 5xx with the configured backoff, then succeeds', async () => {
    gateway({ retry: { attempts: 3, backoff_ms: [5, 5] } });
    primary.script(primary.error(500), primary.error(500));
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), ASK, channel);
    expect(channel.sent?.status).toBe(200);
    expect(primary.requestsTo('/chat/completions')).toHaveLength(3);
    expect(secondary.requests).toHaveLength(0);
    const text = await gw.metricsRegistry.registry.metrics();
    expect(text).toMatch(/gophergate_provider_retries_total\{provider="p1"\} 2/);
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    gateway({ retry: { attempts: 2, backoff_ms: [1] } });
    primary.script(primary.error(429, { 'retry-after': '0.3' }));
    const started = Date.now();
    await gw.chat.complete(gw.trace(), ASK, gw.channel());
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(primary.requests).toHaveLength(2);
  });

  it('does not retry or fail over a 400, and passes its status, type and param through', async () => {
    gateway({ retry: { attempts: 3, backoff_ms: [1] } });
    primary.script(primary.error(400));
    await expect(gw.chat.complete(gw.trace(), ASK, gw.channel())).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(primary.requests).toHaveLength(1);
    expect(secondary.requests).toHaveLength(0);
    expect(gw.billing.released).toHaveLength(1);
    expect(gw.log.entries[0]).toMatchObject({ status: 400 });
  });

  it('fails over to the fallback provider after the primary fails for good', async () => {
    gateway({ retry: { attempts: 2, backoff_ms: [1] } });
    primary.script({ behaviour: primary.error(503), times: 2 });
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), ASK, channel);
    expect(channel.sent?.status).toBe(200);
    expect(primary.requests).toHaveLength(2);
    expect(secondary.requests).toHaveLength(1);
    expect(secondary.requests[0].headers.authorization).toBe('Bearer sk-secondary-secret-0987654321');
    expect(gw.billing.settled[0]).toMatchObject({ provider: 'p2', admission: { price: { input: 1, output: 4 } } });
    expect(gw.log.entries[0].provider).toBe('p2');
  });

  it('answers 502 upstream_error keeping the provider message when every candidate failed', async () => {
    gateway();
    primary.script(primary.error(500));
    secondary.script(secondary.error(500));
    await expect(gw.chat.complete(gw.trace(), ASK, gw.channel())).rejects.toMatchObject({ status: 502, type: 'upstream_error', message: expect.stringContaining('The server had an error') });
    expect(gw.billing.released).toHaveLength(1);
    expect(gw.billing.settled).toHaveLength(0);
  });

  it('opens the breaker after N failures, answers 503 with Retry-After without calling upstream, then closes after half-open', async () => {
    gateway({ breaker: { consecutive_failures: 2, half_open_after_seconds: 0.3 } });
    primary.script({ behaviour: primary.error(500), times: 2 });
    for (let i = 0; i < 2; i++) await expect(gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, gw.channel())).rejects.toMatchObject({ status: 502 });
    expect(gw.registry.state('p1')).toBe('open');
    expect(gw.events).toContainEqual({ type: 'provider', data: { name: 'p1', state: 'open' } });
    const before = primary.requests.length;
    const refused = gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, gw.channel());
    await expect(refused).rejects.toMatchObject({ status: 503, type: 'provider_unavailable', headers: { 'retry-after': expect.any(String) } });
    expect(primary.requests.length).toBe(before);
    // the fallback still serves while the primary is open
    const served = gw.channel();
    await gw.chat.complete(gw.trace(), ASK, served);
    expect(served.sent?.status).toBe(200);
    expect(primary.requests.length).toBe(before);
    await new Promise((r) => setTimeout(r, 350));
    const recovered = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, recovered);
    expect(recovered.sent?.status).toBe(200);
    expect(gw.registry.state('p1')).toBe('closed');
    expect(gw.events.filter((e) => e.type === 'provider').map((e) => (e.data as { state: string }).state)).toEqual(['open', 'half_open', 'closed']);
    expect(await gw.metricsRegistry.registry.metrics()).toMatch(/gophergate_provider_breaker_state\{provider="p1"\} 0/);
  });

  it('refuses an unpriced model under reject (404) and serves it free under free', async () => {
    gateway({ pricing: false });
    await expect(gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, gw.channel())).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    expect(primary.requests).toHaveLength(0);
    await gw.close();
    gateway({ pricing: false, unpriced: 'free' });
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, channel);
    expect(channel.json().usage.cost).toBe(0);
    expect(gw.billing.admitted[0].price).toBeNull();
  });

  it('answers 404 for a model with no route and 403 for a model the key may not use, before any charge', async () => {
    gateway();
    await expect(gw.chat.complete(gw.trace(), { ...ASK, model: 'nope' }, gw.channel())).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    const limited = { ...PRINCIPAL, allowedModels: ['other'] };
    await expect(gw.chat.complete(gw.trace(limited), ASK, gw.channel())).rejects.toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(gw.billing.admitted).toHaveLength(0);
    expect(primary.requests).toHaveLength(0);
  });

  it('sends one error frame and no [DONE] on a mid-stream failure, and charges nothing unreported', async () => {
    gateway({ retry: { attempts: 3, backoff_ms: [1] } });
    primary.script(primary.midStreamError());
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, stream: true }, channel);
    const sink = channel.sink!;
    expect(sink.terminal).toBe('fail');
    expect(sink.failure).toMatchObject({ error: { message: expect.stringContaining('The server had an error'), type: 'upstream_error' } });
    expect(sink.frames.length).toBeGreaterThan(0);
    expect(primary.requests).toHaveLength(1); // content already went out: no retry
    expect(gw.billing.released).toHaveLength(1);
    expect(gw.log.entries[0]).toMatchObject({ status: 502, stream: true });
  });

  it('retries a stream that fails before its first content chunk', async () => {
    gateway({ retry: { attempts: 2, backoff_ms: [1] } });
    primary.script({ frames: ['data: {"error":{"message":"overloaded","type":"server_error","param":null,"code":null}}\n\n'] });
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, stream: true }, channel);
    expect(channel.sink!.terminal).toBe('done');
    expect(primary.requests).toHaveLength(2);
  });

  it('aborts the upstream at once when the client disconnects mid-stream, and charges an estimate', async () => {
    gateway();
    const frames = Array.from({ length: 50 }, (_, i) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `word${i} ` }, finish_reason: null }] })}\n\n`);
    primary.script({ frames, dripMs: 40 });
    const channel = gw.channel();
    const done = gw.chat.complete(gw.trace(), { ...ASK, stream: true }, channel);
    await primary.waitFor(() => (channel.sink?.frames.length ?? 0) >= 2, 5000, 'two frames');
    channel.controller.abort();
    await done;
    await primary.waitFor(() => primary.requests[0].aborted, 2000, 'the upstream socket to close');
    expect(channel.sink!.frames.length).toBeLessThan(10);
    expect(gw.log.entries[0]).toMatchObject({ status: 499, errorCode: 'client_closed', estimated: true });
    expect(gw.billing.settled[0]).toMatchObject({ estimated: true });
  });

  it('times out a hung upstream into a clean 502 and closes the upstream request', async () => {
    gateway({ timeout_seconds: 0.3 });
    primary.script({ behaviour: { hang: true }, times: 1 });
    secondary.script({ behaviour: { hang: true }, times: 1 });
    const started = Date.now();
    await expect(gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model' }, gw.channel())).rejects.toMatchObject({ status: 502, code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    await primary.waitFor(() => primary.requests[0].aborted, 2000, 'the hung request to be closed');
  });

  it('ends an idle stream with an error frame', async () => {
    gateway({ stream_idle_seconds: 0.3 });
    const chunk = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] })}\n\n`;
    primary.script({ frames: [chunk], hang: false, dripMs: 2000 });
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { ...ASK, model: 'solo-model', stream: true }, channel);
    expect(channel.sink!.terminal).toBe('fail');
    expect(channel.sink!.failure).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it('answers 502 upstream_unreachable when nothing listens', async () => {
    gw = buildGateway({
      yaml: { providers: [{ name: 'dead', kind: 'openai', base_url: 'http://127.0.0.1:9/v1', pricing: { m: { input: 1, output: 1 } } }] },
      routes: { m: { provider: 'dead' } },
    });
    await expect(gw.chat.complete(gw.trace(), { ...ASK, model: 'm' }, gw.channel())).rejects.toMatchObject({ status: 502, code: 'upstream_unreachable' });
  });

  it('never echoes the provider key in an error', async () => {
    gateway();
    primary.script({ status: 401, json: { error: { message: 'Incorrect API key provided: sk-primary-secret-1234567890.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    secondary.script({ status: 401, json: { error: { message: 'bad key sk-secondary-secret-0987654321', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } });
    const err = (await gw.chat.complete(gw.trace(), ASK, gw.channel()).catch((e: unknown) => e)) as { status: number; message: string; code: string };
    expect(err.status).toBe(502);
    expect(err.code).toBe('upstream_auth_error');
    expect(err.message).not.toContain('secret');
    expect(JSON.stringify(gw.log.entries, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('secret');
  });

  it('replays a completed Idempotency-Key without charging again', async () => {
    gateway();
    const first = gw.channel();
    await gw.chat.complete(gw.trace(PRINCIPAL, 'idem-1'), ASK, first);
    const second = gw.channel();
    await gw.chat.complete(gw.trace(PRINCIPAL, 'idem-1'), ASK, second);
    expect(second.sent?.body).toBe(first.sent?.body);
    expect(second.sent?.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(gw.billing.admitted).toHaveLength(1);
    expect(primary.requests).toHaveLength(1);
  });

  it('stores a streamed answer under its Idempotency-Key before [DONE] goes out, so an immediate retry is not told "in use"', async () => {
    gateway();
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(PRINCIPAL, 'idem-stream'), { ...ASK, stream: true }, channel);
    expect(channel.sink!.terminal).toBe('done');
    expect(gw.journal.indexOf('idempotency-complete')).toBeGreaterThan(-1);
    expect(gw.journal.indexOf('idempotency-complete')).toBeLessThan(gw.journal.indexOf('done'));
    const stored = gw.idempotency.stored.get(`${PRINCIPAL.clientId}/idem-stream`) as { body: string };
    expect(stored.body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('rejects bad input with 400 naming the parameter, before routing or charging', async () => {
    gateway();
    await expect(gw.chat.complete(gw.trace(), { model: 'gpt-5-mini', messages: [] }, gw.channel())).rejects.toMatchObject({ status: 400, param: 'messages' });
    await expect(gw.chat.complete(gw.trace(), { ...ASK, max_tokens: 'ten' }, gw.channel())).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
    expect(gw.billing.admitted).toHaveLength(0);
    expect(gw.log.entries.map((e) => e.status)).toEqual([400, 400]);
  });
});
