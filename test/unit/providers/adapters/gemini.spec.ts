import fc from 'fast-check';
import { getAdapter, type ChatRequest } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { refusal } from './support/refusal.js';
import { assemble, run, split } from './support/stream.js';

const gemini = getAdapter('gemini');
const K = 'gemini';
const MODEL = 'gemini-2.5-flash';
const turn2 = (): ChatRequest => fixtureJson<ChatRequest>(K, 'openai_turn2_request.json');
const SIGNATURE = 'CiQB0e2Kb3xYz7mQpL1sT9vW4nR6uE8aC2dF5gH0jK3lM6oP9qS=';

describe('gemini: request', () => {
  it('translates the turn-2 request into generate_content_request.json (tools as parametersJsonSchema)', () => {
    const req = deepFreeze(turn2());
    const wire = gemini.toWire(req, ctx(MODEL));
    const expected = fixtureJson(K, 'generate_content_request.json');
    expected['tools'] = [{ functionDeclarations: [{
      name: 'get_weather',
      description: 'Get the current weather for a city.',
      parametersJsonSchema: req.tools?.[0]?.function.parameters,
    }] }];
    expect(wire).toMatchObject({ path: 'models/gemini-2.5-flash:generateContent', framing: 'json' });
    expect(wire.query).toBeUndefined();
    expect(wire.body).toEqual(expected);
    expect(wire.dropped).toEqual(['tools[0].function.strict']);
  });

  it('round-trips turn 1: the minted id and thought signature from the response come back as the fixture request', () => {
    const { completion } = gemini.fromWire(fixtureJson(K, 'generate_content_response_function_call.json'), ctx(MODEL));
    const call = completion.choices[0]?.message.tool_calls?.[0];
    const fromFixture = turn2().messages[2]?.tool_calls?.[0];
    expect(call).toEqual(fromFixture);
    expect(call?.extra_content).toEqual({ google: { thought_signature: SIGNATURE } });
  });

  it('streams to :streamGenerateContent?alt=sse and maps structured output', () => {
    const req: ChatRequest = {
      model: 'g',
      messages: [{ role: 'user', content: 'Give me the weather in Paris as JSON: 18 °C, light rain.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: fixtureJson<{ generationConfig: { responseJsonSchema: Record<string, unknown> } }>(K, 'generate_content_request_json_mode.json').generationConfig.responseJsonSchema } },
    };
    const wire = gemini.toWire(req, ctx(MODEL, true));
    expect(wire).toMatchObject({ path: 'models/gemini-2.5-flash:streamGenerateContent', query: { alt: 'sse' }, framing: 'sse' });
    expect(wire.body).toEqual(fixtureJson(K, 'generate_content_request_json_mode.json'));
  });

  it('maps tool_choice, wraps non-object tool results, echoes upstream ids but not minted ones', () => {
    const req: ChatRequest = {
      model: 'g',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'calling', tool_calls: [
          { id: 'fc-upstream-1', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'call_gg0123456789abcdef', type: 'function', function: { name: 'g', arguments: '{"a":1}' } },
        ] },
        { role: 'tool', tool_call_id: 'fc-upstream-1', content: '[1,2]' },
        { role: 'tool', tool_call_id: 'call_gg0123456789abcdef', content: 'plain text' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }, { type: 'function', function: { name: 'g' } }],
      tool_choice: { type: 'function', function: { name: 'g' } },
    };
    const body = gemini.toWire(deepFreeze(req), ctx(MODEL)).body as { contents: unknown[]; toolConfig: unknown };
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['g'] } });
    expect(body.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ text: 'calling' }, { functionCall: { name: 'f', args: {}, id: 'fc-upstream-1' } }, { functionCall: { name: 'g', args: { a: 1 } } }] },
      { role: 'user', parts: [
        { functionResponse: { name: 'f', response: { output: [1, 2] }, id: 'fc-upstream-1' } },
        { functionResponse: { name: 'g', response: { output: 'plain text' } } },
      ] },
    ]);
  });

  it.each<[string, Partial<ChatRequest>, string]>([
    ['an https image', { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }, 'messages[0].content[1].image_url'],
    ['an unresolvable tool result', { messages: [{ role: 'user', content: 'q' }, { role: 'tool', tool_call_id: 'nope', content: '{}' }] }, 'messages[1].tool_call_id'],
    ['parallel_tool_calls false', { parallel_tool_calls: false }, 'parallel_tool_calls'],
    ['logprobs', { logprobs: true }, 'logprobs'],
    ['logit_bias', { logit_bias: { '5': 1 } }, 'logit_bias'],
    ['an unknown field', { frobnicate: 1 }, 'frobnicate'],
  ])('refuses %s with 400 naming the parameter', (_n, patch, param) => {
    const req = { model: 'g', messages: [{ role: 'user' as const, content: 'q' }], ...patch } as ChatRequest;
    expect(refusal(() => gemini.toWire(req, ctx(MODEL)))).toMatchObject({ status: 400, param });
  });

  it('sends the key as x-goog-api-key, never in the query', () => {
    expect(gemini.authHeaders('AIza')).toEqual({ 'x-goog-api-key': 'AIza' });
    expect(gemini.toWire(turn2(), ctx(MODEL, true)).query).toEqual({ alt: 'sse' });
  });
});

describe('gemini: response', () => {
  it('maps text, usage (cached inside prompt, thoughts into output) and STOP', () => {
    const { completion, usage } = gemini.fromWire(deepFreeze(fixtureJson(K, 'generate_content_response.json')), ctx(MODEL));
    expect(usage).toEqual({ input: 286, cacheRead: 1024, cacheWrite: 0, output: 145, reasoning: 118 });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1310, completion_tokens: 145, total_tokens: 1455 });
    expect(completion).toMatchObject({ id: 'mU6vaKfDLo2nz7IPsYyQqA0', model: MODEL, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: expect.stringContaining('bring an umbrella') } }] });
  });

  it('maps a function call with STOP to tool_calls', () => {
    const { completion, usage } = gemini.fromWire(fixtureJson(K, 'generate_content_response_function_call.json'), ctx(MODEL));
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null } });
    expect(usage).toEqual({ input: 1254, cacheRead: 0, cacheWrite: 0, output: 112, reasoning: 91 });
  });

  it('maps a blocked prompt to content_filter', () => {
    const { completion, usage } = gemini.fromWire(fixtureJson(K, 'generate_content_response_blocked_prompt.json'), ctx(MODEL));
    expect(completion.choices).toEqual([{ index: 0, message: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: 'content_filter' }]);
    expect(usage.input).toBe(19);
  });

  it.each([['MAX_TOKENS', 'length'], ['SAFETY', 'content_filter'], ['RECITATION', 'content_filter'], ['MALFORMED_FUNCTION_CALL', 'stop'], ['OTHER', 'stop']])('finishReason %s → %s', (reason, finish) => {
    const body = fixtureJson<{ candidates: Record<string, unknown>[] }>(K, 'generate_content_response.json');
    body.candidates[0]!['finishReason'] = reason;
    expect(gemini.fromWire(body, ctx(MODEL)).completion.choices[0]?.finish_reason).toBe(finish);
  });
});

describe('gemini: stream', () => {
  const text = fixtureText(K, 'stream_generate_content.sse');
  it.each([['CRLF', text], ['LF', text.replace(/\r\n/g, '\n')]])('maps %s-framed text chunks for any split; last usage wins', (_n, body) => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const a = assemble(run(gemini.createStreamMapper(ctx(MODEL, true)), split(body, cuts)));
        expect(a.protocol).toEqual([]);
        expect(a.done).toBe(true);
        expect(a.choices.get(0)).toMatchObject({ role: 'assistant', finish: 'stop', content: 'Your photo was taken in Paris, France. Right now it is 18 °C there with light rain, so bring an umbrella.' });
        expect(a.usage).toEqual({ input: 286, cacheRead: 1024, cacheWrite: 0, output: 145, reasoning: 118 });
      }),
    );
  });

  it('maps a whole function call to one tool-call delta with a minted id and the thought signature', () => {
    const a = assemble(run(gemini.createStreamMapper(ctx(MODEL, true)), [fixtureText(K, 'stream_generate_content_function_call.sse')]));
    const call = a.choices.get(0)?.toolCalls[0];
    expect(call).toEqual({ id: expect.stringMatching(/^call_gg[0-9a-f]{16}$/), name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}', extra_content: { google: { thought_signature: SIGNATURE } } });
    expect(a.choices.get(0)?.finish).toBe('tool_calls');
    expect(a.done).toBe(true);
  });

  it('turns a mid-stream {"error":…} into an error event (never a normal end)', () => {
    const a = assemble(run(gemini.createStreamMapper(ctx(MODEL, true)), [fixtureText(K, 'stream_generate_content_error.sse')]));
    expect(a.choices.get(0)?.content).toBe('Your photo was taken in Paris, France.');
    expect(a.error).toMatchObject({ status: 503, code: 'UNAVAILABLE', type: 'server_error', retryable: true });
    expect(a.done).toBe(false);
    expect(a.usageEvents).toBe(0);
  });

  it('reports a close without finishReason as truncated', () => {
    const frames = text.split('\r\n\r\n');
    const a = assemble(run(gemini.createStreamMapper(ctx(MODEL, true)), [frames.slice(0, 2).join('\r\n\r\n') + '\r\n\r\n']));
    expect(a.choices.get(0)?.content).toBe('Your photo was taken in Paris, France. Right now it is 18 °C there with light rain,');
    expect(a.error).toMatchObject({ code: 'stream_truncated' });
    expect(a.done).toBe(false);
  });
});

describe('gemini: errors', () => {
  it.each([
    ['error_400.json', 400, { status: 401, type: 'authentication_error', code: 'invalid_api_key', retryable: false }],
    ['error_400_invalid_argument.json', 400, { status: 400, type: 'invalid_request_error', code: 'INVALID_ARGUMENT', retryable: false }],
    ['error_400_missing_thought_signature.json', 400, { status: 400, type: 'invalid_request_error', code: 'INVALID_ARGUMENT', retryable: false }],
    ['error_403.json', 403, { status: 403, type: 'permission_error', code: 'PERMISSION_DENIED', retryable: false }],
    ['error_404.json', 404, { status: 404, type: 'not_found_error', code: 'NOT_FOUND', retryable: false }],
    ['error_429.json', 429, { status: 429, type: 'rate_limit_error', code: 'RESOURCE_EXHAUSTED', retryable: true, retryAfterMs: 47000 }],
    ['error_500.json', 500, { status: 500, type: 'server_error', code: 'INTERNAL', retryable: true }],
    ['error_503.json', 503, { status: 503, type: 'server_error', code: 'UNAVAILABLE', retryable: true }],
  ])('%s', (file, status, expected) => {
    const body = fixtureJson<{ error: { message: string } }>(K, file);
    expect(gemini.toProviderError(status, body, {})).toEqual({ param: null, message: body.error.message, ...expected });
  });
});

describe('gemini: embeddings', () => {
  const emb = gemini.embeddings!;
  it('uses batchEmbedContents and encodes base64 when asked', () => {
    const wire = emb.toWire(deepFreeze({ model: 'e', input: ['a', 'b'], dimensions: 8, encoding_format: 'base64' }), ctx('gemini-embedding-001'));
    expect(wire).toMatchObject({ path: 'models/gemini-embedding-001:batchEmbedContents', body: { requests: [
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 },
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 8 },
    ] } });
    const { response } = emb.fromWire({ embeddings: [{ values: [1, 0.5] }, { values: [0] }] }, ctx('gemini-embedding-001', false, { request: wire }));
    const bytes = Buffer.from(response.data[0]!.embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, 0.5]);
    expect(response.data.map((d) => d.index)).toEqual([0, 1]);
  });

  it('refuses token-id input', () => {
    expect(refusal(() => emb.toWire({ model: 'e', input: [1, 2, 3] }, ctx('m')))).toMatchObject({ param: 'input' });
  });
});
