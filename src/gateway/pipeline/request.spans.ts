import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { moneyToUsd, type RequestObservation, type Usage } from '../../common/index.js';
import { ClientGoneError, UpstreamFailure, type WireRequest } from '../../providers/index.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { Exchange, Outcome } from './exchange.js';

/**
 * The pipeline's part of tracing: GenAI semantic-convention attributes (gen_ai.*) and the gateway's own
 * (gophergate.*) on the request's server span, and one client span per upstream attempt. Every function is a no-op
 * unless the request has a span (tracing on and the request sampled... or not: a non-recording span ignores them).
 * No attribute ever carries prompt or answer text, a key, or a provider's error message (which may echo either).
 */

/** gen_ai.operation.name by surface (Messages and Responses are chat operations in the GenAI conventions). */
const OPERATION: Record<string, string> = { chat: 'chat', messages: 'chat', responses: 'chat', embeddings: 'embeddings' };

/** gen_ai.provider.name: the conventions' well-known names by provider kind and preset, else the kind itself. */
const PROVIDER_NAME: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  ollama: 'ollama',
  deepseek: 'deepseek',
  xai: 'x_ai',
  mistral: 'mistral_ai',
  groq: 'groq',
  openrouter: 'openrouter',
};

export function genAiProviderName(c: Candidate): string {
  const def = c.rt.def;
  return PROVIDER_NAME[def.preset ?? ''] ?? PROVIDER_NAME[def.kind] ?? def.kind;
}

function spanOf(trace: Exchange): Span | null {
  return trace.observation?.span ?? null;
}

function operationOf(observation: RequestObservation): string | undefined {
  return OPERATION[observation.surface];
}

/** After routing: the operation, the model asked for, streaming, and who asks. */
export function spanRouted(trace: Exchange): void {
  const observation = trace.observation;
  const span = observation?.span;
  if (!observation || !span) return;
  const operation = operationOf(observation);
  if (operation) span.setAttribute('gen_ai.operation.name', operation);
  span.setAttributes({
    'gen_ai.request.model': trace.model,
    'gen_ai.request.stream': trace.stream,
    'gophergate.client.id': trace.principal.clientId,
    'gophergate.key.id': trace.principal.keyId,
  });
}

/** What the provider answered with (from the response, or a stream's chunks). */
export function spanAnswered(trace: Exchange, answer: { id?: string | null; model?: string | null; finishReasons?: ReadonlyArray<string | null | undefined> }): void {
  const span = spanOf(trace);
  if (!span) return;
  if (answer.id) span.setAttribute('gen_ai.response.id', answer.id);
  if (answer.model) span.setAttribute('gen_ai.response.model', answer.model);
  const reasons = answer.finishReasons?.filter((r): r is string => typeof r === 'string' && r !== '');
  if (reasons && reasons.length > 0) span.setAttribute('gen_ai.response.finish_reasons', reasons);
}

function usageAttributes(span: Span, usage: Usage): void {
  // gen_ai.usage.input_tokens counts every input token, cached ones included (the conventions' note)
  span.setAttributes({
    'gen_ai.usage.input_tokens': usage.input + usage.cacheRead + usage.cacheWrite,
    'gen_ai.usage.output_tokens': usage.output,
    'gen_ai.usage.cache_read.input_tokens': usage.cacheRead,
    'gen_ai.usage.cache_creation.input_tokens': usage.cacheWrite,
  });
  if (usage.reasoning) span.setAttribute('gen_ai.usage.reasoning.output_tokens', usage.reasoning);
}

/** The end of the request as the pipeline saw it: status, usage, cost (a stream's failure after its 200 included). */
export function spanRecorded(trace: Exchange, outcome: Outcome): void {
  const span = spanOf(trace);
  if (!span) return;
  usageAttributes(span, outcome.usage);
  span.setAttributes({
    'gophergate.status': outcome.status,
    'gophergate.cost_usd': moneyToUsd(outcome.costE10),
    'gophergate.usage.estimated': outcome.estimated,
  });
  if (trace.provider) span.setAttribute('gophergate.provider', trace.provider);
  if (trace.model) span.setAttribute('gen_ai.request.model', trace.model);
  if (outcome.errorCode) span.setAttribute('error.type', outcome.errorCode);
  if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorCode ?? undefined });
}

/** A candidate passed over because its circuit is open (nothing was sent). */
export function spanSkipped(observation: RequestObservation | undefined, c: Candidate, reason: string): void {
  observation?.span?.addEvent('gophergate.candidate_skipped', { 'gophergate.provider': c.provider, 'gophergate.reason': reason });
}

function serverOf(c: Candidate): { 'server.address'?: string; 'server.port'?: number } {
  const base = c.rt.def.base_url;
  if (!base) return {};
  try {
    const u = new URL(base);
    return { 'server.address': u.hostname, 'server.port': Number(u.port) || (u.protocol === 'https:' ? 443 : 80) };
  } catch {
    return {};
  }
}

/** One upstream attempt: a client span under the request's, whose context goes upstream as `traceparent`. */
export class AttemptSpan {
  private constructor(
    private readonly observation: RequestObservation,
    private readonly span: Span,
    private readonly candidate: Candidate,
  ) {}

  /** Null (nothing to do) unless the request is traced. */
  static start(observation: RequestObservation | undefined, c: Candidate, attemptNo: number, candidateIndex: number): AttemptSpan | null {
    if (!observation) return null;
    observation.attempts++;
    const parent = observation.span;
    const spans = observation.spans;
    if (!parent || !spans) return null;
    const operation = operationOf(observation) ?? 'chat';
    const span = spans.startChild(parent, `${operation} ${c.upstreamModel}`, SpanKind.CLIENT, {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': genAiProviderName(c),
      'gen_ai.request.model': c.upstreamModel,
      'gophergate.provider': c.provider,
      'gophergate.attempt': attemptNo,
      'gophergate.candidate': candidateIndex,
      'gophergate.fallback': candidateIndex > 0,
      ...serverOf(c),
    });
    return span ? new AttemptSpan(observation, span, c) : null;
  }

  /** The request as sent upstream: the candidate's wire request plus this attempt's trace context headers. */
  wire(wire: WireRequest): WireRequest {
    const headers = this.observation.spans?.headersFor(this.span);
    return headers ? { ...wire, headers: { ...wire.headers, ...headers } } : wire;
  }

  succeeded(): void {
    const parent = this.observation.span;
    parent?.setAttributes({ 'gen_ai.provider.name': genAiProviderName(this.candidate), 'gophergate.provider': this.candidate.provider });
    this.span.end();
  }

  failed(err: unknown): void {
    if (err instanceof UpstreamFailure) {
      this.span.setAttributes({ 'error.type': err.error.code ?? err.kind, 'gophergate.failure': err.kind });
      if (err.kind === 'http') this.span.setAttribute('http.response.status_code', err.error.status);
    } else if (err instanceof ClientGoneError) {
      this.span.setAttribute('error.type', 'client_closed');
    } else {
      this.span.setAttribute('error.type', err instanceof Error ? err.name : 'unknown');
    }
    this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}
