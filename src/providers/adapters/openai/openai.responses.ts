import { AdapterError } from '../core/adapter.error.js';
import type { NormalizedUsage, ProviderError, WireRequest } from '../core/adapter.types.js';
import { asRecord, isRecord, type JsonObject } from '../core/json.util.js';
import { SseParser, type SseEvent } from '../core/sse.parser.js';
import { count, emptyUsage } from '../core/usage.js';

/**
 * OpenAI's Responses API (`POST /responses`) as a relay: the client's body goes up unchanged except `model`, the
 * answer and every stream event come back as sent; only the usage is read (for billing). Pure: no I/O.
 */

/** Responses-API usage as OpenAI reports it (cached input inside input_tokens, reasoning inside output_tokens). */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; [k: string]: unknown };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number; [k: string]: unknown };
  total_tokens: number;
  [k: string]: unknown;
}

/** Responses usage → disjoint counts (cached input apart from uncached; reasoning inside output, also counted apart). */
export function normalizeResponsesUsage(raw: unknown): NormalizedUsage {
  if (!isRecord(raw)) return emptyUsage();
  const input = count(raw['input_tokens']);
  const cacheRead = Math.min(input, count(asRecord(raw['input_tokens_details'])['cached_tokens']));
  const reasoning = count(asRecord(raw['output_tokens_details'])['reasoning_tokens']);
  return { input: input - cacheRead, cacheRead, cacheWrite: 0, output: count(raw['output_tokens']), reasoning };
}

/** Disjoint counts → the Responses usage shape. */
export function toResponsesUsage(u: NormalizedUsage): ResponsesUsage {
  const input = u.input + u.cacheRead + u.cacheWrite;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheRead },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: input + u.output,
  };
}

/** The relayed request: the client's body with only `model` replaced (key order, unknown fields and items kept). */
export function responsesRelayRequest(body: JsonObject, upstreamModel: string, stream: boolean): WireRequest {
  return { path: 'responses', headers: {}, body: { ...body, model: upstreamModel }, framing: stream ? 'sse' : 'json' };
}

/** How a relayed stream event ends the stream, if it does. */
export type RelayTerminal = 'completed' | 'failed' | null;

export type ResponsesRelayEvent =
  /** One upstream event: its SSE name, its data text as sent, the parsed object; usage on a terminal event that has it. */
  | { type: 'frame'; name: string; data: string; payload: JsonObject; terminal: RelayTerminal; usage?: NormalizedUsage }
  | { type: 'error'; error: ProviderError };

const COMPLETED = new Set(['response.completed', 'response.incomplete']);
const FAILED = new Set(['response.failed', 'error']);

function truncated(): ProviderError {
  return { status: 502, type: 'upstream_error', code: 'stream_truncated', param: null, message: 'The provider closed the stream before the response finished.', retryable: false };
}

/** The error a failed terminal event carries (`response.failed`'s response.error, or an `error` event's fields). */
export function relayFailureOf(payload: JsonObject): ProviderError {
  const inner = payload['type'] === 'error' ? payload : asRecord(asRecord(payload['response'])['error']);
  const message = typeof inner['message'] === 'string' ? inner['message'] : 'The provider reported the response as failed.';
  const code = typeof inner['code'] === 'string' ? inner['code'] : null;
  return { status: 502, type: 'upstream_error', code, param: null, message, retryable: false };
}

/** Upstream Responses SSE → relay events. `end()` without a terminal event yields an error (never a silent end). */
export class ResponsesRelayMapper {
  private readonly parser = new SseParser();
  private finished = false;

  push(text: string): ResponsesRelayEvent[] {
    return this.map(this.parser.push(text));
  }

  end(): ResponsesRelayEvent[] {
    const out = this.map(this.parser.end());
    if (!this.finished) out.push({ type: 'error', error: truncated() });
    return out;
  }

  private map(events: SseEvent[]): ResponsesRelayEvent[] {
    const out: ResponsesRelayEvent[] = [];
    for (const ev of events) {
      if (this.finished || ev.data === '' || ev.data === '[DONE]') continue;
      let payload: unknown;
      try {
        payload = JSON.parse(ev.data) as unknown;
      } catch {
        throw new AdapterError('The upstream sent a stream event that is not JSON.', null, { status: 502, type: 'upstream_error', code: 'invalid_upstream_response' });
      }
      if (!isRecord(payload) || typeof payload['type'] !== 'string') {
        throw new AdapterError('The upstream sent a stream event without a type.', null, { status: 502, type: 'upstream_error', code: 'invalid_upstream_response' });
      }
      const name = payload['type'];
      const terminal: RelayTerminal = COMPLETED.has(name) ? 'completed' : FAILED.has(name) ? 'failed' : null;
      const usageRaw = asRecord(payload['response'])['usage'];
      const frame: ResponsesRelayEvent = { type: 'frame', name: ev.event ?? name, data: ev.data, payload, terminal };
      if (terminal && isRecord(usageRaw)) frame.usage = normalizeResponsesUsage(usageRaw);
      if (terminal) this.finished = true;
      out.push(frame);
    }
    return out;
  }
}
