import fc from 'fast-check';
import {
  AnthropicRelayMapper,
  MessagesStreamEncoder,
  encodedMapper,
  getAdapter,
  messageFromChat,
  relayedMessageUsage,
  type RelayEvent,
  type RelayMapper,
} from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze } from './support/fixtures.js';
import { reassemble } from './support/messages-stream.js';
import { split } from './support/stream.js';
import { anthropicTwin, answer, geminiTwin, ollamaTwin, openaiTwin, type Answer, type Twin } from './support/twins.js';

function run(mapper: RelayMapper, parts: string[]): RelayEvent[] {
  const events: RelayEvent[] = [];
  for (const p of parts) events.push(...mapper.push(p));
  events.push(...mapper.end());
  return events;
}

const translated: [string, (a: Answer) => Twin, string][] = [
  ['openai', openaiTwin, 'm'],
  ['gemini', geminiTwin, 'gemini-x'],
  ['ollama', ollamaTwin, 'llama'],
];

describe.each(translated)('Messages surface over %s: a translated stream reassembles to the non-stream Message', (kind, twin, model) => {
  const adapter = getAdapter(kind);

  it('same blocks (text, tool_use input), stop reason and usage, whatever the splits', () => {
    fc.assert(
      fc.property(answer, fc.array(fc.nat(), { maxLength: 25 }), (a, cuts) => {
        const t = twin(a);
        const ns = adapter.fromWire(deepFreeze(t.body), ctx(model));
        const expected = messageFromChat(ns.completion, ns.usage);
        const mapper = encodedMapper(adapter.createStreamMapper(ctx(model, true)), new MessagesStreamEncoder({ id: 'req', model, inputTokens: 1 }));
        const r = reassemble(run(mapper, split(t.stream, cuts)));
        expect(r.protocol).toEqual([]);
        expect(r.errors).toBe(0);
        expect(r.done).toBe(true);
        expect(r.message.content).toEqual(expected['content']);
        expect(r.message.stop_reason).toBe(expected['stop_reason']);
        expect(r.message.usage).toEqual(expected['usage']);
      }),
      { numRuns: 120 },
    );
  });

  it('a stream cut before its clean end never reaches message_stop and yields one error', () => {
    fc.assert(
      fc.property(answer, fc.nat(), (a, at) => {
        const { stream } = twin(a);
        const prefix = stream.slice(0, at % (stream.lastIndexOf('}') + 1));
        const events = run(encodedMapper(adapter.createStreamMapper(ctx(model, true)), new MessagesStreamEncoder({ id: 'r', model, inputTokens: 1 })), [prefix]);
        expect(events.some((e) => e.type === 'done')).toBe(false);
        expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
      }),
      { numRuns: 80 },
    );
  });
});

describe('Messages surface over anthropic: the faithful relay', () => {
  it('passes every event through unchanged and reads the same usage as the non-stream answer, whatever the splits', () => {
    fc.assert(
      fc.property(answer, fc.array(fc.nat(), { maxLength: 25 }), (a, cuts) => {
        const t = anthropicTwin(a);
        const events = run(new AnthropicRelayMapper(), split(t.stream, cuts));
        const text = events.map((e) => (e.type === 'frame' ? e.text : e.type === 'done' ? e.tail : '')).join('');
        expect(text.replace(/\r\n/g, '\n')).toBe(t.stream.replace(/\r\n/g, '\n'));
        const usage = events.find((e) => e.type === 'usage');
        expect(usage).toEqual({ type: 'usage', usage: relayedMessageUsage(t.body) });
        const r = reassemble(events);
        expect(r.protocol).toEqual([]);
        expect(r.done).toBe(true);
      }),
      { numRuns: 120 },
    );
  });
});
