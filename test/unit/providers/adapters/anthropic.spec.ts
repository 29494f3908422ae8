import fc from 'fast-check';
import { getAdapter, type ChatRequest } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { refusal } from './support/refusal.js';
import { assemble, run, split } from './support/stream.js';

const anthropic = getAdapter('anthropic');
const K = 'anthropic';
const MODEL = 'claude-sonnet-4-5-20250929';
const turn2 = (): ChatRequest => fixtureJson<ChatRequest>(K, 'openai_turn2_request.json');

describe('anthropic: request', () => {
  it('translates the turn-2 request into messages_request.json', () => {
    const wire = anthropic.toWire(deepFreeze(turn2()), ctx(MODEL));
    expect(wire).toMatchObject({ path: 'messages', framing: 'json' });
    expect(wire.body).toEqual(fixtureJson(K, 'messages_request.json'));
    expect(wire.dropped).toBeUndefined();
  });

  it('hoists system and developer messages, joins plain texts, merges tool results into one user turn', () => {
    const req: ChatRequest = {
      model: 'c',
      messages: [
        { role: 'system', content: 'A' },
        { role: 'user', content: 'hi' },
        { role: 'developer', content: [{ type: 'text', text: 'B' }] },
        { role: 'assistant', content: null, tool_calls: [
          { id: 't1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          { id: 't2', type: 'function', function: { name: 'g', arguments: '' } },
        ] },
        { role: 'tool', tool_call_id: 't1', content: 'one' },
        { role: 'tool', tool_call_id: 't2', content: [{ type: 'text', text: 'two' }] },
        { role: 'user', content: [{ type: 'text', text: 'thanks' }, { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } }] },
      ],
      max_tokens: 100,
    };
    const body = anthropic.toWire(deepFreeze(req), ctx(MODEL, true)).body as Record<string, unknown>;
    expect(body['system']).toBe('A\n\nB');
    expect(body['stream']).toBe(true);
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [
        { type: 'tool_use', id: 't1', name: 'f', input: { x: 1 } },
        { type: 'tool_use', id: 't2', name: 'g', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 't1', content: 'one' },
        { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'two' }] },
        { type: 'text', text: 'thanks' },
        { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      ] },
    ]);
  });

  it('maps tool_choice, parallel_tool_calls, json_schema, reasoning_effort, and max_tokens defaults', () => {
    const base = { model: 'c', messages: [{ role: 'user' as const, content: 'q' }] };
    const body = (r: Partial<ChatRequest>, max = 4096): Record<string, unknown> =>
      anthropic.toWire({ ...base, ...r }, ctx(MODEL, false, { defaultMaxTokens: max })).body as Record<string, unknown>;
    expect(body({}).max_tokens).toBe(4096);
    expect(body({ max_tokens: 50, max_completion_tokens: 60 }).max_tokens).toBe(60);
    expect(body({ tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body({ tool_choice: { type: 'function', function: { name: 'f' } } }).tool_choice).toEqual({ type: 'tool', name: 'f' });
    expect(body({ tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ stop: 'END' }).stop_sequences).toEqual(['END']);
    expect(body({ response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object' } } } }).output_config).toEqual({ format: { type: 'json_schema', schema: { type: 'object' } } });
    expect(body({ reasoning_effort: 'medium' }, 16000).thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(body({ reasoning_effort: 'high' }, 3000).thinking).toEqual({ type: 'enabled', budget_tokens: 2999 });
    expect(body({ reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
  });

  it.each<[string, Partial<ChatRequest>, string]>([
    ['seed', { seed: 1 }, 'seed'],
    ['json_object', { response_format: { type: 'json_object' } }, 'response_format'],
    ['n > 1', { n: 2 }, 'n'],
    ['logprobs', { logprobs: true }, 'logprobs'],
    ['presence_penalty', { presence_penalty: 0.5 }, 'presence_penalty'],
    ['an unknown field', { frobnicate: true }, 'frobnicate'],
    ['temperature above 1', { temperature: 1.5 }, 'temperature'],
    ['thinking with too few tokens', { reasoning_effort: 'low', max_tokens: 1000 }, 'reasoning_effort'],
    ['thinking with temperature', { reasoning_effort: 'low', temperature: 0.2 }, 'temperature'],
    ['thinking with a forced tool', { reasoning_effort: 'low', tool_choice: 'required' }, 'tool_choice'],
    ['a bmp image', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AA==' } }] }] }, 'messages[0].content[0].image_url'],
    ['audio input', { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] }] }, 'messages[0].content[0]'],
    ['bad tool arguments', { messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }, 'messages[0].tool_calls[0].function.arguments'],
  ])('refuses %s with 400 naming the parameter', (_name, patch, param) => {
    const req = { model: 'c', messages: [{ role: 'user' as const, content: 'q' }], ...patch } as ChatRequest;
    expect(refusal(() => anthropic.toWire(req, ctx(MODEL)))).toMatchObject({ status: 400, param });
  });

  it('records advisory fields it leaves out', () => {
    const wire = anthropic.toWire({ model: 'c', messages: [{ role: 'user', content: 'q', name: 'bob' }], store: true }, ctx(MODEL));
    expect(wire.dropped).toEqual(['store', 'messages[0].name']);
  });

  it('sends x-api-key and anthropic-version', () => {
    expect(anthropic.authHeaders('sk-ant')).toEqual({ 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01' });
  });
});

describe('anthropic: response', () => {
  it.each([
    ['messages_response_end_turn.json', 'stop', { input: 524, cacheRead: 1536, cacheWrite: 0, output: 31, reasoning: 0 }],
    ['messages_response_max_tokens.json', 'length', { input: 37, cacheRead: 0, cacheWrite: 0, output: 24, reasoning: 0 }],
    ['messages_response_stop_sequence.json', 'stop', { input: 58, cacheRead: 0, cacheWrite: 0, output: 11, reasoning: 0 }],
    ['messages_response_tool_use.json', 'tool_calls', { input: 412, cacheRead: 0, cacheWrite: 1536, output: 78, reasoning: 0 }],
  ])('%s', (file, finish, usage) => {
    const body = deepFreeze(fixtureJson(K, file));
    const { completion, usage: u } = anthropic.fromWire(body, ctx(MODEL));
    expect(u).toEqual(usage);
    expect(completion.choices[0]?.finish_reason).toBe(finish);
    expect(completion.usage?.prompt_tokens).toBe(usage.input + usage.cacheRead + usage.cacheWrite);
    expect(completion).toMatchObject({ id: body['id'], object: 'chat.completion', model: MODEL, created: 1756310400 });
  });

  it('maps tool_use to an OpenAI tool call with stringified input', () => {
    const { completion } = anthropic.fromWire(fixtureJson(K, 'messages_response_tool_use.json'), ctx(MODEL));
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'This looks like the Eiffel Tower, so the photo was taken in Paris. Let me check the current weather there.',
      refusal: null,
      tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9C', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }],
    });
  });

  it.each([['refusal', 'content_filter'], ['pause_turn', 'stop'], ['model_context_window_exceeded', 'length']])('stop_reason %s → %s', (stop, finish) => {
    const body = { ...fixtureJson(K, 'messages_response_end_turn.json'), stop_reason: stop };
    expect(anthropic.fromWire(body, ctx(MODEL)).completion.choices[0]?.finish_reason).toBe(finish);
  });

  it('carries thinking blocks on the first tool call and replays them on the next turn', () => {
    const body = {
      id: 'm', type: 'message', role: 'assistant', model: MODEL, stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 2 },
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
      ],
    };
    const msg = anthropic.fromWire(body, ctx(MODEL)).completion.choices[0]!.message;
    expect(msg.reasoning_content).toBe('hmm');
    const next = anthropic.toWire({ model: 'c', messages: [{ role: 'user', content: 'q' }, { ...msg, role: 'assistant' }, { role: 'tool', tool_call_id: 'toolu_1', content: 'ok' }] }, ctx(MODEL));
    expect((next.body as { messages: { content: unknown[] }[] }).messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: 'hmm', signature: 'sig' });
  });
});

describe('anthropic: stream', () => {
  const text = fixtureText(K, 'messages_stream.sse');
  it('maps the stream to role, text, tool-call fragments (k counts tool_use only), finish, usage, done for any split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const events = run(anthropic.createStreamMapper(ctx(MODEL, true)), split(text, cuts));
        const a = assemble(events);
        expect(a.protocol).toEqual([]);
        expect(a.done).toBe(true);
        const c = a.choices.get(0);
        expect(c).toMatchObject({ role: 'assistant', finish: 'tool_calls', content: 'This looks like the Eiffel Tower, so the photo was taken in Paris. Let me check the current weather there.' });
        expect(c?.toolCalls).toEqual([{ id: 'toolu_01A09q90qw90lq917835lq9C', name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' }]);
        expect(a.usage).toEqual({ input: 412, cacheRead: 0, cacheWrite: 1536, output: 78, reasoning: 0 });
        const toolDeltas = events.flatMap((e) => (e.type === 'chunk' ? (e.chunk.choices[0]?.delta.tool_calls ?? []) : []));
        expect(toolDeltas.every((t) => t.index === 0)).toBe(true);
        expect(events.filter((e) => e.type === 'chunk' && e.chunk.id === 'msg_01TkVqZ3pP9m2bq7Xw5Lh8Rn')).toHaveLength(events.length - 2);
      }),
    );
  });

  it('streams thinking as reasoning_content and carries the signed block on the first tool call', () => {
    const ev = (data: Record<string, unknown>): string => `event: ${String(data['type'])}\ndata: ${JSON.stringify(data)}\n\n`;
    const text = [
      ev({ type: 'message_start', message: { id: 'm1', model: MODEL, usage: { input_tokens: 5, output_tokens: 1 } } }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: ' think.' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'f', input: {} } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } }),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40, output_tokens_details: { thinking_tokens: 30 } } }),
      ev({ type: 'message_stop' }),
    ].join('');
    const a = assemble(run(anthropic.createStreamMapper(ctx(MODEL, true)), [text]));
    expect(a.choices.get(0)?.reasoning).toBe('Let me think.');
    expect(a.choices.get(0)?.toolCalls[0]?.extra_content).toEqual({ anthropic: { thinking_blocks: [{ type: 'thinking', thinking: 'Let me think.', signature: 'EqQB' }] } });
    expect(a.usage).toEqual({ input: 5, cacheRead: 0, cacheWrite: 0, output: 40, reasoning: 30 });
  });

  it('turns event: error into an error event with no usage and no done', () => {
    const a = assemble(run(anthropic.createStreamMapper(ctx(MODEL, true)), [fixtureText(K, 'messages_stream_error.sse')]));
    expect(a.choices.get(0)?.content).toBe('Your photo was taken in Paris, France.');
    expect(a.error).toMatchObject({ status: 529, type: 'overloaded_error', message: 'Overloaded', retryable: true });
    expect(a.usageEvents).toBe(0);
    expect(a.done).toBe(false);
  });

  it('reports a close before message_stop as truncated even after message_delta', () => {
    const cut = text.slice(0, text.indexOf('event: message_stop'));
    const a = assemble(run(anthropic.createStreamMapper(ctx(MODEL, true)), [cut]));
    expect(a.choices.get(0)?.finish).toBe('tool_calls');
    expect(a.error).toMatchObject({ code: 'stream_truncated' });
    expect(a.done).toBe(false);
  });
});

describe('anthropic: errors', () => {
  const headers = fixtureJson<Record<string, Record<string, string>>>(K, 'headers.json');
  it.each([
    ['error_400.json', 400, {}, 'invalid_request_error', false, undefined],
    ['error_400_max_tokens_missing.json', 400, {}, 'invalid_request_error', false, undefined],
    ['error_401.json', 401, {}, 'authentication_error', false, undefined],
    ['error_429.json', 429, headers['response_429'], 'rate_limit_error', true, 17000],
    ['error_500.json', 500, {}, 'api_error', true, undefined],
    ['error_529.json', 529, headers['response_529'], 'overloaded_error', true, undefined],
  ])('%s', (file, status, hdrs, type, retryable, retryAfterMs) => {
    const body = fixtureJson<{ error: { message: string } }>(K, file);
    const e = anthropic.toProviderError(status, body, hdrs ?? {});
    expect(e).toEqual({ status, type, code: null, param: null, message: body.error.message, retryable, ...(retryAfterMs ? { retryAfterMs } : {}) });
  });

  it('honours x-should-retry: false', () => {
    expect(anthropic.toProviderError(500, fixtureJson(K, 'error_500.json'), { 'x-should-retry': 'false' }).retryable).toBe(false);
  });
});
