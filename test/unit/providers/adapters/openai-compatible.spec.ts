import {
  OPENAI_COMPATIBLE_PRESETS,
  getAdapter,
  getPreset,
  type ChatRequest,
  type OpenAICompatiblePreset,
} from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { refusal } from './support/refusal.js';
import { assemble, run } from './support/stream.js';

const compat = getAdapter('openai-compatible');
const preset = (name: string): OpenAICompatiblePreset => {
  const p = getPreset(name);
  if (!p) throw new Error(name);
  return p;
};
const turn2 = (): ChatRequest => fixtureJson<ChatRequest>('openai', 'chat_completions_request.json');

describe('openai-compatible presets', () => {
  it('has every documented preset with an absolute base URL', () => {
    expect(Object.keys(OPENAI_COMPATIBLE_PRESETS).sort()).toEqual(
      ['deepseek', 'groq', 'lmstudio', 'mistral', 'ollama-openai', 'openrouter', 'together', 'vllm', 'xai'].sort(),
    );
    for (const p of Object.values(OPENAI_COMPATIBLE_PRESETS)) expect(new URL(p.baseUrl).protocol).toMatch(/^https?:$/);
    expect(getPreset('nope')).toBeUndefined();
    expect(getPreset('toString')).toBeUndefined();
  });

  it('without a preset behaves like openai but keeps extra_content (e.g. for Google\'s compat layer)', () => {
    const req = deepFreeze(fixtureJson<ChatRequest>('gemini', 'openai_turn2_request.json'));
    const body = compat.toWire(req, ctx('m')).body as ChatRequest;
    expect(body.messages[2]?.tool_calls?.[0]?.extra_content).toEqual(req.messages[2]?.tool_calls?.[0]?.extra_content);
  });
});

describe('mistral', () => {
  const p = preset('mistral');

  it('rewrites tool-call ids to 9 alphanumerics on a copy and maps them back in responses and streams', () => {
    const req = deepFreeze({ ...turn2(), reasoning_effort: undefined });
    const wire = compat.toWire(req, ctx('mistral-large-latest', false, { preset: p }));
    const body = wire.body as ChatRequest;
    const wireId = body.messages[2]?.tool_calls?.[0]?.id as string;
    expect(wireId).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(body.messages[3]?.tool_call_id).toBe(wireId);
    expect(req.messages[2]?.tool_calls?.[0]?.id).toBe('call_Qm3rVb8yTz1kLpX0aW9cNd2E');
    expect(wire.idMap).toEqual({ [wireId]: 'call_Qm3rVb8yTz1kLpX0aW9cNd2E' });

    const echoed = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: wireId, type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'abcDEF123', type: 'function', function: { name: 'g', arguments: '{}' } }] } }] };
    const { completion } = compat.fromWire(deepFreeze(echoed), ctx('m', false, { preset: p, request: wire }));
    expect(completion.choices[0]?.message.tool_calls?.map((c) => c.id)).toEqual(['call_Qm3rVb8yTz1kLpX0aW9cNd2E', 'abcDEF123']);

    const sse = `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: wireId, type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\ndata: [DONE]\n\n`;
    const a = assemble(run(compat.createStreamMapper(ctx('m', true, { preset: p, request: wire })), [sse]));
    expect(a.choices.get(0)?.toolCalls[0]?.id).toBe('call_Qm3rVb8yTz1kLpX0aW9cNd2E');
    expect(a.usage).toMatchObject({ input: 3, output: 2 });
  });

  it('renames max_completion_tokens and seed, maps required to any, never sends stream_options, drops user', () => {
    const req = deepFreeze({ ...turn2(), response_format: undefined, reasoning_effort: undefined, seed: 7, tool_choice: 'required' as const, user: 'u1' });
    const wire = compat.toWire(req, ctx('mistral-large-latest', true, { preset: p }));
    const body = wire.body as Record<string, unknown>;
    expect(body).toMatchObject({ max_tokens: 1024, random_seed: 7, tool_choice: 'any', stream: true });
    for (const k of ['max_completion_tokens', 'seed', 'stream_options', 'user']) expect(body).not.toHaveProperty(k);
    expect(wire.dropped).toEqual(['user']);
  });

  it('refuses logprobs and reasoning_effort with 400 naming the field', () => {
    expect(refusal(() => compat.toWire({ ...turn2(), logprobs: true }, ctx('m', false, { preset: p })))).toMatchObject({ status: 400, param: 'logprobs' });
    expect(refusal(() => compat.toWire(turn2(), ctx('m', false, { preset: p })))).toMatchObject({ status: 400, param: 'reasoning_effort' });
    expect(() => compat.toWire({ ...turn2(), reasoning_effort: undefined, logprobs: false }, ctx('m', false, { preset: p }))).not.toThrow();
  });
});

describe('other presets', () => {
  it('groq refuses n > 1 and logit_bias', () => {
    const p = preset('groq');
    expect(refusal(() => compat.toWire({ ...turn2(), n: 2 }, ctx('m', false, { preset: p })))).toMatchObject({ param: 'n' });
    expect(refusal(() => compat.toWire({ ...turn2(), logit_bias: { '1': 2 } }, ctx('m', false, { preset: p })))).toMatchObject({ param: 'logit_bias' });
  });

  it('deepseek refuses image parts, naming the part', () => {
    const e = refusal(() => compat.toWire({ ...turn2(), reasoning_effort: undefined }, ctx('deepseek-chat', false, { preset: preset('deepseek') })));
    expect(e).toMatchObject({ status: 400, param: 'messages[1].content[1]' });
  });

  it('ollama-openai refuses remote images and tool_choice other than auto', () => {
    const p = preset('ollama-openai');
    const req = fixtureJson<ChatRequest>('ollama', 'openai_compat_chat_request.json');
    expect(() => compat.toWire(req, ctx('qwen3-vl:8b', true, { preset: p }))).not.toThrow();
    const remote = structuredClone(req);
    (remote.messages[1]?.content as { image_url?: { url: string } }[])[1]!.image_url!.url = 'https://x/y.png';
    expect(refusal(() => compat.toWire(remote, ctx('m', true, { preset: p })))).toMatchObject({ param: 'messages[1].content[1].image_url' });
    expect(refusal(() => compat.toWire({ ...req, tool_choice: 'none' }, ctx('m', true, { preset: p })))).toMatchObject({ param: 'tool_choice' });
  });

  it('ollama-openai: stream fixture maps to chunks + usage + done; 404 envelope maps through', () => {
    const p = preset('ollama-openai');
    const a = assemble(run(compat.createStreamMapper(ctx('qwen3-vl:8b', true, { preset: p })), [fixtureText('ollama', 'openai_compat_chat_stream.sse')]));
    expect(a.protocol).toEqual([]);
    expect(a.choices.get(0)).toMatchObject({ role: 'assistant', content: 'This looks like Paris (the Eiffel Tower).', finish: 'stop' });
    expect(a.usage).toEqual({ input: 301, cacheRead: 0, cacheWrite: 0, output: 9, reasoning: 0 });
    expect(compat.toProviderError(404, fixtureJson('ollama', 'openai_compat_error_404.json'), {})).toMatchObject({ status: 404, type: 'not_found_error', code: null, retryable: false });
  });

  it('authenticates only when a key is configured', () => {
    expect(compat.authHeaders(undefined)).toEqual({});
    expect(compat.authHeaders('k')).toEqual({ authorization: 'Bearer k' });
  });

  it('reads vLLM-style top-level error bodies', () => {
    const e = compat.toProviderError(400, { object: 'error', message: 'bad', type: 'BadRequestError', param: null, code: 400 }, {});
    expect(e).toMatchObject({ status: 400, message: 'bad', type: 'BadRequestError', code: '400' });
  });
});
