import fc from 'fast-check';
import { getAdapter, type ChatCompletion, type NormalizedUsage } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze, fixtureText } from './support/fixtures.js';
import { assemble, run, split, type Assembled } from './support/stream.js';
import { anthropicTwin, answer, geminiTwin, ollamaTwin, openaiTwin, type Answer, type Twin } from './support/twins.js';

function expectSameAnswer(ns: { completion: ChatCompletion; usage: NormalizedUsage }, a: Assembled): void {
  expect(a.protocol).toEqual([]);
  expect(a.error).toBeUndefined();
  expect(a.done).toBe(true);
  expect(a.usage).toEqual(ns.usage);
  const choice = ns.completion.choices[0];
  const streamed = a.choices.get(0);
  expect(streamed?.role).toBe('assistant');
  expect(streamed?.content).toBe(choice?.message.content ?? '');
  expect(streamed?.finish).toBe(choice?.finish_reason);
  const calls = (choice?.message.tool_calls ?? []).map((c) => ({
    id: c.id,
    name: c.function.name,
    arguments: c.function.arguments,
    ...(c.extra_content ? { extra_content: c.extra_content } : {}),
  }));
  expect(streamed?.toolCalls).toEqual(calls);
}

const kinds: [string, (a: Answer) => Twin, string][] = [
  ['openai', openaiTwin, 'm'],
  ['anthropic', anthropicTwin, 'claude'],
  ['gemini', geminiTwin, 'gemini-x'],
  ['ollama', ollamaTwin, 'llama'],
];

describe.each(kinds)('%s: stream ⇄ non-stream twins', (kind, twin, model) => {
  const adapter = getAdapter(kind);

  it('a stream fed in random splits reassembles to the non-stream translation (text, tool calls, finish, usage)', () => {
    fc.assert(
      fc.property(answer, fc.array(fc.nat(), { maxLength: 25 }), (a, cuts) => {
        const t = twin(a);
        const ns = adapter.fromWire(deepFreeze(t.body), ctx(model));
        expect(ns.completion.choices[0]?.message.tool_calls?.length ?? 0).toBe(a.calls.length);
        if (a.calls.length) expect(ns.completion.choices[0]?.finish_reason).toBe('tool_calls');
        expectSameAnswer(ns, assemble(run(adapter.createStreamMapper(ctx(model, true)), split(t.stream, cuts))));
      }),
      { numRuns: 150 },
    );
  });

  it('a stream cut anywhere before its clean end yields one error event and never done', () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.array(fc.nat(), { maxLength: 10 }), (a, at, cuts) => {
        const { stream } = twin(a);
        const prefix = stream.slice(0, at % (stream.lastIndexOf('}') + 1));
        const events = run(adapter.createStreamMapper(ctx(model, true)), split(prefix, cuts));
        const asm = assemble(events);
        expect(asm.protocol).toEqual([]);
        expect(asm.done).toBe(false);
        expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
        expect(events[events.length - 1]?.type).toBe('error');
      }),
      { numRuns: 150 },
    );
  });
});

describe('fixture streams cut before their clean end', () => {
  it.each([
    ['openai', 'chat_completions_stream.sse', 'openai'],
    ['anthropic', 'messages_stream.sse', 'anthropic'],
    ['gemini', 'stream_generate_content.sse', 'gemini'],
    ['ollama', 'chat_stream_tool_calls.ndjson', 'ollama'],
  ])('%s %s', (kind, file, dir) => {
    const text = fixtureText(dir, file);
    const adapter = getAdapter(kind);
    fc.assert(
      fc.property(fc.nat(text.lastIndexOf('}')), (at) => {
        const asm = assemble(run(adapter.createStreamMapper(ctx('m', true)), [text.slice(0, at)]));
        expect(asm.done).toBe(false);
        expect(asm.error?.status).toBeGreaterThanOrEqual(500);
      }),
      { numRuns: 100 },
    );
  });
});
