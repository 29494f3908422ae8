import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIError } from 'openai';
import { fixtureFrames, responsesMidStreamFailure, startMockUpstream, type MockKind, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { EventBus, type LiveEvent } from '../../../src/common/index.js';
import { SqlTransactions, sql } from '../../../src/database/index.js';
import { ResponsesRetentionJob } from '../../../src/gateway/responses/store/responses.retention.js';
import { FAST, adminToken, balanceUsd, createClient, post, startGateway, type TestClient } from './support/gateway.harness.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'], additionalProperties: false },
};
const SCHEMA = { type: 'object', properties: { city: { type: 'string' }, country_code_iso: { type: 'string' } }, required: ['city', 'country_code_iso'], additionalProperties: false };
const PRICE = { input: 1, output: 2, cache_read: 0.5 };
const usd = (micros: number): number => micros / 1e6;

interface Kind {
  name: string;
  kind: 'openai' | 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama';
  mock: MockKind;
  model: string;
}

const KINDS: Kind[] = [
  { name: 'oa', kind: 'openai', mock: 'openai', model: 'gpt-4o' },
  { name: 'compat', kind: 'openai-compatible', mock: 'openai', model: 'compat-llama' },
  { name: 'ant', kind: 'anthropic', mock: 'anthropic', model: 'claude-sonnet-4-5' },
  { name: 'gem', kind: 'gemini', mock: 'gemini', model: 'gemini-2.5-flash' },
  { name: 'oll', kind: 'ollama', mock: 'ollama', model: 'qwen3-vl:8b' },
];
const TRANSLATED = KINDS.filter((k) => k.kind !== 'openai');

async function events(stream: AsyncIterable<any>): Promise<any[]> {
  const out: any[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe.each(databaseTargets())('POST/GET/DELETE /v1/responses with the official OpenAI SDK, on %s', (db) => {
  const mocks = new Map<string, MockUpstream>();
  let t: TestApp;
  let token: string;
  let alice: TestClient;
  let bob: TestClient;
  const oa = (): MockUpstream => mocks.get('oa')!;

  beforeAll(async () => {
    for (const k of KINDS) mocks.set(k.name, await startMockUpstream(k.mock, k.kind === 'ollama' ? {} : { apiKey: `secret-${k.name}-key-123456` }));
    t = await startGateway(db, {
      providers: KINDS.map((k) => ({
        name: k.name,
        kind: k.kind,
        base_url: mocks.get(k.name)!.baseUrl,
        ...(k.kind === 'ollama' ? {} : { api_key: `secret-${k.name}-key-123456` }),
        ...FAST,
        pricing: { [k.model]: PRICE, ...(k.name === 'oa' || k.name === 'ant' ? { 'gpt-fb': PRICE } : {}) },
      })),
      routing: [...KINDS.map((k) => ({ match: k.model, provider: k.name })), { match: 'gpt-fb', provider: 'oa', fallback: ['ant'] }],
    });
    token = await adminToken(t);
    alice = await createClient(t, token, { name: `alice-${db}`, credit_usd: 100 });
    bob = await createClient(t, token, { name: `bob-${db}`, credit_usd: 100 });
  });
  afterAll(async () => {
    await t?.close();
    for (const m of mocks.values()) await m.close();
  });
  afterEach(() => {
    for (const m of mocks.values()) m.reset();
  });

  describe('relay to an openai provider', () => {
    it('sends the body unchanged except model, returns the answer with usage.cost and charges exactly that once', async () => {
      const before = await balanceUsd(t, token, alice.id);
      const params: any = { model: 'gpt-4o', input: 'Where is the Eiffel Tower?', instructions: 'Be brief.', prompt_cache_key: 'pck-1', metadata: { run: 'e2e' }, some_future_field: { kept: true } };
      const res: any = await alice.sdk.responses.create(params);
      expect(res.object).toBe('response');
      expect(res.output_text).toContain('Paris');
      // 36 input (4 cached), 87 output: 32×$1 + 4×$0.5 + 87×$2 per 1M
      expect(res.usage).toMatchObject({ input_tokens: 36, input_tokens_details: { cached_tokens: 4 }, output_tokens: 87, total_tokens: 123 });
      expect(res.usage.cost).toBeCloseTo(usd(32 + 2 + 174), 9);
      const [upstream] = oa().requestsTo('/responses');
      expect(oa().requests).toHaveLength(1);
      expect(upstream.body).toEqual(params);
      expect(upstream.headers.authorization).toBe('Bearer secret-oa-key-123456');
      expect(before - (await balanceUsd(t, token, alice.id))).toBeCloseTo(res.usage.cost, 9);
    });

    it('streams OpenAI events through unchanged, with usage.cost on response.completed', async () => {
      const stream = alice.sdk.responses.stream({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?' });
      const seen = await events(stream);
      const final: any = await stream.finalResponse();
      const upstreamTypes = fixtureFrames('openai', 'responses_stream.sse').map((f) => JSON.parse(f.split('data: ')[1]).type);
      expect(seen.map((e) => e.type)).toEqual(upstreamTypes);
      expect(final.output_text).toBe('The Eiffel Tower is in Paris, France.');
      expect(final.usage.cost).toBeCloseTo(usd(37 + 11 * 2), 9);
    });

    it('relays a Codex-shaped request intact: store false, encrypted reasoning, parallel calls, hosted tools, include', async () => {
      const codex = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/providers/openai/responses_request_codex.json'), 'utf8'));
      const body = { ...codex, model: 'gpt-4o' };
      const res = await post(t, alice.key, '/v1/responses', body);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const [upstream] = oa().requestsTo('/responses');
      expect(upstream.body).toEqual(body);
      expect(upstream.rawBody).toContain('gAAAAABo8MShQ2x0cmV0LXJlYXNvbmluZy1ibG9iLWZyb20tb3BlbmFp');
      expect(res.text).toContain('event: response.completed');
      const completed = res.text.split('\n\n').find((f) => f.includes('"type":"response.completed"'))!;
      const id = JSON.parse(completed.split('data: ')[1]).response.id;
      // store: false — nothing kept
      await expect(alice.sdk.responses.retrieve(id)).rejects.toMatchObject({ status: 404 });
    });

    it('a failure the provider reports mid-stream reaches the SDK as response.failed with its error, then the stream ends', async () => {
      oa().script(responsesMidStreamFailure());
      const stream = await alice.sdk.responses.create({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?', stream: true });
      const seen = await events(stream);
      const last = seen.at(-1);
      expect(last.type).toBe('response.failed');
      expect(last.response.error.message).toContain('failed to generate');
      expect(seen.some((e) => e.type === 'response.completed')).toBe(false);
    });

    it('a connection reset mid-stream becomes a response.failed event from the gateway', async () => {
      const frames = fixtureFrames('openai', 'responses_stream.sse').slice(0, 5);
      oa().script({ frames, reset: 'after-frames' });
      const before = await balanceUsd(t, token, alice.id);
      const stream = alice.sdk.responses.stream({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?' });
      const seen = await events(stream);
      const final: any = await stream.finalResponse();
      expect(seen.at(-1).type).toBe('response.failed');
      expect(final.status).toBe('failed');
      expect(final.error.message).toMatch(/oa/);
      // the provider reported no usage: charged an estimate at most, never the reservation
      expect(before - (await balanceUsd(t, token, alice.id))).toBeLessThan(0.001);
    });

    it('a malformed terminal event (response.completed without its response) ends in response.failed, never a 500', async () => {
      const frames = fixtureFrames('openai', 'responses_stream.sse').slice(0, 5);
      oa().script({ frames: [...frames, 'event: response.completed\ndata: {"type":"response.completed","sequence_number":5}\n\n'] });
      const stream = await alice.sdk.responses.create({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?', stream: true });
      const seen = await events(stream);
      expect(seen.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'invalid_upstream_response' } } });
    });

    it('honours Idempotency-Key on a stream: a retry is refused (409), never sent upstream or charged again', async () => {
      const before = await balanceUsd(t, token, alice.id);
      const headers = { 'idempotency-key': `resp-idem-stream-${db}` };
      const first = await post(t, alice.key, '/v1/responses', { model: 'gpt-4o', input: 'Hi', stream: true }, headers);
      const second = await post(t, alice.key, '/v1/responses', { model: 'gpt-4o', input: 'Hi', stream: true }, headers);
      expect(first.status).toBe(200);
      expect(second.status).toBe(409);
      expect(second.json().error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_reused' });
      expect(oa().requestsTo('/responses')).toHaveLength(1);
      const completed = first.text.split('\n\n').find((f) => f.includes('"type":"response.completed"'))!;
      const cost = JSON.parse(completed.split('data: ')[1]).response.usage.cost;
      expect(before - (await balanceUsd(t, token, alice.id))).toBeCloseTo(cost, 9);
    });

    it('honours Idempotency-Key: one upstream call, one charge, the same answer replayed', async () => {
      const before = await balanceUsd(t, token, alice.id);
      const headers = { 'idempotency-key': `resp-idem-${db}` };
      const first = await post(t, alice.key, '/v1/responses', { model: 'gpt-4o', input: 'Hi' }, headers);
      const second = await post(t, alice.key, '/v1/responses', { model: 'gpt-4o', input: 'Hi' }, headers);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(oa().requestsTo('/responses')).toHaveLength(1);
      expect(before - (await balanceUsd(t, token, alice.id))).toBeCloseTo(first.json().usage.cost, 9);
    });
  });

  describe('fallback before the first byte', () => {
    it('an OpenAI failure falls over to Anthropic, translated, and only the answer that served is charged', async () => {
      oa().script(oa().error(500));
      const before = await balanceUsd(t, token, alice.id);
      const res: any = await alice.sdk.responses.create({ model: 'gpt-fb', input: 'Where is the Eiffel Tower?' });
      expect(res.output_text).toContain('Paris');
      expect(res.id.startsWith('resp_gg')).toBe(true); // the gateway's translation, not OpenAI's object
      expect(oa().requestsTo('/responses')).toHaveLength(1);
      expect(mocks.get('ant')!.requests).toHaveLength(1);
      expect(before - (await balanceUsd(t, token, alice.id))).toBeCloseTo(res.usage.cost, 9);
    });

    it('a streamed request falls over the same way before any event reached the client', async () => {
      oa().script({ frames: fixtureFrames('openai', 'responses_stream.sse').slice(0, 2), reset: 'after-frames' });
      const stream = alice.sdk.responses.stream({ model: 'gpt-fb', input: 'Where is the Eiffel Tower?' });
      const seen = await events(stream);
      const final: any = await stream.finalResponse();
      expect(seen.filter((e) => e.type === 'response.created')).toHaveLength(1);
      expect(final.status).toBe('completed');
      expect(final.output_text).toContain('Paris');
      expect(mocks.get('ant')!.requests).toHaveLength(1);
    });
  });

  describe.each(TRANSLATED)('translation for a $kind provider', (k) => {
    const mock = (): MockUpstream => mocks.get(k.name)!;

    it('answers a Responses object with usage and cost, charged once', async () => {
      const before = await balanceUsd(t, token, alice.id);
      const res: any = await alice.sdk.responses.create({ model: k.model, instructions: 'Answer in one sentence.', input: 'Where is the Eiffel Tower?', max_output_tokens: 300 });
      expect(res.object).toBe('response');
      expect(res.status).toBe('completed');
      expect(res.output_text).toContain('Paris');
      expect(res.output.at(-1)).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'output_text' }] });
      expect(res.usage.input_tokens).toBeGreaterThan(0);
      expect(res.usage.total_tokens).toBe(res.usage.input_tokens + res.usage.output_tokens);
      expect(res.usage.cost).toBeGreaterThan(0);
      expect(before - (await balanceUsd(t, token, alice.id))).toBeCloseTo(res.usage.cost, 9);
      expect(mock().requests).toHaveLength(1);
      expect(JSON.stringify(mock().requests[0].body)).toContain('Answer in one sentence.');
    });

    it('streams typed events with increasing sequence_number that the SDK assembles', async () => {
      const stream = alice.sdk.responses.stream({ model: k.model, input: 'Where is the Eiffel Tower?' });
      const seen = await events(stream);
      const final: any = await stream.finalResponse();
      const types = seen.map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
      expect(types).toEqual(expect.arrayContaining(['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.output_item.done']));
      expect(types.at(-1)).toBe('response.completed');
      seen.forEach((e, i) => expect(e.sequence_number).toBe(i));
      expect(final.output_text).toContain('Paris');
      expect(final.usage.cost).toBeGreaterThan(0);
    });

    it('runs a function-call loop: a function_call with call_id, then the tool output gives the answer', async () => {
      const input: any[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
      const first: any = await alice.sdk.responses.create({ model: k.model, input, tools: [TOOL], store: false });
      const call = first.output.find((o: any) => o.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
      expect(typeof call.call_id).toBe('string');
      expect(JSON.parse(call.arguments)).toMatchObject({ city: expect.any(String) });
      const second: any = await alice.sdk.responses.create({
        model: k.model,
        tools: [TOOL],
        store: false,
        input: [...input, ...first.output, { type: 'function_call_output', call_id: call.call_id, output: '{"temperature":18,"unit":"celsius"}' }],
      });
      expect(second.status).toBe('completed');
      expect(second.output_text.length).toBeGreaterThan(0);
      const sent = JSON.stringify(mock().requests[1].body);
      expect(sent.replace(/\\/g, '')).toContain('"temperature":18');
    });

    it('streams a function call as function_call_arguments events', async () => {
      const stream = alice.sdk.responses.stream({ model: k.model, input: 'What is the weather in Paris?', tools: [TOOL] });
      const seen = await events(stream);
      const final: any = await stream.finalResponse();
      expect(seen.map((e) => e.type)).toEqual(expect.arrayContaining(['response.function_call_arguments.delta', 'response.function_call_arguments.done']));
      const call = final.output.find((o: any) => o.type === 'function_call');
      expect(JSON.parse(call.arguments)).toMatchObject({ city: expect.any(String) });
    });

    it('translates text.format json_schema into the provider request', async () => {
      const res: any = await alice.sdk.responses.create({ model: k.model, input: 'Where is the Eiffel Tower?', text: { format: { type: 'json_schema', name: 'place', schema: SCHEMA, strict: true } } });
      expect(res.text.format).toMatchObject({ type: 'json_schema', name: 'place' });
      expect(JSON.stringify(mock().requests[0].body)).toContain('country_code_iso');
    });

    it('a mid-stream provider failure reaches the SDK as response.failed', async () => {
      mock().script(mock().midStreamError());
      const stream = await alice.sdk.responses.create({ model: k.model, input: 'Where is the Eiffel Tower?', stream: true });
      const seen = await events(stream);
      expect(seen.at(-1).type).toBe('response.failed');
      expect(seen.at(-1).response.status).toBe('failed');
      expect(seen.at(-1).response.error.message.length).toBeGreaterThan(0);
    });
  });

  describe('stored responses', () => {
    it('retrieve and delete work for the owner only; another client gets 404 everywhere', async () => {
      const created: any = await alice.sdk.responses.create({ model: 'claude-sonnet-4-5', input: 'Where is the Eiffel Tower?' });
      const got: any = await alice.sdk.responses.retrieve(created.id);
      expect(got.id).toBe(created.id);
      expect(got.output_text).toBe(created.output_text);
      expect(got.usage.cost).toBe(created.usage.cost);

      await expect(bob.sdk.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
      await expect(bob.sdk.responses.delete(created.id)).rejects.toMatchObject({ status: 404 });
      const before = mocks.get('ant')!.requests.length;
      const err = await bob.sdk.responses.create({ model: 'claude-sonnet-4-5', input: 'and?', previous_response_id: created.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(APIError);
      expect((err as APIError).status).toBe(404);
      expect((err as APIError).code).toBe('previous_response_not_found');
      expect(mocks.get('ant')!.requests.length).toBe(before);

      await alice.sdk.responses.delete(created.id);
      await expect(alice.sdk.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    });

    it("deleting a response an OpenAI provider also keeps deletes the provider's copy too", async () => {
      const created: any = await alice.sdk.responses.create({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?' });
      await alice.sdk.responses.delete(created.id);
      await oa().waitFor(() => oa().requests.some((r) => r.method === 'DELETE'), 3000, 'the upstream DELETE');
      const del = oa().requests.find((r) => r.method === 'DELETE')!;
      expect(del.path).toBe(`/v1/responses/${created.id}`);
      expect(del.headers.authorization).toBe('Bearer secret-oa-key-123456');
      await expect(alice.sdk.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    });

    it('previous_response_id continues a conversation across providers, forwarding the id only where OpenAI holds it', async () => {
      const turn1: any = await alice.sdk.responses.create({ model: 'gpt-4o', input: 'Where is the Eiffel Tower?' });
      const turn2: any = await alice.sdk.responses.create({ model: 'claude-sonnet-4-5', input: 'And how tall is it?', previous_response_id: turn1.id });
      const anthropicBody = JSON.stringify(mocks.get('ant')!.requests[0].body);
      expect(anthropicBody).toContain('Where is the Eiffel Tower?');
      expect(anthropicBody).toContain('The Eiffel Tower is in Paris, France.');
      expect(anthropicBody).toContain('And how tall is it?');

      // back on OpenAI after another provider answered: the gateway expands the stored history
      const turn3: any = await alice.sdk.responses.create({ model: 'gpt-4o', input: 'Thanks!', previous_response_id: turn2.id });
      expect(turn3.output_text).toContain('Paris');
      const expanded = oa().requestsTo('/responses')[1].body;
      expect(expanded.previous_response_id).toBeUndefined();
      const texts = JSON.stringify(expanded.input);
      for (const s of ['Where is the Eiffel Tower?', 'The Eiffel Tower is in Paris, France.', 'And how tall is it?', 'Thanks!']) expect(texts).toContain(s);
      expect(texts).not.toContain('_gg'); // the gateway's own item ids stay home

      // continuing a response OpenAI itself keeps: the id is forwarded, the body unchanged
      const params = { model: 'gpt-4o', input: 'One more thing.', previous_response_id: turn1.id };
      await alice.sdk.responses.create(params);
      expect(oa().requestsTo('/responses')[2].body).toEqual(params);
    });
  });

  describe('request log', () => {
    it('writes the request-log row and the live-feed event with surface "responses" and the charged cost', async () => {
      const live: LiveEvent[] = [];
      const unsubscribe = t.app.get(EventBus).subscribe((e) => live.push(e));
      const res = await post(t, alice.key, '/v1/responses', { model: 'qwen3-vl:8b', input: 'Where is the Eiffel Tower?' });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id')!;
      const tx = t.app.get(SqlTransactions);
      let rows: any[] = [];
      for (let i = 0; i < 100 && rows.length === 0; i++) {
        rows = await tx.exec(sql('SELECT surface, model, provider, status, cost_usd_e10 FROM request_logs WHERE request_id = $1', requestId));
        if (rows.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(rows[0]).toMatchObject({ surface: 'responses', model: 'qwen3-vl:8b', provider: 'oll', status: 200 });
      expect(Number(rows[0].cost_usd_e10) / 1e10).toBeCloseTo(res.json().usage.cost, 12);
      unsubscribe();
      const event = live.find((e) => e.type === 'request' && e.data.request_id === requestId);
      expect(event?.data).toMatchObject({ surface: 'responses', model: 'qwen3-vl:8b', provider: 'oll', status: 200 });
    });
  });

  describe('retention', () => {
    it('the scheduled job deletes responses older than responses.retention_days (30 by default), and only those', async () => {
      const old: any = await alice.sdk.responses.create({ model: 'gemini-2.5-flash', input: 'Where is the Eiffel Tower?' });
      const job = t.app.get(ResponsesRetentionJob);
      expect(await job.run(Date.now() + 29 * 86_400_000)).toBe(0);
      expect((await alice.sdk.responses.retrieve(old.id)).id).toBe(old.id);
      expect(await job.run(Date.now() + 31 * 86_400_000)).toBeGreaterThanOrEqual(1);
      await expect(alice.sdk.responses.retrieve(old.id)).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('bad input', () => {
    it.each([
      ['no model', { input: 'hi' }, 'model'],
      ['no input', { model: 'gpt-4o' }, 'input'],
      ['input of the wrong type', { model: 'gpt-4o', input: 42 }, 'input'],
      ['an unknown role', { model: 'gpt-4o', input: [{ role: 'robot', content: 'hi' }] }, 'input[0].role'],
      ['a function_call without call_id', { model: 'gpt-4o', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
      ['a function tool without name', { model: 'gpt-4o', input: 'hi', tools: [{ type: 'function' }] }, 'tools[0].name'],
      ['an unknown text.format', { model: 'gpt-4o', input: 'hi', text: { format: { type: 'yaml' } } }, 'text.format.type'],
      ['json_schema without schema', { model: 'gpt-4o', input: 'hi', text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema'],
      ['max_output_tokens of 0', { model: 'gpt-4o', input: 'hi', max_output_tokens: 0 }, 'max_output_tokens'],
      ['a bad reasoning effort', { model: 'gpt-4o', input: 'hi', reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
      ['store not a boolean', { model: 'gpt-4o', input: 'hi', store: 'yes' }, 'store'],
    ])('%s → 400 in the OpenAI envelope, nothing sent upstream', async (_name, body, param) => {
      const res = await post(t, alice.key, '/v1/responses', body);
      expect(res.status).toBe(400);
      expect(res.json().error).toMatchObject({ type: 'invalid_request_error', param });
      expect(oa().requests).toHaveLength(0);
    });

    it('malformed JSON → 400; a hosted tool to a translated provider → 400 naming it', async () => {
      const bad = await post(t, alice.key, '/v1/responses', '{"model":');
      expect(bad.status).toBe(400);
      expect(bad.json().error.type).toBe('invalid_request_error');
      const hosted = await post(t, alice.key, '/v1/responses', { model: 'claude-sonnet-4-5', input: 'hi', tools: [{ type: 'web_search' }] });
      expect(hosted.status).toBe(400);
      expect(hosted.json().error).toMatchObject({ type: 'invalid_request_error', param: 'tools[0]' });
      expect(mocks.get('ant')!.requests).toHaveLength(0);
    });

    it('an unknown response id → 404 in the OpenAI envelope', async () => {
      const res = await fetch(`${t.url}/v1/responses/resp_nope`, { headers: { authorization: `Bearer ${alice.key}` } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.type).toBe('invalid_request_error');
    });
  });
});
