import Anthropic from '@anthropic-ai/sdk';
import { databaseTargets } from '../../support/test-database.js';
import { balanceUsd, createClient, post } from '../gateway/support/gateway.harness.js';
import { CLAUDE, anthropicSdk, startMessagesWorld, type MessagesWorld } from './support/messages.harness.js';

type Envelope = { type: string; error: { type: string; message: string } };

function expectEnvelope(res: { status: number; json: () => unknown }, status: number, type: string): Envelope {
  expect(res.status).toBe(status);
  const body = res.json() as Envelope;
  expect(body.type).toBe('error');
  expect(body.error.type).toBe(type);
  expect(typeof body.error.message).toBe('string');
  expect(Object.keys(body).sort()).toEqual(['error', 'type']);
  return body;
}

const OK = { model: CLAUDE, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

describe.each(databaseTargets())('POST /v1/messages errors and bad input, in Anthropic\'s envelope, on %s', (db) => {
  let w: MessagesWorld;
  const upstreamCalls = (): number => [...w.mocks.values()].reduce((n, m) => n + m.requests.length, 0);

  beforeAll(async () => {
    w = await startMessagesWorld(db, { env: { GOPHERGATE_SERVER_BODY_LIMIT_MB: '1' } });
  });
  afterAll(async () => {
    await w?.close();
  });
  afterEach(() => {
    for (const m of w.mocks.values()) m.reset();
  });

  describe('per status', () => {
    it('401 authentication_error for a missing or unknown key (x-api-key or bearer), seen by the SDK as AuthenticationError', async () => {
      const missing = await fetch(`${w.t.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OK) });
      expectEnvelope({ status: missing.status, json: await missing.json().then((j) => () => j) }, 401, 'authentication_error');
      const err = await anthropicSdk(w.t, 'gg-unknownkey0000000000000000000000').messages.create(OK as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      expect(upstreamCalls()).toBe(0);
    });

    it('402 billing_error when credit cannot cover the request', async () => {
      const poor = await createClient(w.t, w.token, { name: `poor-${db}-${Date.now()}`, credit_usd: 0 });
      const res = await post(w.t, poor.key, '/v1/messages', OK);
      expectEnvelope(res, 402, 'billing_error');
      expect(upstreamCalls()).toBe(0);
    });

    it('403 permission_error when the key may not use the model', async () => {
      const limited = await createClient(w.t, w.token, { name: `limited-${db}-${Date.now()}`, credit_usd: 10, allowed_models: ['gpt-4o'] });
      const err = await anthropicSdk(w.t, limited.key).messages.create(OK as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    });

    it('404 not_found_error for a model nothing serves', async () => {
      const res = await post(w.t, w.client.key, '/v1/messages', { ...OK, model: 'no-such-model-xyz' });
      expectEnvelope(res, 404, 'not_found_error');
    });

    it('413 request_too_large for a body over the limit, unread by any provider', async () => {
      const res = await post(w.t, w.client.key, '/v1/messages', { ...OK, messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }] });
      expectEnvelope(res, 413, 'request_too_large');
      expect(upstreamCalls()).toBe(0);
    });

    it('429 rate_limit_error with retry-after when the provider refuses for long', async () => {
      w.mocks.get('ant')!.script({ behaviour: { status: 429, headers: { 'retry-after': '120' }, json: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } } } });
      const res = await post(w.t, w.client.key, '/v1/messages', OK);
      expectEnvelope(res, 429, 'rate_limit_error');
      expect(res.headers.get('retry-after')).toBe('120');
    });

    it('429 rate_limit_error with retry-after for the key\'s own RPM limit', async () => {
      const slow = await createClient(w.t, w.token, { name: `rpm-${db}-${Date.now()}`, credit_usd: 10, rpm: 1 });
      await post(w.t, slow.key, '/v1/messages', OK);
      const res = await post(w.t, slow.key, '/v1/messages', OK);
      expectEnvelope(res, 429, 'rate_limit_error');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it.each([500, 529])('a provider %i is api_error (502) after retries, the provider key never shown', async (status) => {
      w.mocks.get('ant')!.script({ behaviour: w.mocks.get('ant')!.error(status), times: 5 });
      const res = await post(w.t, w.client.key, '/v1/messages', OK);
      const body = expectEnvelope(res, 502, 'api_error');
      expect(body.error.message).not.toContain('secret-ant-key');
    });

    it('400 for a malformed Idempotency-Key', async () => {
      const res = await post(w.t, w.client.key, '/v1/messages', OK, { 'idempotency-key': 'bad key with spaces' });
      expectEnvelope(res, 400, 'invalid_request_error');
    });

    it('an Idempotency-Key retry is answered from the first answer and charged once', async () => {
      const key = `idem-${db}-${Date.now()}`;
      const before = await balanceUsd(w.t, w.token, w.client.id);
      const first = await post(w.t, w.client.key, '/v1/messages', OK, { 'idempotency-key': key });
      const second = await post(w.t, w.client.key, '/v1/messages', OK, { 'idempotency-key': key });
      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(w.mocks.get('ant')!.requests).toHaveLength(1);
      expect(Math.round((before - (await balanceUsd(w.t, w.token, w.client.id))) * 1e6)).toBe(2498);
    });
  });

  describe('after the first byte', () => {
    it('an upstream failure mid-stream reaches the SDK as an error (one event: error frame, then the end)', async () => {
      w.mocks.get('ant')!.script(w.mocks.get('ant')!.midStreamError());
      const stream = w.sdk.messages.stream({ model: CLAUDE, max_tokens: 100, messages: [{ role: 'user', content: 'Where?' }] });
      const texts: string[] = [];
      stream.on('text', (t) => texts.push(t));
      const err = await stream.finalMessage().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(JSON.stringify((err as InstanceType<typeof Anthropic.APIError>).error)).toContain('Overloaded');
      expect(texts.join('')).toContain('Paris');
    });

    it('the raw stream ends with exactly one error frame and no message_stop', async () => {
      w.mocks.get('ant')!.script(w.mocks.get('ant')!.midStreamError());
      const res = await post(w.t, w.client.key, '/v1/messages', { ...OK, stream: true });
      expect(res.status).toBe(200);
      const frames = res.text.split('\n\n').filter((f) => f.trim() !== '');
      expect(frames.filter((f) => f.startsWith('event: error'))).toHaveLength(1);
      expect(frames.at(-1)).toMatch(/^event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":".*Overloaded/);
      expect(res.text).not.toContain('message_stop');
    });

    it.each(['oa', 'gem', 'oll'])('a translated stream failing mid-way (%s) also ends in one error frame the SDK raises', async (name) => {
      const mock = w.mocks.get(name)!;
      mock.script(mock.midStreamError());
      const model = { oa: 'gpt-4o', gem: 'gemini-2.5-flash', oll: 'qwen3-vl:8b' }[name]!;
      const err = await w.sdk.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] }).finalMessage().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
    });
  });

  describe('bad input: 400 invalid_request_error naming the field, nothing sent upstream', () => {
    const cases: Array<[string, unknown, string]> = [
      ['missing max_tokens', { model: CLAUDE, messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens'],
      ['max_tokens as a string', { ...OK, max_tokens: '100' }, 'max_tokens'],
      ['max_tokens zero', { ...OK, max_tokens: 0 }, 'max_tokens'],
      ['missing model', { max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }, 'model'],
      ['messages not an array', { ...OK, messages: 'Hi' }, 'messages'],
      ['empty messages', { ...OK, messages: [] }, 'messages'],
      ['unknown role', { ...OK, messages: [{ role: 'system', content: 'Hi' }] }, 'messages[0].role'],
      ['content a number', { ...OK, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
      ['unknown block type', { ...OK, messages: [{ role: 'user', content: [{ type: 'hologram', data: 'x' }] }] }, 'messages[0].content[0].type'],
      ['text block without text', { ...OK, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text'],
      ['tool_use without input', { ...OK, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'x' }] }] }, 'input'],
      ['tool_result without tool_use_id', { ...OK, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'tool_use_id'],
      ['system a number', { ...OK, system: 42 }, 'system'],
      ['system block not text', { ...OK, system: [{ type: 'image', source: {} }] }, 'system[0]'],
      ['temperature out of range', { ...OK, temperature: 3 }, 'temperature'],
      ['stream not a boolean', { ...OK, stream: 'yes' }, 'stream'],
      ['stop_sequences not strings', { ...OK, stop_sequences: [1, 2] }, 'stop_sequences'],
      ['tool without input_schema', { ...OK, tools: [{ name: 'x' }] }, 'tools[0].input_schema'],
      ['tool_choice unknown', { ...OK, tool_choice: { type: 'sometimes' } }, 'tool_choice'],
      ['thinking budget too small', { ...OK, thinking: { type: 'enabled', budget_tokens: 10 } }, 'budget_tokens'],
      ['metadata not an object', { ...OK, metadata: 'x' }, 'metadata'],
      ['a JSON array body', [OK], 'JSON object'],
    ];
    it.each(cases)('%s', async (_name, body, mention) => {
      const res = await post(w.t, w.client.key, '/v1/messages', body);
      const env = expectEnvelope(res, 400, 'invalid_request_error');
      expect(env.error.message).toContain(mention);
      expect(upstreamCalls()).toBe(0);
    });

    it('malformed JSON, an empty body and a NUL character', async () => {
      for (const raw of ['{"model":', '', '{"model":"a\\u0000b","max_tokens":1,"messages":[]}']) {
        const res = await post(w.t, w.client.key, '/v1/messages', raw);
        expectEnvelope(res, 400, 'invalid_request_error');
      }
      expect(upstreamCalls()).toBe(0);
    });

    it('count_tokens checks its body the same way', async () => {
      const res = await post(w.t, w.client.key, '/v1/messages/count_tokens', { model: CLAUDE, messages: [{ role: 'user', content: [{ type: 'nope' }] }] });
      expectEnvelope(res, 400, 'invalid_request_error');
    });
  });
});

describe.each(databaseTargets())('POST /v1/messages when every provider\'s breaker is open, on %s', (db) => {
  let w: MessagesWorld;

  beforeAll(async () => {
    w = await startMessagesWorld(db, { breaker: { consecutive_failures: 1, half_open_after_seconds: 60 } });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers 503 overloaded_error with retry-after and calls no provider', async () => {
    const ant = w.mocks.get('ant')!;
    ant.script({ behaviour: ant.error(500), times: 5 });
    expectEnvelope(await post(w.t, w.client.key, '/v1/messages', OK), 502, 'api_error');
    ant.reset();
    const res = await post(w.t, w.client.key, '/v1/messages', OK);
    expectEnvelope(res, 503, 'overloaded_error');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ant.requests).toHaveLength(0);
  });
});
