import fc from 'fast-check';
import {
  AdapterError,
  OPENAI_COMPATIBLE_PRESETS,
  getAdapter,
  type AdapterContext,
  type ChatRequest,
  type ProviderAdapter,
} from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';
import { deepFreeze } from './support/fixtures.js';
import { chatRequest } from './support/requests.arb.js';

type Check = (req: ChatRequest, body: Record<string, unknown>, stream: boolean) => void;

const toolCallCount = (req: ChatRequest): number =>
  req.messages.reduce((n, m) => n + (m.role === 'assistant' ? (m.tool_calls?.length ?? 0) : 0), 0);

const checks: Record<string, Check> = {
  openai: (req, body, stream) => {
    const { stream: _s, stream_options: so, ...rest } = req;
    const expected = JSON.parse(JSON.stringify({ ...rest, model: 'up' }));
    if (stream) Object.assign(expected, { stream: true, stream_options: { ...so, include_usage: true } });
    expect(JSON.parse(JSON.stringify(body))).toEqual(expected);
  },
  anthropic: (req, body) => {
    const messages = body['messages'] as { role: string; content: { type: string }[] }[];
    messages.forEach((m, i) => {
      expect(['user', 'assistant']).toContain(m.role);
      if (i > 0) expect(m.role).not.toBe(messages[i - 1]?.role);
    });
    expect(Number.isInteger(body['max_tokens']) && (body['max_tokens'] as number) > 0).toBe(true);
    expect(messages.flatMap((m) => m.content).filter((b) => b.type === 'tool_use')).toHaveLength(toolCallCount(req));
  },
  gemini: (req, body) => {
    const contents = body['contents'] as { role: string; parts: Record<string, unknown>[] }[];
    for (const c of contents) expect(['user', 'model']).toContain(c.role);
    expect(contents.flatMap((c) => c.parts).filter((p) => p['functionCall'])).toHaveLength(toolCallCount(req));
  },
  ollama: (req, body) => {
    const messages = body['messages'] as { role: string; images?: string[]; tool_calls?: unknown[] }[];
    expect(messages).toHaveLength(req.messages.length);
    for (const m of messages) for (const img of m.images ?? []) expect(img.startsWith('data:')).toBe(false);
    expect(messages.reduce((n, m) => n + (m.tool_calls?.length ?? 0), 0)).toBe(toolCallCount(req));
  },
};

const targets: [string, ProviderAdapter, Partial<AdapterContext>, Check | undefined][] = [
  ['openai', getAdapter('openai'), {}, checks['openai']],
  ['openai-compatible', getAdapter('openai-compatible'), {}, undefined],
  ...Object.values(OPENAI_COMPATIBLE_PRESETS).map((p): [string, ProviderAdapter, Partial<AdapterContext>, undefined] => [
    `openai-compatible/${p.name}`, getAdapter('openai-compatible'), { preset: p }, undefined,
  ]),
  ['anthropic', getAdapter('anthropic'), {}, checks['anthropic']],
  ['gemini', getAdapter('gemini'), {}, checks['gemini']],
  ['ollama', getAdapter('ollama'), {}, checks['ollama']],
];

describe.each(targets)('%s: arbitrary OpenAI requests', (_name, adapter, extra, check) => {
  it('translate to JSON, or are refused with a 400 AdapterError naming the parameter; the input is never mutated', () => {
    let accepted = 0;
    const runs = 300;
    fc.assert(
      fc.property(chatRequest, fc.boolean(), (raw, stream) => {
        const req = deepFreeze(raw);
        let body: Record<string, unknown>;
        try {
          body = adapter.toWire(req, ctx('up', stream, extra)).body as Record<string, unknown>;
        } catch (e) {
          expect(e).toBeInstanceOf(AdapterError);
          expect((e as AdapterError).status).toBe(400);
          expect(typeof (e as AdapterError).param).toBe('string');
          return;
        }
        accepted++;
        expect(() => JSON.stringify(body)).not.toThrow();
        check?.(req, body, stream);
      }),
      { numRuns: runs },
    );
    expect(accepted).toBeGreaterThanOrEqual(5); // the generator must exercise translations, not only refusals
  });
});
