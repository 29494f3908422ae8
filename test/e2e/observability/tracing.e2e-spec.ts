// OpenTelemetry traces end to end: the real app exports over OTLP/HTTP to a receiver the test starts; mock upstreams
// record the `traceparent` they were sent; the official OpenAI SDK is the client.
import { randomBytes } from 'node:crypto';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.js';
import { TEST_ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';
import { adminToken, createClient, post, type TestClient } from '../gateway/support/gateway.harness.js';

const PRIMARY_KEY = 'sk-primary-upstream-secret-0123456789';
const BACKUP_KEY = 'sk-backup-upstream-secret-9876543210';
const PROMPT = 'Tell me about the purple elephant 7f3a';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

const newTraceparent = (): { header: string; traceId: string; spanId: string } => {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { header: `00-${traceId}-${spanId}-01`, traceId, spanId };
};

function gatewayYaml(primary: MockUpstream, backup: MockUpstream): string {
  const pricing = { 'gpt-4o-mini': { input: 0.15, output: 0.6, cache_read: 0.075 }, 'text-embedding-3-small': { input: 0.02, output: 0 } };
  return JSON.stringify({
    providers: [
      { name: 'primary', kind: 'openai', base_url: primary.baseUrl, api_key: PRIMARY_KEY, timeout_seconds: 5, stream_idle_seconds: 5, retry: { attempts: 2, backoff_ms: [10] }, breaker: { consecutive_failures: 50, half_open_after_seconds: 1 }, pricing },
      { name: 'backup', kind: 'openai', base_url: backup.baseUrl, api_key: BACKUP_KEY, timeout_seconds: 5, stream_idle_seconds: 5, retry: { attempts: 1, backoff_ms: [10] }, pricing },
    ],
    routing: [
      { match: 'gpt-4o-mini', provider: 'primary', fallback: ['backup'] },
      { match: 'text-embedding-3-small', provider: 'primary' },
    ],
  });
}

const serverSpanOf = (traceId: string) => (spans: ReceivedSpan[]) => spans.find((s) => s.traceId === traceId && s.kind === SERVER);
const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((s) => s.parentSpanId === parent.spanId).sort((a, b) => Number(a.attributes['gophergate.candidate']) - Number(b.attributes['gophergate.candidate']) || Number(a.attributes['gophergate.attempt']) - Number(b.attributes['gophergate.attempt']));

describe('OpenTelemetry tracing (OTLP/HTTP JSON)', () => {
  let receiver: OtlpReceiver;
  let primary: MockUpstream;
  let backup: MockUpstream;
  let t: TestApp;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    primary = await startMockUpstream('openai', { apiKey: PRIMARY_KEY });
    backup = await startMockUpstream('openai', { apiKey: BACKUP_KEY });
    t = await startTestApp({
      yaml: gatewayYaml(primary, backup),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_SERVICE_NAME: 'gg-under-test' },
    });
    token = await adminToken(t);
    client = await createClient(t, token, { name: 'traced', credit_usd: 10 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await primary?.close();
    await backup?.close();
    await receiver?.close();
  });
  afterEach(() => {
    primary.reset();
    backup.reset();
  });

  it('a retried request: a server span under the client traceparent, one client span per attempt, each sent upstream', async () => {
    primary.script(primary.error(500));
    const parent = newTraceparent();
    const { data, response } = await client.sdk.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }, { headers: { traceparent: parent.header } })
      .withResponse();
    expect(response.status).toBe(200);

    const server = await receiver.waitFor(serverSpanOf(parent.traceId), 'the server span');
    expect(server.parentSpanId).toBe(parent.spanId);
    expect(server.name).toBe('POST /v1/chat/completions');
    expect(server.resource['service.name']).toBe('gg-under-test');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': data.model,
      'gen_ai.response.id': data.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': data.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': data.usage!.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': data.usage!.prompt_tokens_details!.cached_tokens,
      'gophergate.client.id': client.id,
      'gophergate.provider': 'primary',
      'gophergate.request_id': response.headers.get('x-request-id'),
      'gophergate.attempts': 2,
      'gophergate.status': 200,
    });
    expect(server.attributes['gophergate.cost_usd']).toBeCloseTo((data.usage as unknown as { cost: number }).cost, 9);

    const attempts = await receiver.waitFor((spans) => {
      const c = childrenOf(spans, server);
      return c.length === 2 ? c : undefined;
    }, 'two attempt spans');
    expect(attempts.map((s) => [s.kind, s.traceId, s.attributes['gophergate.attempt'], s.attributes['gophergate.provider']])).toEqual([
      [CLIENT, parent.traceId, 1, 'primary'],
      [CLIENT, parent.traceId, 2, 'primary'],
    ]);
    expect(attempts[0].status.code).toBe(ERROR);
    expect(attempts[0].attributes).toMatchObject({ 'http.response.status_code': 500, 'gen_ai.provider.name': 'openai', 'server.address': '127.0.0.1' });
    expect(attempts[1].status.code).not.toBe(ERROR);
    expect(attempts[1].name).toBe('chat gpt-4o-mini');

    // The mock upstream saw each attempt's own span as the parent.
    expect(primary.requests.map((r) => r.headers.traceparent)).toEqual(attempts.map((s) => `00-${parent.traceId}-${s.spanId}-01`));
  });

  it('a fallback: the backup attempt is a third client span, and the server span names the provider that answered', async () => {
    primary.script({ behaviour: primary.error(500), times: 2 });
    const parent = newTraceparent();
    const res = await post(t, client.key, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }, { traceparent: parent.header });
    expect(res.status).toBe(200);
    const server = await receiver.waitFor(serverSpanOf(parent.traceId), 'the server span');
    const attempts = await receiver.waitFor((spans) => {
      const c = childrenOf(spans, server);
      return c.length === 3 ? c : undefined;
    }, 'three attempt spans');
    expect(attempts.map((s) => [s.attributes['gophergate.provider'], s.attributes['gophergate.attempt'], s.attributes['gophergate.fallback'], s.status.code === ERROR])).toEqual([
      ['primary', 1, false, true],
      ['primary', 2, false, true],
      ['backup', 1, true, false],
    ]);
    expect(server.attributes).toMatchObject({ 'gophergate.provider': 'backup', 'gophergate.attempts': 3 });
    expect(backup.requests[0].headers.traceparent).toBe(`00-${parent.traceId}-${attempts[2].spanId}-01`);
  });

  it('a stream: streaming, finish reasons and usage on the server span, which ends with the stream', async () => {
    const parent = newTraceparent();
    const stream = await client.sdk.chat.completions.create(
      { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] },
      { headers: { traceparent: parent.header } },
    );
    let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toBeDefined();
    const server = await receiver.waitFor(serverSpanOf(parent.traceId), 'the server span');
    expect(server.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.output_tokens': usage!.completion_tokens,
      'gophergate.attempts': 1,
      'http.response.status_code': 200,
    });
    expect(primary.requests[0].headers.traceparent).toMatch(new RegExp(`^00-${parent.traceId}-[0-9a-f]{16}-01$`));
  });

  it('embeddings: the embeddings operation; a request without traceparent starts its own trace and still propagates it', async () => {
    const { response } = await client.sdk.embeddings.create({ model: 'text-embedding-3-small', input: ['hello'] }).withResponse();
    const requestId = response.headers.get('x-request-id');
    const server = await receiver.waitFor((spans) => spans.find((s) => s.attributes['gophergate.request_id'] === requestId && s.kind === SERVER), 'the embeddings span');
    expect(server.parentSpanId).toBe('');
    expect(server.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small', 'http.route': '/v1/embeddings' });
    expect(primary.requests[0].headers.traceparent).toMatch(new RegExp(`^00-${server.traceId}-[0-9a-f]{16}-01$`));
  });

  it('requests refused before any provider call get a server span with their status', async () => {
    const parent = newTraceparent();
    const res = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', traceparent: parent.header, authorization: 'Bearer gg-not-a-key-000000000000000000000' }, body: '{}' });
    expect(res.status).toBe(401);
    const server = await receiver.waitFor(serverSpanOf(parent.traceId), 'the 401 span');
    expect(server.attributes['http.response.status_code']).toBe(401);
    const unknown = newTraceparent();
    const notFound = await post(t, client.key, '/v1/chat/completions', { model: 'no-such-model', messages: [{ role: 'user', content: PROMPT }] }, { traceparent: unknown.header });
    expect(notFound.status).toBe(404);
    const span404 = await receiver.waitFor(serverSpanOf(unknown.traceId), 'the 404 span');
    expect(span404.attributes).toMatchObject({ 'http.response.status_code': 404, 'gen_ai.request.model': 'no-such-model', 'error.type': 'model_not_found' });
  });

  it('bounds attribute values a client controls', async () => {
    const parent = newTraceparent();
    const res = await fetch(`${t.url}/v1/models/m${'x'.repeat(2000)}`, { headers: { authorization: `Bearer ${client.key}`, traceparent: parent.header } });
    expect(res.status).toBe(404);
    const server = await receiver.waitFor(serverSpanOf(parent.traceId), 'the span');
    expect(server.attributes).toMatchObject({ 'http.route': '/v1/models/{id}', 'url.path': expect.stringMatching(/^\/v1\/models\/mxxx/) });
    for (const value of Object.values(server.attributes)) expect(String(value).length).toBeLessThanOrEqual(256);
  });

  it('no span carries a key, a session token, a password or the prompt', async () => {
    await receiver.waitFor((spans) => spans.length >= 10, 'the spans of the tests above');
    const everything = receiver.exports.map((e) => e.body.toString('utf8')).join('\n');
    for (const secret of [client.key, PRIMARY_KEY, BACKUP_KEY, token, TEST_ADMIN.password, PROMPT, 'purple elephant', 'Bearer ']) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('OpenTelemetry tracing (OTLP/HTTP protobuf, the default protocol)', () => {
  let receiver: OtlpReceiver;
  let upstream: MockUpstream;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    upstream = await startMockUpstream('openai', { apiKey: PRIMARY_KEY });
    t = await startTestApp({ yaml: gatewayYaml(upstream, upstream), env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces`, OTEL_BSP_SCHEDULE_DELAY: '50' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
    await receiver?.close();
  });

  it('exports protobuf to the traces endpoint as given', async () => {
    const token = await adminToken(t);
    const client = await createClient(t, token, { name: 'proto', credit_usd: 1 });
    const res = await post(t, client.key, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!receiver.exports.some((e) => e.body.includes('gen_ai.operation.name')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const exported = receiver.exports.find((e) => e.body.includes('gen_ai.operation.name'));
    expect(exported).toMatchObject({ path: '/custom/traces', contentType: 'application/x-protobuf' });
    expect(exported!.body.includes('POST /v1/chat/completions')).toBe(true);
    expect(exported!.body.includes(client.key)).toBe(false);
    expect(exported!.body.includes(PROMPT)).toBe(false);
  });
});
