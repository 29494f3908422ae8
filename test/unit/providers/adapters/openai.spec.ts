import fc from 'fast-check';
import { getAdapter, type ChatRequest } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { assemble, run, split } from './support/stream.js';

const openai = getAdapter('openai');
const K = 'openai';

describe('openai: request', () => {
  it('passes the turn-2 request through with model replaced and unknown fields kept', () => {
    const req = deepFreeze({ ...fixtureJson<ChatRequest>(K, 'chat_completions_request.json'), x_custom: { a: 1 } });
    const wire = openai.toWire(req, ctx('gpt-5-mini-2025-08-07'));
    const { stream: _s, ...rest } = req;
    expect(wire).toMatchObject({ path: 'chat/completions', framing: 'json' });
    expect(wire.body).toEqual({ ...rest, model: 'gpt-5-mini-2025-08-07' });
  });

  it('always asks for stream usage upstream and keeps other stream_options', () => {
    const req = deepFreeze(fixtureJson<ChatRequest>(K, 'chat_completions_stream_request.json'));
    const wire = openai.toWire({ ...req, stream_options: { include_obfuscation: false } }, ctx('gpt-4.1', true));
    expect(wire.framing).toBe('sse');
    expect(wire.body).toMatchObject({ stream: true, stream_options: { include_usage: true, include_obfuscation: false } });
  });

  it('drops stream fields on non-stream calls and strips gateway extra_content from tool calls', () => {
    const req = deepFreeze(fixtureJson<ChatRequest>('gemini', 'openai_turn2_request.json'));
    const body = openai.toWire({ ...req, stream: true, stream_options: { include_usage: true } }, ctx('gpt-4.1')).body as ChatRequest;
    expect(body.stream).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
    expect(body.messages[2]?.tool_calls?.[0]?.extra_content).toBeUndefined();
    expect(req.messages[2]?.tool_calls?.[0]?.extra_content).toBeDefined();
  });

  it('sends a bearer token', () => {
    expect(openai.authHeaders('sk-x')).toEqual({ authorization: 'Bearer sk-x' });
    expect(openai.authHeaders(undefined)).toEqual({});
  });
});

describe('openai: response', () => {
  it('keeps the completion and normalises usage (cached inside prompt, reasoning inside completion)', () => {
    const body = deepFreeze(fixtureJson(K, 'chat_completions_response.json'));
    const { completion, usage } = openai.fromWire(body, ctx('gpt-5-mini'));
    expect(usage).toEqual({ input: 190, cacheRead: 1152, cacheWrite: 0, output: 214, reasoning: 192 });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1342, completion_tokens: 214, total_tokens: 1556 });
    expect(completion.choices[0]?.message.content).toContain('Paris, France');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('keeps tool calls', () => {
    const { completion } = openai.fromWire(fixtureJson(K, 'chat_completions_response_tool_calls.json'), ctx('gpt-5-mini'));
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_Qm3rVb8yTz1kLpX0aW9cNd2E');
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('counts reasoning reported apart from completion (total = prompt + completion + reasoning)', () => {
    const body = { choices: [], usage: { prompt_tokens: 32, completion_tokens: 9, total_tokens: 135, completion_tokens_details: { reasoning_tokens: 94 } } };
    expect(openai.fromWire(body, ctx('grok')).usage).toEqual({ input: 32, cacheRead: 0, cacheWrite: 0, output: 103, reasoning: 94 });
  });

  it('rejects a body without choices', () => {
    expect(() => openai.fromWire({ id: 'x' }, ctx('m'))).toThrow(expect.objectContaining({ status: 502 }));
  });
});

describe('openai: stream', () => {
  const text = fixtureText(K, 'chat_completions_stream.sse');

  it('forwards chunks without usage, emits one usage event then done, for any split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const events = run(openai.createStreamMapper(ctx('gpt-4.1', true)), split(text, cuts));
        const a = assemble(events);
        expect(a.protocol).toEqual([]);
        expect(a.done).toBe(true);
        expect(a.usage).toEqual({ input: 118, cacheRead: 0, cacheWrite: 0, output: 62, reasoning: 0 });
        const c = a.choices.get(0);
        expect(c?.content).toBe("I'll check both cities.");
        expect(c?.toolCalls).toEqual([
          { id: 'call_8fJ2kLm4Np6Qr8St0Uv2Wx4Y', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
          { id: 'call_1aB3cD5eF7gH9iJ1kL3mN5oP', name: 'get_weather', arguments: '{"city":"Tokyo","unit":"celsius"}' },
        ]);
        expect(c?.finish).toBe('tool_calls');
        expect(events.filter((e) => e.type === 'chunk')).toHaveLength(19);
      }),
    );
  });

  it('turns a mid-stream error frame into an error event, with no usage and no done', () => {
    const events = run(openai.createStreamMapper(ctx('gpt-4.1', true)), [fixtureText(K, 'chat_completions_stream_error.sse')]);
    const a = assemble(events);
    expect(a.choices.get(0)?.content).toBe('Paris is currently');
    expect(a.done).toBe(false);
    expect(a.usageEvents).toBe(0);
    expect(a.error).toMatchObject({ status: 500, type: 'server_error', retryable: true, message: expect.stringContaining('The server had an error') });
  });

  it('reports a stream closed before the finish chunk as truncated', () => {
    const cut = text.slice(0, text.indexOf('"finish_reason":"tool_calls"'));
    const a = assemble(run(openai.createStreamMapper(ctx('gpt-4.1', true)), [cut]));
    expect(a.done).toBe(false);
    expect(a.error).toMatchObject({ status: 502, code: 'stream_truncated', retryable: true });
  });

  it('accepts a close after finish and usage when [DONE] is missing', () => {
    const a = assemble(run(openai.createStreamMapper(ctx('gpt-4.1', true)), [text.replace('data: [DONE]\n\n', '')]));
    expect(a.done).toBe(true);
    expect(a.usage?.output).toBe(62);
  });
});

describe('openai: errors', () => {
  const headers = fixtureJson<Record<string, Record<string, string>>>(K, 'headers.json');
  it.each([
    ['error_400.json', 400, {}, { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages', retryable: false }],
    ['error_401.json', 401, {}, { type: 'invalid_request_error', code: 'invalid_api_key', param: null, retryable: false }],
    ['error_429.json', 429, headers['response_429'], { type: 'tokens', code: 'rate_limit_exceeded', retryable: true, retryAfterMs: 4000 }],
    ['error_429_insufficient_quota.json', 429, {}, { type: 'insufficient_quota', code: 'insufficient_quota', retryable: false }],
    ['error_500.json', 500, {}, { type: 'server_error', code: null, retryable: true }],
  ])('%s', (file, status, hdrs, expected) => {
    const body = fixtureJson(K, file);
    const e = openai.toProviderError(status, body, hdrs ?? {});
    expect(e).toMatchObject({ status, ...expected, message: (body['error'] as { message: string }).message });
  });

  it('copes with a non-JSON body', () => {
    expect(openai.toProviderError(502, '<html>Bad gateway</html>', {})).toMatchObject({ status: 502, type: 'server_error', retryable: true, message: '<html>Bad gateway</html>' });
  });
});

describe('openai: embeddings', () => {
  it('passes through with model replaced and counts input tokens', () => {
    const emb = openai.embeddings!;
    const wire = emb.toWire(deepFreeze({ model: 'e', input: ['a', 'b'], encoding_format: 'base64' }), ctx('text-embedding-3-small'));
    expect(wire).toMatchObject({ path: 'embeddings', body: { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'base64' } });
    const res = emb.fromWire({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'x', usage: { prompt_tokens: 5, total_tokens: 5 } }, ctx('x'));
    expect(res.usage.input).toBe(5);
    expect(res.response.data).toHaveLength(1);
  });
});
