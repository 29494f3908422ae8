import {
  SseParser,
  asRecord,
  asString,
  invalidStreamDataError,
  isRecord,
  truncatedStreamError,
  tryParseJson,
  type JsonObject,
  type NormalizedUsage,
  type RelayEvent,
  type RelayMapper,
  type SseEvent,
} from '../../core/index.js';
import { anthropicStreamError, anthropicUsage, mergeUsage } from '../anthropic.common.js';

/** Events that carry no answer yet: the pipeline may still retry or fail over after them. */
const PREAMBLE = new Set(['message_start', 'ping']);

/** The SSE frame text of an event as the upstream sent it (event name and data lines). */
function frameText(ev: SseEvent): string {
  const name = ev.event !== undefined ? `event: ${ev.event}\n` : '';
  return `${name}${ev.data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}

/** Usage of a non-streaming Messages answer, read for billing (the body itself is relayed unchanged). */
export function relayedMessageUsage(body: unknown): NormalizedUsage {
  return anthropicUsage(asRecord(body)['usage']);
}

/**
 * A faithful Messages stream relay from an Anthropic upstream: every event passes through as sent (unknown event
 * types included), while the usage is read on the way (input and cache counts from message_start, the cumulative
 * counts of message_delta). message_stop is the clean end and becomes the tail; an `error` event ends the stream
 * as an error (the pipeline writes the client's error frame). Pure.
 */
export class AnthropicRelayMapper implements RelayMapper {
  private readonly sse = new SseParser();
  private usage: JsonObject = {};
  private closed = false;
  private ending = false;

  push(text: string): RelayEvent[] {
    return this.closed ? [] : this.handle(this.sse.push(text));
  }

  end(): RelayEvent[] {
    if (this.closed) return [];
    this.ending = true;
    const out = this.handle(this.sse.end());
    if (this.closed) return out;
    this.closed = true;
    return [...out, { type: 'error', error: truncatedStreamError('anthropic') }];
  }

  private handle(events: SseEvent[]): RelayEvent[] {
    const out: RelayEvent[] = [];
    for (const ev of events) {
      if (this.closed) break;
      const parsed = tryParseJson(ev.data);
      if (!parsed.ok || !isRecord(parsed.value)) {
        this.closed = true;
        out.push({ type: 'error', error: this.ending ? truncatedStreamError('anthropic') : invalidStreamDataError('anthropic', ev.data) });
        break;
      }
      const data = parsed.value;
      const type = ev.event ?? asString(data['type']) ?? '';
      if (type === 'error') {
        this.closed = true;
        out.push({ type: 'error', error: anthropicStreamError(data) });
        break;
      }
      if (type === 'message_start') this.usage = mergeUsage(this.usage, asRecord(data['message'])['usage']);
      if (type === 'message_delta') this.usage = mergeUsage(this.usage, data['usage']);
      if (type === 'message_stop') {
        this.closed = true;
        out.push({ type: 'usage', usage: anthropicUsage(this.usage) }, { type: 'done', tail: frameText(ev) });
        break;
      }
      out.push({ type: 'frame', text: frameText(ev), content: !PREAMBLE.has(type) });
    }
    return out;
  }
}
