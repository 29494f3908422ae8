import {
  ChunkFactory,
  SseParser,
  asRecord,
  asString,
  invalidStreamDataError,
  isRecord,
  nowSeconds,
  truncatedStreamError,
  tryParseJson,
  withToolCalls,
  type AdapterContext,
  type FinishReason,
  type JsonObject,
  type SseEvent,
  type StreamEvent,
  type StreamMapper,
  type ToolCallDelta,
} from '../core/index.js';
import { anthropicFinish, anthropicStreamError, anthropicUsage, mergeUsage } from './anthropic.common.js';

type Block =
  | { kind: 'text' }
  | { kind: 'tool'; k: number }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'other' };

/**
 * Anthropic Messages SSE → OpenAI chunks. Tool index k counts tool_use blocks only; usage is cumulative
 * (input from message_start, final counts from the last message_delta); message_stop is the clean end.
 */
export class AnthropicStreamMapper implements StreamMapper {
  private readonly sse = new SseParser();
  private readonly chunks: ChunkFactory;
  private readonly blocks = new Map<number, Block>();
  private readonly thinking: JsonObject[] = [];
  private usage: JsonObject = {};
  private tools = 0;
  private started = false;
  private finished: FinishReason | undefined;
  private closed = false;
  /** Set while flushing at close: an unparsable last frame is a cut-off frame, i.e. a truncation. */
  private ending = false;

  constructor(ctx: AdapterContext) {
    this.chunks = new ChunkFactory('', nowSeconds(ctx.now), ctx.upstreamModel);
  }

  push(text: string): StreamEvent[] {
    return this.closed ? [] : this.handle(this.sse.push(text));
  }

  end(): StreamEvent[] {
    if (this.closed) return [];
    this.ending = true;
    const out = this.handle(this.sse.end());
    if (this.closed) return out;
    this.closed = true;
    return [...out, { type: 'error', error: truncatedStreamError('anthropic') }];
  }

  private handle(events: SseEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const ev of events) if (!this.closed) out.push(...this.event(ev));
    return out;
  }

  private chunk(c: ReturnType<ChunkFactory['chunk']>): StreamEvent {
    return { type: 'chunk', chunk: c };
  }

  private ensureStarted(out: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    out.push(this.chunk(this.chunks.role()));
  }

  private event(ev: SseEvent): StreamEvent[] {
    const parsed = tryParseJson(ev.data);
    if (!parsed.ok || !isRecord(parsed.value)) {
      this.closed = true;
      return [{ type: 'error', error: this.ending ? truncatedStreamError('anthropic') : invalidStreamDataError('anthropic', ev.data) }];
    }
    const data = parsed.value;
    const type = ev.event ?? asString(data['type']);
    const out: StreamEvent[] = [];
    switch (type) {
      case 'message_start': {
        const msg = asRecord(data['message']);
        this.chunks.id = asString(msg['id']) ?? this.chunks.id;
        this.chunks.model = asString(msg['model']) ?? this.chunks.model;
        this.usage = mergeUsage(this.usage, msg['usage']);
        this.ensureStarted(out);
        break;
      }
      case 'content_block_start':
        this.ensureStarted(out);
        this.blockStart(asRecord(data['content_block']), Number(data['index']), out);
        break;
      case 'content_block_delta':
        this.ensureStarted(out);
        this.blockDelta(asRecord(data['delta']), Number(data['index']), out);
        break;
      case 'content_block_stop': {
        const b = this.blocks.get(Number(data['index']));
        if (b?.kind === 'thinking') this.thinking.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
        break;
      }
      case 'message_delta': {
        this.ensureStarted(out);
        this.usage = mergeUsage(this.usage, data['usage']);
        const reason = withToolCalls(anthropicFinish(asRecord(data['delta'])['stop_reason']), this.tools > 0);
        if (this.finished === undefined) out.push(this.chunk(this.chunks.finish(reason)));
        this.finished = reason;
        break;
      }
      case 'message_stop':
        this.ensureStarted(out);
        if (this.finished === undefined) out.push(this.chunk(this.chunks.finish(withToolCalls('stop', this.tools > 0))));
        this.closed = true;
        out.push({ type: 'usage', usage: anthropicUsage(this.usage) }, { type: 'done' });
        break;
      case 'error':
        this.closed = true;
        out.push({ type: 'error', error: anthropicStreamError(data) });
        break;
      default: // ping and future event types
        break;
    }
    return out;
  }

  private blockStart(block: JsonObject, index: number, out: StreamEvent[]): void {
    if (block['type'] === 'text') {
      this.blocks.set(index, { kind: 'text' });
      const t = asString(block['text']);
      if (t) out.push(this.chunk(this.chunks.content(t)));
    } else if (block['type'] === 'tool_use') {
      const k = this.tools++;
      this.blocks.set(index, { kind: 'tool', k });
      const call: ToolCallDelta = {
        index: k,
        id: String(block['id']),
        type: 'function',
        function: { name: String(block['name']), arguments: '' },
      };
      if (k === 0 && this.thinking.length) call.extra_content = { anthropic: { thinking_blocks: [...this.thinking] } };
      out.push(this.chunk(this.chunks.toolCall(call)));
    } else if (block['type'] === 'thinking') {
      this.blocks.set(index, { kind: 'thinking', thinking: '', signature: '' });
    } else if (block['type'] === 'redacted_thinking') {
      this.blocks.set(index, { kind: 'other' });
      this.thinking.push({ type: 'redacted_thinking', data: block['data'] });
    } else {
      this.blocks.set(index, { kind: 'other' });
    }
  }

  private blockDelta(delta: JsonObject, index: number, out: StreamEvent[]): void {
    const b = this.blocks.get(index);
    const type = delta['type'];
    if (type === 'text_delta') {
      const t = asString(delta['text']);
      if (t) out.push(this.chunk(this.chunks.content(t)));
    } else if (type === 'input_json_delta' && b?.kind === 'tool') {
      const frag = asString(delta['partial_json']);
      if (frag) out.push(this.chunk(this.chunks.toolCall({ index: b.k, function: { arguments: frag } })));
    } else if (type === 'thinking_delta' && b?.kind === 'thinking') {
      const t = asString(delta['thinking']) ?? '';
      b.thinking += t;
      if (t) out.push(this.chunk(this.chunks.reasoning(t)));
    } else if (type === 'signature_delta' && b?.kind === 'thinking') {
      b.signature += asString(delta['signature']) ?? '';
    }
  }
}
