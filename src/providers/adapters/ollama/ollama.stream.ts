import {
  ChunkFactory,
  NdjsonParser,
  asRecord,
  asString,
  invalidStreamDataError,
  isRecord,
  nowSeconds,
  truncatedStreamError,
  tryParseJson,
  withToolCalls,
  type AdapterContext,
  type JsonObject,
  type StreamEvent,
  type StreamMapper,
} from '../core/index.js';
import {
  ollamaCreated,
  ollamaFinish,
  ollamaResponseId,
  ollamaStreamError,
  ollamaToolCalls,
  ollamaUsage,
} from './ollama.common.js';

/** Ollama /api/chat NDJSON → OpenAI chunks; the done:true line is the finish, the usage and the clean end. */
export class OllamaStreamMapper implements StreamMapper {
  private readonly lines = new NdjsonParser();
  private readonly chunks: ChunkFactory;
  private readonly fallbackCreated: number;
  private started = false;
  private nextTool = 0;
  private sawTool = false;
  private closed = false;
  /** Set while flushing at close: an unparsable last frame is a cut-off frame, i.e. a truncation. */
  private ending = false;

  constructor(ctx: AdapterContext) {
    this.fallbackCreated = nowSeconds(ctx.now);
    this.chunks = new ChunkFactory('', this.fallbackCreated, ctx.upstreamModel);
  }

  push(text: string): StreamEvent[] {
    return this.closed ? [] : this.handle(this.lines.push(text));
  }

  end(): StreamEvent[] {
    if (this.closed) return [];
    this.ending = true;
    const out = this.handle(this.lines.end());
    if (this.closed) return out;
    this.closed = true;
    return [...out, { type: 'error', error: truncatedStreamError('ollama') }];
  }

  private handle(lines: string[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const raw of lines) {
      if (this.closed) break;
      const parsed = tryParseJson(raw);
      if (!parsed.ok || !isRecord(parsed.value)) {
        this.closed = true;
        out.push({ type: 'error', error: this.ending ? truncatedStreamError('ollama') : invalidStreamDataError('ollama', raw) });
        break;
      }
      out.push(...this.line(parsed.value));
    }
    return out;
  }

  private line(line: JsonObject): StreamEvent[] {
    if (line['error'] !== undefined) {
      this.closed = true;
      return [{ type: 'error', error: ollamaStreamError(line['error']) }];
    }
    const out: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      this.chunks.id = ollamaResponseId(line);
      this.chunks.created = ollamaCreated(line, this.fallbackCreated);
      this.chunks.model = asString(line['model']) ?? this.chunks.model;
      out.push({ type: 'chunk', chunk: this.chunks.role() });
    }
    const msg = asRecord(line['message']);
    const thinking = asString(msg['thinking']);
    if (thinking) out.push({ type: 'chunk', chunk: this.chunks.reasoning(thinking) });
    const text = asString(msg['content']);
    if (text) out.push({ type: 'chunk', chunk: this.chunks.content(text) });
    for (const call of ollamaToolCalls(msg, this.chunks.id, this.nextTool)) {
      this.sawTool = true;
      this.nextTool = Math.max(this.nextTool, call.index + 1);
      out.push({ type: 'chunk', chunk: this.chunks.toolCall(call) });
    }
    if (line['done'] === true) {
      this.closed = true;
      const reason = withToolCalls(ollamaFinish(line['done_reason']), this.sawTool);
      out.push({ type: 'chunk', chunk: this.chunks.finish(reason) }, { type: 'usage', usage: ollamaUsage(line) }, { type: 'done' });
    }
    return out;
  }
}
