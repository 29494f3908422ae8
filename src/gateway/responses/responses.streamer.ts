import { Inject, Injectable } from '@nestjs/common';
import { ZERO_USAGE, microsToUsd, type Usage } from '../../common/index.js';
import {
  ClientGoneError,
  GatewayMetrics,
  ResponsesRelayMapper,
  UpstreamFailure,
  UpstreamStream,
  clientErrorFor,
  redactSecrets,
  relayFailureOf,
  type AbortLike,
  type ProviderError,
  type ResponsesRelayEvent,
  type StreamEvent,
  type WireRequest,
} from '../../providers/index.js';
import { estimateTextTokens } from '../chat/token.estimate.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel, SseSink } from '../pipeline/client.channel.js';
import { IDEMPOTENCY, type IdempotencyPort } from '../pipeline/gateway.ports.js';
import { abandonIdempotency, completeIdempotency } from '../pipeline/idempotency.gate.js';
import { RequestFinisher, totalTokens } from '../pipeline/request.finisher.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import type { Candidate, RoutePlan } from '../routing/gateway.router.js';
import { randomIds, type ResponsesTurn } from './responses.turn.js';
import { ResponsesEventEncoder } from './wire/chunks.to-events.js';
import type { Json, ResponseEvent, ResponseObject } from './wire/responses.types.js';

/** Upstream reads tolerated before the first content event, and per stream (bounds, far above any real answer). */
const MAX_LOOKAHEAD_BATCHES = 10_000;
const MAX_BATCHES = 10_000_000;
const PREAMBLE = new Set(['response.created', 'response.in_progress', 'response.queued']);

export type Keep = (c: Candidate, response: ResponseObject) => void;

type Source = { kind: 'relay'; upstream: UpstreamStream<ResponsesRelayEvent> } | { kind: 'chat'; upstream: UpstreamStream<StreamEvent> };

/**
 * Open the upstream stream and read ahead to its first content, so a failure before anything reached the client (an
 * error status, an error event, a reset) is still retried or failed over.
 */
async function openAhead<E extends { type: string }>(upstream: UpstreamStream<E>, provider: string, started: (ev: E) => boolean, failure: (ev: E) => ProviderError | null): Promise<UpstreamStream<E>> {
  const held: E[] = [];
  try {
    for (let batch = 0; batch < MAX_LOOKAHEAD_BATCHES; batch++) {
      const events = await upstream.next();
      if (events === null) throw UpstreamFailure.invalidResponse(provider, 'the stream ended without an answer');
      for (let i = 0; i < events.length; i++) {
        const error = failure(events[i]);
        if (error) throw new UpstreamFailure(provider, 'stream', error);
        held.push(events[i]);
        if (started(events[i])) {
          upstream.unshift([...held, ...events.slice(i + 1)]);
          return upstream;
        }
      }
    }
    throw UpstreamFailure.invalidResponse(provider, 'no content in the stream');
  } catch (err) {
    upstream.close();
    throw err;
  }
}

/** Streams one POST /v1/responses: a relayed OpenAI event stream, or translated chat chunks as typed events. */
@Injectable()
export class ResponsesStreamer {
  constructor(
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyPort,
  ) {}

  async relay(trace: RequestTrace, turn: ResponsesTurn, plan: RoutePlan, channel: ClientChannel, keep: Keep): Promise<void> {
    const { candidate, value: source } = await runCandidates<Source>(
      plan.candidates,
      turn.translate,
      (c, wire, signal) => this.open(c, wire, turn, signal),
      channel.signal,
      this.metrics,
    );
    trace.provider = candidate.provider;
    const sink = channel.sse(Boolean(trace.idempotencyKey));
    const pump =
      source.kind === 'relay'
        ? new RelayPump(trace, candidate, source.upstream, sink, this.finisher, this.idempotency, keep)
        : new TranslatedPump(trace, candidate, source.upstream, sink, this.finisher, this.idempotency, keep, new ResponsesEventEncoder(turn.req, randomIds, turn.createdAt));
    try {
      await pump.pump();
    } finally {
      source.upstream.close();
    }
  }

  private async open(c: Candidate, wire: WireRequest, turn: ResponsesTurn, signal: AbortLike): Promise<Source> {
    if (turn.isRelay(c)) {
      const upstream = await UpstreamStream.openWith(c.rt, wire, () => new ResponsesRelayMapper(), signal);
      return {
        kind: 'relay',
        upstream: await openAhead(
          upstream,
          c.provider,
          (ev) => ev.type === 'frame' && !PREAMBLE.has(ev.name),
          (ev) => (ev.type === 'error' ? ev.error : ev.terminal === 'failed' ? relayFailureOf(ev.payload) : null),
        ),
      };
    }
    const upstream = await UpstreamStream.open(c.rt, wire, turn.context(c), signal);
    return { kind: 'chat', upstream: await openAhead(upstream, c.provider, (ev) => ev.type === 'chunk' || ev.type === 'done', (ev) => (ev.type === 'error' ? ev.error : null)) };
  }
}

/** What both kinds of stream share: delivery, settlement, the failure and client-gone paths. */
abstract class Pump<E extends { type: string }> {
  protected usage: Usage | null = null;
  protected delivered = false;
  protected chars = 0;

  constructor(
    protected readonly trace: RequestTrace,
    protected readonly candidate: Candidate,
    protected readonly upstream: UpstreamStream<E>,
    protected readonly sink: SseSink,
    protected readonly finisher: RequestFinisher,
    protected readonly idempotency: IdempotencyPort,
    protected readonly keep: Keep,
  ) {}

  /** Handle one batch; true when the stream is over. */
  protected abstract handle(events: E[]): Promise<boolean>;
  /** The response.failed event (and what was charged) for a failure after the start. */
  protected abstract failedEvent(error: { code: string | null; message: string }, reported: Usage | null, costMicros: number): { name: string; json: string };

  async pump(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      let events: E[] | null;
      try {
        events = await this.upstream.next();
      } catch (err) {
        if (err instanceof ClientGoneError) return this.clientGone();
        if (err instanceof UpstreamFailure) return this.failed(err);
        throw err;
      }
      if (events === null) return this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream ended without a finish'));
      if (await this.handle(events)) return;
    }
    return this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream did not end'));
  }

  /** Write one event; false when the client is gone. */
  protected async write(name: string, json: string): Promise<boolean> {
    if (!this.delivered) {
      await this.finisher.delivered(this.trace); // the reservation is durable before the client sees a byte
      this.delivered = true;
      this.trace.markFirstByte();
    }
    const flushed = this.sink.writeEvent ? this.sink.writeEvent(name, json) : this.sink.writeJson?.(json) ?? this.sink.write(JSON.parse(json));
    if (!flushed) await this.sink.drained();
    return !this.sink.isClosed;
  }

  protected billable(): { usage: Usage; estimated: boolean } {
    if (this.usage && totalTokens(this.usage) > 0) return { usage: this.usage, estimated: false };
    return { usage: { ...ZERO_USAGE, input: this.trace.promptTokens, output: estimateTextTokens(this.chars) }, estimated: true };
  }

  /** The last event is written; the stream is stored for idempotent replays before it closes, then logged. */
  protected async close(usage: Usage, costMicros: number, estimated: boolean, response: ResponseObject | null): Promise<void> {
    await completeIdempotency(this.idempotency, this.trace, 200, this.sink.transcript(), 'text/event-stream; charset=utf-8');
    this.sink.end();
    if (response) this.keep(this.candidate, response);
    this.finisher.record(this.trace, { status: 200, usage, costMicros, estimated });
  }

  /** A failure after the stream started: one response.failed event, then the end; charged only what the provider reported. */
  protected async failed(failure: UpstreamFailure, upstreamEvent?: { name: string; json: string }): Promise<void> {
    this.candidate.rt.policy.recordFailure(failure);
    this.upstream.close();
    const reported = this.usage && totalTokens(this.usage) > 0 ? this.usage : null;
    const costMicros = reported ? await this.finisher.settle(this.trace, this.candidate, reported) : 0;
    if (!reported) await this.finisher.release(this.trace);
    const error = clientErrorFor(failure);
    await abandonIdempotency(this.idempotency, this.trace);
    const event = upstreamEvent ?? this.failedEvent({ code: error.code, message: error.message }, reported, costMicros);
    if (!this.sink.isClosed) this.sink.writeEvent?.(event.name, event.json);
    this.sink.end();
    this.finisher.record(this.trace, { status: error.status, usage: reported ?? { ...ZERO_USAGE }, costMicros, estimated: false, errorCode: error.code, errorMessage: error.message });
  }

  /** The client left: the upstream is aborted at once; what was generated is charged (estimated when unreported). */
  protected async clientGone(): Promise<void> {
    this.upstream.close();
    let costMicros = 0;
    const { usage, estimated } = this.billable();
    if (this.delivered || !estimated) costMicros = await this.finisher.settle(this.trace, this.candidate, usage, estimated);
    else await this.finisher.release(this.trace);
    this.sink.end();
    await abandonIdempotency(this.idempotency, this.trace);
    this.finisher.record(this.trace, { status: 499, usage: this.delivered || !estimated ? usage : { ...ZERO_USAGE }, costMicros, estimated, errorCode: 'client_closed', errorMessage: 'The client closed the connection.' });
  }
}

/** OpenAI's own event stream, passed through as sent; the terminal event gets `usage.cost`. */
class RelayPump extends Pump<ResponsesRelayEvent> {
  private snapshot: Json | null = null;
  private lastSeq = -1;

  protected async handle(events: ResponsesRelayEvent[]): Promise<boolean> {
    for (const ev of events) {
      if (ev.type === 'error') {
        await this.failed(new UpstreamFailure(this.candidate.provider, 'stream', ev.error));
        return true;
      }
      const seq = ev.payload['sequence_number'];
      if (typeof seq === 'number') this.lastSeq = seq;
      const response = ev.payload['response'];
      if (response && typeof response === 'object') this.snapshot = response as Json;
      if (typeof ev.payload['delta'] === 'string') this.chars += ev.payload['delta'].length;
      if (ev.terminal === 'failed') {
        if (ev.usage) this.usage = ev.usage;
        const failure = new UpstreamFailure(this.candidate.provider, 'stream', relayFailureOf(ev.payload));
        await this.failed(failure, { name: ev.name, json: redactSecrets(ev.data, this.candidate.rt.secrets) });
        return true;
      }
      if (ev.terminal === 'completed') {
        if (!response || typeof response !== 'object' || Array.isArray(response)) {
          await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, `'${ev.name}' carries no response`));
          return true;
        }
        if (ev.usage) this.usage = ev.usage;
        const { usage, estimated } = this.billable();
        const costMicros = await this.finisher.settle(this.trace, this.candidate, usage, estimated);
        const final = ev.payload['response'] as ResponseObject;
        final.usage = { ...(final.usage ?? { input_tokens: 0, input_tokens_details: { cached_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 }), cost: microsToUsd(costMicros) };
        await this.write(ev.name, JSON.stringify(ev.payload));
        await this.close(usage, costMicros, estimated, final);
        return true;
      }
      if (!(await this.write(ev.name, ev.data))) {
        await this.clientGone();
        return true;
      }
    }
    return false;
  }

  protected failedEvent(error: { code: string | null; message: string }, reported: Usage | null, costMicros: number): { name: string; json: string } {
    const response = { ...(this.snapshot ?? { object: 'response' }), status: 'failed', error: { code: error.code ?? 'server_error', message: error.message }, ...(reported ? {} : { usage: null }) };
    void costMicros;
    return { name: 'response.failed', json: JSON.stringify({ type: 'response.failed', sequence_number: this.lastSeq + 1, response }) };
  }
}

/** Another provider's chat chunks, encoded as the Responses typed event stream. */
class TranslatedPump extends Pump<StreamEvent> {
  private started = false;

  constructor(
    trace: RequestTrace,
    candidate: Candidate,
    upstream: UpstreamStream<StreamEvent>,
    sink: SseSink,
    finisher: RequestFinisher,
    idempotency: IdempotencyPort,
    keep: Keep,
    private readonly encoder: ResponsesEventEncoder,
  ) {
    super(trace, candidate, upstream, sink, finisher, idempotency, keep);
  }

  private async send(events: ResponseEvent[]): Promise<boolean> {
    for (const e of events) if (!(await this.write(e.type, JSON.stringify(e)))) return false;
    return true;
  }

  protected async handle(events: StreamEvent[]): Promise<boolean> {
    if (!this.started) {
      this.started = true;
      if (!(await this.send(this.encoder.start()))) {
        await this.clientGone();
        return true;
      }
    }
    for (const ev of events) {
      if (ev.type === 'chunk') {
        const out = this.encoder.push(ev.chunk);
        this.chars = this.encoder.chars;
        if (!(await this.send(out))) {
          await this.clientGone();
          return true;
        }
      } else if (ev.type === 'usage') {
        this.usage = ev.usage;
      } else if (ev.type === 'done') {
        const { usage, estimated } = this.billable();
        const costMicros = await this.finisher.settle(this.trace, this.candidate, usage, estimated);
        await this.send(this.encoder.finish(usage, microsToUsd(costMicros)));
        await this.close(usage, costMicros, estimated, this.encoder.response);
        return true;
      } else {
        await this.failed(new UpstreamFailure(this.candidate.provider, 'stream', ev.error));
        return true;
      }
    }
    return false;
  }

  protected failedEvent(error: { code: string | null; message: string }, reported: Usage | null, costMicros: number): { name: string; json: string } {
    const [event] = this.encoder.fail(error, reported, microsToUsd(costMicros));
    return { name: event.type, json: JSON.stringify(event) };
  }
}
