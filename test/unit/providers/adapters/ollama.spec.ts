import fc from 'fast-check';
import { getAdapter, type ChatRequest } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { refusal } from './support/refusal.js';
import { assemble, run, split } from './support/stream.js';

const ollama = getAdapter('ollama');
const K = 'ollama';
const MODEL = 'qwen3-vl:8b';

describe('ollama: request', () => {
  it('translates the turn-2 request into chat_request.json', () => {
    const wire = ollama.toWire(deepFreeze(fixtureJson<ChatRequest>(K, 'openai_turn2_request.json')), ctx(MODEL, true));
    expect(wire).toMatchObject({ path: 'api/chat', framing: 'ndjson' });
    expect(wire.body).toEqual(fixtureJson(K, 'chat_request.json'));
  });

  it('maps formats, think levels and non-stream calls', () => {
    const base = { model: 'o', messages: [{ role: 'developer' as const, content: 'sys' }, { role: 'user' as const, content: 'q' }] };
    const body = (r: Partial<ChatRequest>): Record<string, unknown> => ollama.toWire({ ...base, ...r }, ctx(MODEL)).body as Record<string, unknown>;
    expect(body({})).toEqual({ model: MODEL, messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'q' }], stream: false });
    expect(body({ response_format: { type: 'json_object' } }).format).toBe('json');
    expect(body({ response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object' } } } }).format).toEqual({ type: 'object' });
    expect(body({ reasoning_effort: 'minimal' }).think).toBe('low');
    expect(body({ reasoning_effort: 'xhigh' }).think).toBe('max');
    expect(body({ seed: 3, max_completion_tokens: 9, stop: 'x' }).options).toEqual({ seed: 3, num_predict: 9, stop: ['x'] });
    expect(body({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'none' }).tools).toBeUndefined();
  });

  it.each<[string, Partial<ChatRequest>, string]>([
    ['tool_choice required', { tool_choice: 'required' }, 'tool_choice'],
    ['a named tool_choice', { tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice'],
    ['an https image', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }, 'messages[0].content[0].image_url'],
    ['n > 1', { n: 3 }, 'n'],
    ['parallel_tool_calls false', { parallel_tool_calls: false }, 'parallel_tool_calls'],
    ['an unresolvable tool result', { messages: [{ role: 'tool', tool_call_id: 'x', content: 'r' }] }, 'messages[0].tool_call_id'],
  ])('refuses %s with 400 naming the parameter', (_n, patch, param) => {
    const req = { model: 'o', messages: [{ role: 'user' as const, content: 'q' }], ...patch } as ChatRequest;
    expect(refusal(() => ollama.toWire(req, ctx(MODEL)))).toMatchObject({ status: 400, param });
  });
});

describe('ollama: response', () => {
  it('maps chat_response.json', () => {
    const { completion, usage } = ollama.fromWire(deepFreeze(fixtureJson(K, 'chat_response.json')), ctx(MODEL));
    expect(usage).toEqual({ input: 412, cacheRead: 0, cacheWrite: 0, output: 27, reasoning: 0 });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      created: Math.floor(Date.parse('2025-08-27T16:00:05.171655Z') / 1000),
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: expect.stringContaining('Paris, France') } }],
    });
  });

  it('maps done_reason length and passes unknown reasons through', () => {
    const body = fixtureJson(K, 'chat_response.json');
    expect(ollama.fromWire({ ...body, done_reason: 'length' }, ctx(MODEL)).completion.choices[0]?.finish_reason).toBe('length');
    expect(ollama.fromWire({ ...body, done_reason: 'load' }, ctx(MODEL)).completion.choices[0]?.finish_reason).toBe('load');
  });
});

describe('ollama: stream', () => {
  it('maps text lines for any split; done:true gives finish, usage, done', () => {
    const text = fixtureText(K, 'chat_stream.ndjson');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
        const a = assemble(run(ollama.createStreamMapper(ctx(MODEL, true)), split(text, cuts)));
        expect(a.protocol).toEqual([]);
        expect(a.done).toBe(true);
        expect(a.choices.get(0)).toMatchObject({ role: 'assistant', finish: 'stop', content: 'Your photo was taken in Paris, France. It is 18 °C there with light rain, so bring an umbrella.' });
        expect(a.usage).toEqual({ input: 412, cacheRead: 0, cacheWrite: 0, output: 27, reasoning: 0 });
      }),
    );
  });

  it('maps whole tool calls (id passed through, index from function.index) and finishes with tool_calls', () => {
    const a = assemble(run(ollama.createStreamMapper(ctx(MODEL, true)), [fixtureText(K, 'chat_stream_tool_calls.ndjson')]));
    expect(a.choices.get(0)?.toolCalls).toEqual([{ id: 'call_k3v9x2ma', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }]);
    expect(a.choices.get(0)?.finish).toBe('tool_calls');
    expect(a.usage).toMatchObject({ input: 371, output: 24 });
  });

  it('turns an {"error":…} line into an error event', () => {
    const a = assemble(run(ollama.createStreamMapper(ctx(MODEL, true)), [fixtureText(K, 'chat_stream_error.ndjson')]));
    expect(a.choices.get(0)?.content).toBe('Your photo was taken in Paris, France. It is 18 °C');
    expect(a.error).toMatchObject({ status: 500, type: 'api_error', message: 'an error was encountered while running the model: unexpected EOF', retryable: true });
    expect(a.done).toBe(false);
  });

  it('reports a close before done:true as truncated', () => {
    const lines = fixtureText(K, 'chat_stream.ndjson').split('\n');
    const a = assemble(run(ollama.createStreamMapper(ctx(MODEL, true)), [lines.slice(0, 4).join('\n') + '\n']));
    expect(a.error).toMatchObject({ code: 'stream_truncated' });
    expect(a.done).toBe(false);
  });
});

describe('ollama: errors', () => {
  it.each([
    ['error_400.json', 400, 'invalid_request_error', false],
    ['error_404.json', 404, 'not_found_error', false],
    ['error_404.json', 500, 'api_error', true],
    ['error_404.json', 429, 'api_error', true],
  ])('%s as %i', (file, status, type, retryable) => {
    const body = fixtureJson<{ error: string }>(K, file);
    expect(ollama.toProviderError(status, body, {})).toEqual({ status, type, code: null, param: null, message: body.error, retryable });
  });
});

describe('ollama: embeddings', () => {
  it('uses /api/embed and counts prompt_eval_count', () => {
    const emb = ollama.embeddings!;
    const wire = emb.toWire(deepFreeze({ model: 'e', input: 'hello', dimensions: 4 }), ctx('nomic-embed-text'));
    expect(wire).toMatchObject({ path: 'api/embed', body: { model: 'nomic-embed-text', input: 'hello', dimensions: 4 } });
    const { response, usage } = emb.fromWire({ model: 'nomic-embed-text', embeddings: [[0.1, 0.2]], prompt_eval_count: 2 }, ctx('nomic-embed-text', false, { request: wire }));
    expect(response.data).toEqual([{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }]);
    expect(usage.input).toBe(2);
    expect(response.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
  });
});
