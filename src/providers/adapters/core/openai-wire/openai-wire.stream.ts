import type { AdapterContext, NormalizedUsage, StreamEvent, StreamMapper } from '../adapter.types.js';
import { asRecord, isRecord, tryParseJson } from '../json.util.js';
import type { ChatChunk } from '../openai.types.js';
import { invalidStreamDataError, truncatedStreamError } from '../provider-error.util.js';
import { SseParser, type SseEvent } from '../sse.parser.js';
import { emptyUsage } from '../usage.js';
import { openAIStreamError } from './openai-wire.errors.js';
import { restoreToolCallIds } from './openai-wire.response.js';
import { normalizeOpenAIUsage } from './openai-wire.usage.js';

/**
 * OpenAI-shaped SSE → chunks (forwarded without their `usage`), one usage event, done.
 * Clean end: `[DONE]`, or a close after both a finish_reason and a usage report (servers that omit [DONE]).
 */
export class OpenAIStreamMapper implements StreamMapper {
  private readonly sse = new SseParser();
  private usage: NormalizedUsage | undefined;
  private sawFinish = false;
  private closed = false;
  /** Set while flushing at close: an unparsable last frame is a cut-off frame, i.e. a truncation. */
  private ending = false;

  constructor(
    private readonly ctx: AdapterContext,
    private readonly provider: string,
  ) {}

  push(text: string): StreamEvent[] {
    return this.closed ? [] : this.handle(this.sse.push(text));
  }

  end(): StreamEvent[] {
    if (this.closed) return [];
    this.ending = true;
    const out = this.handle(this.sse.end());
    if (this.closed) return out;
    this.closed = true;
    if (this.sawFinish && this.usage) return [...out, { type: 'usage', usage: this.usage }, { type: 'done' }];
    return [...out, { type: 'error', error: truncatedStreamError(this.provider) }];
  }

  private handle(events: SseEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const ev of events) {
      if (this.closed) break;
      const mapped = this.frame(ev);
      for (let i = 0; i < mapped.length; i++) out.push(mapped[i]);
    }
    return out;
  }

  private fail(ev: StreamEvent): StreamEvent[] {
    this.closed = true;
    return [ev];
  }

  private frame(ev: SseEvent): StreamEvent[] {
    const data = ev.data.trim();
    if (data === '[DONE]') {
      this.closed = true;
      return [{ type: 'usage', usage: this.usage ?? emptyUsage() }, { type: 'done' }];
    }
    if (data === '') return [];
    const parsed = tryParseJson(data);
    if (!parsed.ok || !isRecord(parsed.value)) {
      return this.fail({ type: 'error', error: this.ending ? truncatedStreamError(this.provider) : invalidStreamDataError(this.provider, data) });
    }
    const obj = parsed.value;
    if (ev.event === 'error' || obj['error'] !== undefined) {
      return this.fail({ type: 'error', error: openAIStreamError(obj['error'] ?? obj) });
    }
    const rawUsage = isRecord(obj['usage']) ? obj['usage'] : asRecord(obj['x_groq'])['usage'];
    if (isRecord(rawUsage)) this.usage = normalizeOpenAIUsage(rawUsage);
    const choices = Array.isArray(obj['choices']) ? obj['choices'] : [];
    if (choices.length === 0) return []; // the usage chunk (or a keep-alive): never forwarded as a chunk
    // `obj` was parsed here from the frame's text: nobody else holds it, so it becomes the chunk in place.
    let changed = false;
    for (let i = 0; i < choices.length; i++) {
      const c = this.choice(choices[i]);
      if (c !== choices[i]) changed = true;
      choices[i] = c;
    }
    obj['choices'] = choices;
    const json = changed ? undefined : withoutNullUsage(data, obj);
    delete obj['usage'];
    return [json === undefined ? { type: 'chunk', chunk: obj as unknown as ChatChunk } : { type: 'chunk', chunk: obj as unknown as ChatChunk, json }];
  }

  private choice(c: unknown): unknown {
    if (!isRecord(c)) return c;
    if (c['finish_reason'] !== null && c['finish_reason'] !== undefined) this.sawFinish = true;
    const idMap = this.ctx.request?.idMap;
    if (!idMap || !isRecord(c['delta']) || !Array.isArray(c['delta']['tool_calls'])) return c;
    const calls = c['delta']['tool_calls'].map((t) => (isRecord(t) ? { ...t } : t));
    restoreToolCallIds(calls, idMap);
    return { ...c, delta: { ...c['delta'], tool_calls: calls } };
  }
}

const NULL_USAGE_TAIL = ',"usage":null}';

/**
 * The frame's own JSON text for the chunk, when it can go out as it came (on one line): without a `usage` member, or with
 * `"usage":null` as its last member (what OpenAI sends on every chunk once usage is asked for), which is cut off.
 * Anything else (usage elsewhere in the object, ids rewritten) is re-serialized from the object instead.
 */
function withoutNullUsage(data: string, obj: Record<string, unknown>): string | undefined {
  if (data.includes('\n') || data.includes('\r')) return undefined; // sent on several data: lines: one line out
  if (!('usage' in obj)) return data;
  if (obj['usage'] !== null || !data.endsWith(NULL_USAGE_TAIL)) return undefined;
  return `${data.slice(0, data.length - NULL_USAGE_TAIL.length)}}`;
}
