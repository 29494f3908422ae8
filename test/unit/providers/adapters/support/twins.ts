import fc from 'fast-check';

/** One upstream answer, rendered both as a non-stream body and as that provider's stream. */
export interface Answer {
  pieces: string[];
  calls: { name: string; args: Record<string, unknown>; id: string; sig?: string }[];
  stop: number; // index into the provider's non-tool stop reasons
  fragment: number; // size of argument fragments in streams
  usage: { a: number; b: number; c: number; d: number };
  lf: boolean; // Gemini: LF instead of CRLF framing
  withIds: boolean; // Gemini/Ollama: upstream sends call ids
}

export const answer: fc.Arbitrary<Answer> = fc.record({
  pieces: fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }),
  calls: fc.array(
    fc.record({
      name: fc.constantFrom('get_weather', 'lookup'),
      args: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      id: fc.stringMatching(/^[A-Za-z0-9]{8,12}$/).map((s) => `call_${s}`),
      sig: fc.option(fc.base64String({ minLength: 4, maxLength: 16 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  stop: fc.nat(2),
  fragment: fc.integer({ min: 1, max: 7 }),
  usage: fc.record({ a: fc.nat(5000), b: fc.nat(5000), c: fc.nat(5000), d: fc.nat(500) }),
  lf: fc.boolean(),
  withIds: fc.boolean(),
});

const text = (a: Answer): string => a.pieces.join('');
const fragments = (s: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
};
const sse = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

export interface Twin {
  body: unknown;
  stream: string;
}

export function openaiTwin(a: Answer): Twin {
  const finish = a.calls.length ? 'tool_calls' : (['stop', 'length', 'content_filter'][a.stop] as string);
  const usage = {
    prompt_tokens: a.usage.a + a.usage.b,
    completion_tokens: a.usage.c + a.usage.d,
    total_tokens: a.usage.a + a.usage.b + a.usage.c + a.usage.d,
    prompt_tokens_details: { cached_tokens: a.usage.b },
    completion_tokens_details: { reasoning_tokens: a.usage.d },
  };
  const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
  const chunk = (delta: unknown, finish_reason: string | null = null): string => sse({ ...head, choices: [{ index: 0, delta, finish_reason }], usage: null });
  const calls = a.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } }));
  let stream = chunk({ role: 'assistant', content: '' });
  for (const p of a.pieces) stream += chunk({ content: p });
  calls.forEach((c, index) => {
    stream += chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] });
    for (const f of fragments(c.function.arguments, a.fragment)) stream += chunk({ tool_calls: [{ index, function: { arguments: f } }] });
  });
  stream += chunk({}, finish) + sse({ ...head, choices: [], usage }) + 'data: [DONE]\n\n';
  const message = { role: 'assistant', content: text(a) || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) };
  return { body: { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: finish }], usage }, stream };
}

export function anthropicTwin(a: Answer): Twin {
  const stop = a.calls.length ? 'tool_use' : (['end_turn', 'max_tokens', 'stop_sequence'][a.stop] as string);
  const inUsage = { input_tokens: a.usage.a, cache_read_input_tokens: a.usage.b, cache_creation_input_tokens: a.usage.c };
  const t = text(a);
  const content = [
    ...(t ? [{ type: 'text', text: t }] : []),
    ...a.calls.map((c) => ({ type: 'tool_use', id: `toolu_${c.id}`, name: c.name, input: c.args })),
  ];
  const body = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content, stop_reason: stop, stop_sequence: null, usage: { ...inUsage, output_tokens: a.usage.d } };
  let s = sse({ type: 'message_start', message: { ...body, content: [], stop_reason: null, usage: { ...inUsage, output_tokens: 1 } } }, 'message_start');
  let index = 0;
  if (t) {
    s += sse({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start');
    s += sse({ type: 'ping' }, 'ping');
    for (const p of a.pieces) s += sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: p } }, 'content_block_delta');
    s += sse({ type: 'content_block_stop', index }, 'content_block_stop');
    index++;
  }
  for (const c of a.calls) {
    s += sse({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: `toolu_${c.id}`, name: c.name, input: {} } }, 'content_block_start');
    for (const f of ['', ...fragments(JSON.stringify(c.args), a.fragment)]) {
      s += sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: f } }, 'content_block_delta');
    }
    s += sse({ type: 'content_block_stop', index }, 'content_block_stop');
    index++;
  }
  s += sse({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: a.usage.d } }, 'message_delta');
  s += sse({ type: 'message_stop' }, 'message_stop');
  return { body, stream: s };
}

export function geminiTwin(a: Answer): Twin {
  const reason = a.calls.length ? 'STOP' : (['STOP', 'MAX_TOKENS', 'SAFETY'][a.stop] as string);
  const usage = { promptTokenCount: a.usage.a + a.usage.b, cachedContentTokenCount: a.usage.b, candidatesTokenCount: a.usage.c, thoughtsTokenCount: a.usage.d };
  const callParts = a.calls.map((c) => ({
    functionCall: { name: c.name, args: c.args, ...(a.withIds ? { id: c.id } : {}) },
    ...(c.sig ? { thoughtSignature: c.sig } : {}),
  }));
  const t = text(a);
  const head = { modelVersion: 'gemini-x', responseId: 'resp-1' };
  const body = { candidates: [{ content: { role: 'model', parts: [...(t ? [{ text: t }] : []), ...callParts] }, finishReason: reason, index: 0 }], usageMetadata: usage, ...head };
  const eol = a.lf ? '\n\n' : '\r\n\r\n';
  const frame = (parts: unknown[], last: boolean): string =>
    `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, ...(last ? { finishReason: reason } : {}), index: 0 }], usageMetadata: last ? usage : { promptTokenCount: 1 }, ...head })}${eol}`;
  const frames = [...a.pieces.filter((p) => p !== '').map((p) => [{ text: p }]), ...(callParts.length ? [callParts] : [])];
  const stream = frames.map((f) => frame(f, false)).join('') + frame([], true);
  return { body, stream };
}

export function ollamaTwin(a: Answer): Twin {
  const reason = a.calls.length ? 'stop' : (['stop', 'length', 'stop'][a.stop] as string);
  const base = { model: 'llama', created_at: '2025-08-27T16:00:05Z' };
  const calls = a.calls.map((c, index) => ({ ...(a.withIds ? { id: c.id } : {}), function: { index, name: c.name, arguments: c.args } }));
  const counts = { prompt_eval_count: a.usage.a, eval_count: a.usage.c };
  const body = { ...base, message: { role: 'assistant', content: text(a), ...(calls.length ? { tool_calls: calls } : {}) }, done: true, done_reason: reason, ...counts };
  const line = (v: unknown): string => `${JSON.stringify(v)}\n`;
  let stream = a.pieces.map((p) => line({ ...base, message: { role: 'assistant', content: p }, done: false })).join('');
  if (calls.length) stream += line({ ...base, message: { role: 'assistant', content: '', tool_calls: calls }, done: false });
  stream += line({ ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: reason, ...counts });
  return { body, stream };
}
