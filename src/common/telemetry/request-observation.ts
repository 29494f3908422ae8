import { SpanStatusCode, type Attributes, type Span, type SpanKind } from '@opentelemetry/api';
import type { Surface } from './surface.js';

/** What the pipeline needs of the tracer to make child spans and propagate them (the Tracing service). */
export interface SpanFactory {
  startChild(parent: Span, name: string, kind: SpanKind, attributes: Attributes): Span | null;
  headersFor(span: Span): Record<string, string>;
}

/**
 * What the gateway watches about one /v1 request besides its log entry: the time spent waiting on providers (for the
 * overhead header and histogram) and, when tracing is on, the request's server span. Made by the HTTP hook when the
 * request arrives; the pipeline finds it through the client's abort signal (the candidate runner) or the request id
 * (the request trace). The span ends once the response is closed and the pipeline let go of it, whichever is later.
 */
export class RequestObservation {
  readonly startedAt = performance.now();
  /** Milliseconds spent in upstream calls: every attempt and the backoff between retries. */
  upstreamMs = 0;
  /** Upstream attempts made (retries and fallbacks included). */
  attempts = 0;
  private held = false;
  private closed = false;
  private ended = false;

  constructor(
    readonly surface: Surface,
    /** The server span; null when tracing is off. */
    readonly span: Span | null,
    /** Child spans and their propagation headers; null when tracing is off. */
    readonly spans: SpanFactory | null = null,
  ) {}

  /** The pipeline works on the span: it stays open past the response's close until release(). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.closed) this.end();
  }

  /** The response finished or its connection closed. */
  responseClosed(status: number): void {
    this.closed = true;
    const span = this.span;
    if (span) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (!this.held) this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.span) {
      if (this.attempts > 0) this.span.setAttribute('gophergate.attempts', this.attempts);
      this.span.end();
    }
  }
}

const KEY = Symbol.for('gophergate.observation');
type Carrier = { [KEY]?: RequestObservation };

/** Hang the observation on an object the pipeline holds (the raw request, the client's abort signal). */
export function attachObservation(carrier: object, observation: RequestObservation): void {
  (carrier as Carrier)[KEY] = observation;
}

export function observationOf(carrier: object | null | undefined): RequestObservation | undefined {
  return carrier ? (carrier as Carrier)[KEY] : undefined;
}

/** Traced requests in flight by request id (only while tracing is on; ids are unique per request, see billing). */
const byId = new Map<string, RequestObservation>();

export function registerObservation(requestId: string, observation: RequestObservation): void {
  if (!byId.has(requestId)) byId.set(requestId, observation);
}

export function forgetObservation(requestId: string, observation: RequestObservation): void {
  if (byId.get(requestId) === observation) byId.delete(requestId);
}

export function observationFor(requestId: string): RequestObservation | undefined {
  return byId.size === 0 ? undefined : byId.get(requestId);
}
