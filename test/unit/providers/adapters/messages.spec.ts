import {
  AnthropicRelayMapper,
  MessagesStreamEncoder,
  anthropicAdapter,
  chatFromMessages,
  encodedMapper,
  getAdapter,
  messageFromChat,
  relayedMessageUsage,
  type ChatCompletion,
  type JsonObject,
  type RelayEvent,
} from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureJson, fixtureText } from './support/fixtures.js';
import { split } from './support/stream.js';

const OPTS = { provider: 'openai', topK: false };

function withoutCacheControl(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutCacheControl);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'cache_control').map(([k, x]) => [k, withoutCacheControl(x)]));
  return v;
}

function relay(mapper: { push(t: string): RelayEvent[]; end(): RelayEvent[] }, parts: string[]): RelayEvent[] {
  const out: RelayEvent[] = [];
  for (const p of parts) out.push(...mapper.push(p));
  out.push(...mapper.end());
  return out;
}

describe('Messages request → internal model (chatFromMessages)', () => {
  const request = deepFreeze(fixtureJson<JsonObject>('anthropic', 'messages_request.json'));

  it('round-trips through the anthropic adapter to the same request, cache markers aside', () => {
    const chat = chatFromMessages(request, { provider: 'anthropic', topK: true });
    const back = anthropicAdapter.toWire(chat, ctx(String(request['model']))).body as JsonObject;
    const expected = withoutCacheControl(request) as JsonObject;
    expected['system'] = (request['system'] as Array<{ text: string }>).map((b) => b.text).join('\n\n');
    expect({ ...back, stream: undefined }).toEqual({ ...expected, stream: undefined });
  });

  it('maps system, images, tool_use and tool_result to system, image_url, tool_calls and tool messages', () => {
    const chat = chatFromMessages(request, OPTS);
    expect(chat.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(chat.messages[1].content).toEqual([
      { type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) } },
      { type: 'text', text: 'Where was this photo taken, and what is the weather there right now?' },
    ]);
    expect(chat.messages[2].tool_calls).toEqual([{ id: 'toolu_01A09q90qw90lq917835lq9C', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }]);
    expect(chat.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9C' });
    expect(chat.tools?.[0].function.name).toBe('get_weather');
    expect(JSON.stringify(chat)).not.toContain('cache_control');
  });

  it('maps thinking to reasoning_effort, tool_choice, stop_sequences, metadata and streaming usage', () => {
    const chat = chatFromMessages(
      { model: 'm', max_tokens: 9000, stream: true, thinking: { type: 'enabled', budget_tokens: 16000 }, tool_choice: { type: 'any', disable_parallel_tool_use: true }, tools: [{ name: 't', input_schema: { type: 'object' } }], stop_sequences: ['END'], metadata: { user_id: 'u1' }, messages: [{ role: 'user', content: 'Hi' }] },
      OPTS,
    );
    expect(chat).toMatchObject({ reasoning_effort: 'high', tool_choice: 'required', parallel_tool_calls: false, stop: ['END'], user: 'u1', max_tokens: 9000, stream: true, stream_options: { include_usage: true } });
    expect(chatFromMessages({ model: 'm', max_tokens: 1, tool_choice: { type: 'tool', name: 'x' }, messages: [{ role: 'user', content: 'Hi' }] }, OPTS).tool_choice).toEqual({ type: 'function', function: { name: 'x' } });
  });

  it('keeps a user turn\'s order around tool results and marks errors', () => {
    const chat = chatFromMessages({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'boom' }], is_error: true }, { type: 'text', text: 'go on' }] }] }, OPTS);
    expect(chat.messages).toEqual([{ role: 'tool', tool_call_id: 'a', content: 'Error: boom' }, { role: 'user', content: [{ type: 'text', text: 'go on' }] }]);
  });

  it('refuses what the target cannot take with a 400 naming the field', () => {
    expect(() => chatFromMessages({ model: 'm', max_tokens: 5, top_k: 3, messages: [{ role: 'user', content: 'x' }] }, OPTS)).toThrow(/top_k/);
    expect(() => chatFromMessages({ model: 'm', max_tokens: 5, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'x' }] }, OPTS)).toThrow(/tools\[0\]\.type/);
    expect(() => chatFromMessages({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'search_result' }] }] }, OPTS)).toThrow(/messages\[0\]\.content\[0\]\.type/);
    expect(chatFromMessages({ model: 'm', max_tokens: 5, top_k: 3, messages: [{ role: 'user', content: 'x' }] }, { provider: 'gemini', topK: true })['top_k']).toBe(3);
  });
});

describe('internal answer → Message (messageFromChat)', () => {
  it('turns an OpenAI tool-call answer into text and tool_use blocks with stop_reason tool_use and Anthropic usage', () => {
    const oa = getAdapter('openai');
    const { completion, usage } = oa.fromWire(fixtureJson('openai', 'chat_completions_response_tool_calls.json'), ctx('gpt-4o'));
    const msg = messageFromChat(completion, usage);
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use', stop_sequence: null });
    expect(String(msg['id'])).toMatch(/^msg_/);
    const blocks = msg['content'] as JsonObject[];
    const tool = blocks.find((b) => b['type'] === 'tool_use')!;
    expect(tool['input']).toEqual(JSON.parse(completion.choices[0].message.tool_calls![0].function.arguments));
    expect(msg['usage']).toEqual({ input_tokens: usage.input, cache_creation_input_tokens: usage.cacheWrite, cache_read_input_tokens: usage.cacheRead, output_tokens: usage.output });
  });

  it('maps reasoning to a thinking block and finish reasons to stop reasons', () => {
    const base: ChatCompletion = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', reasoning_content: 'hmm' }, logprobs: null, finish_reason: 'length' }] };
    const usage = { input: 1, cacheRead: 0, cacheWrite: 0, output: 2, reasoning: 1 };
    const msg = messageFromChat(base, usage);
    expect(msg['content']).toEqual([{ type: 'thinking', thinking: 'hmm', signature: '' }, { type: 'text', text: 'Hi' }]);
    expect(msg['stop_reason']).toBe('max_tokens');
    expect(messageFromChat({ ...base, choices: [{ ...base.choices[0], finish_reason: 'content_filter' }] }, usage)['stop_reason']).toBe('refusal');
    expect(messageFromChat({ ...base, choices: [{ ...base.choices[0], finish_reason: 'stop' }] }, usage)['stop_reason']).toBe('end_turn');
  });
});

describe('Messages stream encoder (internal chunks → Messages events)', () => {
  it('encodes an OpenAI stream as message_start, a text block and tool_use blocks, message_delta with usage, and message_stop as the tail', () => {
    const mapper = encodedMapper(getAdapter('openai').createStreamMapper(ctx('gpt-4o', true)), new MessagesStreamEncoder({ id: 'req1', model: 'gpt-4o', inputTokens: 7 }));
    const events = relay(mapper, [fixtureText('openai', 'chat_completions_stream.sse')]);
    const frames = events.filter((e) => e.type === 'frame').map((e) => (e as { text: string }).text);
    const names = frames.map((f) => /^event: (\w+)/.exec(f)![1]);
    expect(names[0]).toBe('message_start');
    expect(names[1]).toBe('content_block_start');
    const starts = frames.filter((f) => f.startsWith('event: content_block_start')).map((f) => JSON.parse(f.split('data: ')[1]));
    expect(starts.map((s) => s.index)).toEqual(starts.map((_s, i) => i));
    expect(starts[0].content_block.type).toBe('text');
    expect(starts.slice(1).every((s) => s.content_block.type === 'tool_use')).toBe(true);
    expect(names.filter((n) => n === 'content_block_stop')).toHaveLength(starts.length);
    expect(names.at(-1)).toBe('message_delta');
    const done = events.at(-1);
    expect(done).toEqual({ type: 'done', tail: 'event: message_stop\ndata: {"type":"message_stop"}\n\n' });
    expect(events.some((e) => e.type === 'usage')).toBe(true);
    const delta = JSON.parse(frames.at(-1)!.split('data: ')[1]);
    expect(delta.delta.stop_reason).toBe(starts.length > 1 ? 'tool_use' : 'end_turn');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
  });

  it('turns reasoning into a thinking block before the text, with the stop reason and usage in message_delta', () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ type: 'chunk' as const, chunk: { id: 'c1', object: 'chat.completion.chunk' as const, created: 1, model: 'o3', choices: [{ index: 0, delta, finish_reason: finish }] } });
    const encoder = new MessagesStreamEncoder({ id: 'req', model: 'o3', inputTokens: 5 });
    const events = encoder.push([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'Think' }),
      chunk({ reasoning_content: 'ing.' }),
      chunk({ content: 'Answer' }),
      chunk({}, 'stop'),
      { type: 'usage', usage: { input: 9, cacheRead: 2, cacheWrite: 0, output: 7, reasoning: 3 } },
      { type: 'done' },
    ]);
    const data = events.filter((e) => e.type === 'frame').map((e) => JSON.parse((e as { text: string }).text.split('data: ')[1]));
    expect(data.map((d) => d.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta']);
    expect(data[1].content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(data[2].delta).toEqual({ type: 'thinking_delta', thinking: 'Think' });
    expect(data[5].content_block).toEqual({ type: 'text', text: '' });
    expect(data[0].message.id).toBe('msg_c1');
    expect(data.at(-1)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 2, output_tokens: 7 } });
  });

  it('passes an upstream error through and stops', () => {
    const mapper = encodedMapper(getAdapter('openai').createStreamMapper(ctx('gpt-4o', true)), new MessagesStreamEncoder({ id: 'r', model: 'm', inputTokens: 1 }));
    const events = relay(mapper, [fixtureText('openai', 'chat_completions_stream_error.sse')]);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });
});

describe('Anthropic relay mapper (faithful)', () => {
  const stream = fixtureText('anthropic', 'messages_stream.sse');

  it('relays every event as sent, whatever the splits, with message_stop as the tail and the cumulative usage', () => {
    for (const cuts of [[], [1, 50, 51, 300], [...Array(60).keys()].map((i) => i * 37)]) {
      const events = relay(new AnthropicRelayMapper(), split(stream, cuts));
      const text = events.map((e) => (e.type === 'frame' ? e.text : e.type === 'done' ? e.tail : '')).join('');
      expect(text).toBe(stream);
      expect(events.find((e) => e.type === 'usage')).toEqual({ type: 'usage', usage: { input: 412, cacheRead: 0, cacheWrite: 1536, output: 78, reasoning: 0 } });
      const firstContent = events.findIndex((e) => e.type === 'frame' && e.content);
      expect((events[firstContent] as { text: string }).text).toMatch(/^event: content_block_start/);
    }
  });

  it('turns an error event into an error (not relayed as a frame) and a cut stream into a truncation', () => {
    const failed = relay(new AnthropicRelayMapper(), [fixtureText('anthropic', 'messages_stream_error.sse')]);
    expect(failed.at(-1)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(failed.some((e) => e.type === 'frame' && e.text.includes('event: error'))).toBe(false);
    const cut = relay(new AnthropicRelayMapper(), [stream.slice(0, stream.indexOf('event: message_delta'))]);
    expect(cut.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(cut.some((e) => e.type === 'done')).toBe(false);
  });

  it('reads a non-streaming Message\'s usage with cache reads and writes apart', () => {
    expect(relayedMessageUsage(fixtureJson('anthropic', 'messages_response_end_turn.json'))).toEqual({ input: 524, cacheRead: 1536, cacheWrite: 0, output: 31, reasoning: 0 });
    expect(relayedMessageUsage(fixtureJson('anthropic', 'messages_response_tool_use.json'))).toEqual({ input: 412, cacheRead: 0, cacheWrite: 1536, output: 78, reasoning: 0 });
  });
});
