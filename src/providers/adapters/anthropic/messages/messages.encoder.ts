import type { JsonObject, NormalizedUsage, RelayEvent, RelayMapper, StreamEvent, StreamMapper } from '../../core/index.js';
import { messagesFrame, stopReasonOf } from './messages.frames.js';
import { messageId, messagesUsage } from './messages.response.js';

type Open = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; k: number };

export interface EncoderHead {
  /** The message id when the upstream gives none. */
  id: string;
  model: string;
  /** The prompt estimate shown in message_start (the final count comes in message_delta). */
  inputTokens: number;
}

/**
 * Internal stream events (OpenAI chunks from any provider's mapper) → the Messages event sequence: message_start,
 * then per block content_block_start / content_block_delta (text_delta, thinking_delta, input_json_delta) /
 * content_block_stop, then message_delta (stop_reason, usage) and message_stop (the tail, sent after settlement).
 * Only choice 0 is carried (Messages has one answer). Pure.
 */
export class MessagesStreamEncoder {
  private started = false;
  private index = -1;
  private open: Open | null = null;
  /** Tool call index k → its content block index. */
  private readonly toolBlocks = new Map<number, number>();
  private finish: string | null = null;
  private usage: NormalizedUsage | null = null;
  private closed = false;

  constructor(private readonly head: EncoderHead) {}

  push(events: readonly StreamEvent[]): RelayEvent[] {
    const out: RelayEvent[] = [];
    for (const ev of events) {
      if (this.closed) break;
      if (ev.type === 'chunk') this.chunk(ev.chunk, out);
      else if (ev.type === 'usage') this.usage = ev.usage;
      else if (ev.type === 'done') this.done(out);
      else {
        this.closed = true;
        out.push(ev);
      }
    }
    return out;
  }

  private frame(out: RelayEvent[], data: JsonObject & { type: string }): void {
    out.push({ type: 'frame', text: messagesFrame(data), content: true });
  }

  private start(out: RelayEvent[], id: string | undefined, model: string | undefined): void {
    if (this.started) return;
    this.started = true;
    this.frame(out, {
      type: 'message_start',
      message: {
        id: messageId(id || this.head.id),
        type: 'message',
        role: 'assistant',
        model: model || this.head.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: this.head.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private closeOpen(out: RelayEvent[]): void {
    if (!this.open) return;
    this.frame(out, { type: 'content_block_stop', index: this.index });
    this.open = null;
  }

  private openBlock(out: RelayEvent[], open: Open, block: JsonObject): void {
    this.closeOpen(out);
    this.index += 1;
    this.open = open;
    if (open.kind === 'tool') this.toolBlocks.set(open.k, this.index);
    this.frame(out, { type: 'content_block_start', index: this.index, content_block: block });
  }

  private chunk(chunk: { id?: string; model?: string; choices: Array<{ index: number; delta?: JsonObject; finish_reason: string | null }> }, out: RelayEvent[]): void {
    this.start(out, chunk.id, chunk.model);
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue;
      const d = choice.delta ?? {};
      const reasoning = d['reasoning_content'];
      if (typeof reasoning === 'string' && reasoning !== '') {
        if (this.open?.kind !== 'thinking') this.openBlock(out, { kind: 'thinking' }, { type: 'thinking', thinking: '', signature: '' });
        this.frame(out, { type: 'content_block_delta', index: this.index, delta: { type: 'thinking_delta', thinking: reasoning } });
      }
      const text = d['content'];
      if (typeof text === 'string' && text !== '') {
        if (this.open?.kind !== 'text') this.openBlock(out, { kind: 'text' }, { type: 'text', text: '' });
        this.frame(out, { type: 'content_block_delta', index: this.index, delta: { type: 'text_delta', text } });
      }
      const calls = Array.isArray(d['tool_calls']) ? (d['tool_calls'] as JsonObject[]) : [];
      for (const call of calls) this.toolCall(call, out);
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
  }

  private toolCall(call: JsonObject, out: RelayEvent[]): void {
    const k = typeof call['index'] === 'number' ? call['index'] : 0;
    const fn = (call['function'] ?? {}) as { name?: string; arguments?: string };
    if (!this.toolBlocks.has(k)) {
      this.openBlock(out, { kind: 'tool', k }, { type: 'tool_use', id: String(call['id'] ?? `toolu_${this.index + 1}`), name: fn.name ?? '', input: {} });
    }
    if (typeof fn.arguments === 'string' && fn.arguments !== '') {
      this.frame(out, { type: 'content_block_delta', index: this.toolBlocks.get(k) as number, delta: { type: 'input_json_delta', partial_json: fn.arguments } });
    }
  }

  private done(out: RelayEvent[]): void {
    this.closed = true;
    this.start(out, undefined, undefined);
    this.closeOpen(out);
    const usage = this.usage ?? { input: this.head.inputTokens, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
    if (this.usage) out.push({ type: 'usage', usage: this.usage });
    const stop = this.toolBlocks.size > 0 && this.finish !== 'length' ? 'tool_use' : stopReasonOf(this.finish);
    this.frame(out, { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: messagesUsage(usage) });
    out.push({ type: 'done', tail: messagesFrame({ type: 'message_stop' }) });
  }
}

/** An adapter's stream mapper followed by the encoder: raw upstream text → Messages frames. */
export function encodedMapper(inner: StreamMapper, encoder: MessagesStreamEncoder): RelayMapper {
  return {
    push: (text) => encoder.push(inner.push(text)),
    end: () => encoder.push(inner.end()),
  };
}
