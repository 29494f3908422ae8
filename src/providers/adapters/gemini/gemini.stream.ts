import {
  ChunkFactory,
  SseParser,
  asArray,
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
  type SseEvent,
  type StreamEvent,
  type StreamMapper,
} from '../core/index.js';
import { candidateSeed, geminiFinish, geminiStreamError, geminiUsage, readParts } from './gemini.common.js';

interface CandidateState {
  tools: number;
  finished: boolean;
}

/**
 * Gemini streamGenerateContent?alt=sse → OpenAI chunks. There is no [DONE]: the clean end is an
 * upstream close after every candidate sent its finishReason. usageMetadata repeats: the last wins.
 */
export class GeminiStreamMapper implements StreamMapper {
  private readonly sse = new SseParser();
  private readonly chunks: ChunkFactory;
  private readonly candidates = new Map<number, CandidateState>();
  private usage: unknown;
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
    const states = [...this.candidates.values()];
    if (states.length > 0 && states.every((s) => s.finished)) {
      return [...out, { type: 'usage', usage: geminiUsage(this.usage) }, { type: 'done' }];
    }
    return [...out, { type: 'error', error: truncatedStreamError('gemini') }];
  }

  private handle(events: SseEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const ev of events) {
      if (this.closed) break;
      const parsed = tryParseJson(ev.data);
      if (!parsed.ok) {
        this.closed = true;
        out.push({ type: 'error', error: this.ending ? truncatedStreamError('gemini') : invalidStreamDataError('gemini', ev.data) });
        break;
      }
      for (const response of Array.isArray(parsed.value) ? parsed.value : [parsed.value]) {
        if (!this.closed) out.push(...this.response(asRecord(response)));
      }
    }
    return out;
  }

  private state(index: number, out: StreamEvent[]): CandidateState {
    let s = this.candidates.get(index);
    if (!s) {
      s = { tools: 0, finished: false };
      this.candidates.set(index, s);
      out.push({ type: 'chunk', chunk: this.chunks.role(index) });
    }
    return s;
  }

  private response(r: JsonObject): StreamEvent[] {
    if (r['error'] !== undefined) {
      this.closed = true;
      return [{ type: 'error', error: geminiStreamError(r['error']) }];
    }
    const out: StreamEvent[] = [];
    this.chunks.id = asString(r['responseId']) ?? this.chunks.id;
    this.chunks.model = asString(r['modelVersion']) ?? this.chunks.model;
    if (r['usageMetadata'] !== undefined) this.usage = r['usageMetadata'];
    const candidates = asArray(r['candidates']).filter(isRecord);
    if (candidates.length === 0 && asRecord(r['promptFeedback'])['blockReason'] !== undefined) {
      const s = this.state(0, out);
      if (!s.finished) out.push({ type: 'chunk', chunk: this.chunks.finish('content_filter', 0) });
      s.finished = true;
    }
    candidates.forEach((cand, pos) => {
      const index = typeof cand['index'] === 'number' ? cand['index'] : pos;
      const s = this.state(index, out);
      const read = readParts(asRecord(cand['content'])['parts'], candidateSeed(r, index), s.tools);
      if (read.reasoning) out.push({ type: 'chunk', chunk: this.chunks.reasoning(read.reasoning, index) });
      if (read.text) out.push({ type: 'chunk', chunk: this.chunks.content(read.text, index) });
      for (const call of read.calls) {
        const delta = { index: s.tools++, ...call };
        out.push({ type: 'chunk', chunk: this.chunks.toolCall(delta, index) });
      }
      if (cand['finishReason'] !== undefined && !s.finished) {
        s.finished = true;
        const reason = withToolCalls(geminiFinish(cand['finishReason']), s.tools > 0);
        out.push({ type: 'chunk', chunk: this.chunks.finish(reason, index) });
      }
    });
    return out;
  }
}
