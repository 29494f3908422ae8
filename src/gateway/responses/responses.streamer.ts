import { moneyToUsd, type ApiError, type Money, type Usage } from '../../common/index.js';
import {
  ResponsesRelayMapper,
  UpstreamFailure,
  UpstreamStream,
  redactSecrets,
  relayFailureOf,
  type AbortLike,
  type ResponsesRelayEvent,
  type StreamEvent,
  type WireRequest,
} from '../../providers/index.js';
import type { ClientChannel, SseSink } from '../pipeline/client.channel.js';
import type { Exchange } from '../pipeline/exchange.js';
import { StreamPump, openAhead, type StreamEnding, type Step } from '../pipeline/stream.pump.js';
import type { Candidate, RoutePlan } from '../planning/gateway.router.js';
import { randomIds, type ResponsesTurn } from './responses.turn.js';
import { ResponsesEventEncoder } from './wire/chunks.to-events.js';
import type { Json, ResponseEvent, ResponseObject } from './wire/responses.types.js';

const PREAMBLE = new Set(['response.created', 'response.in_progress', 'response.queued']);

export type Keep = (c: Candidate, response: ResponseObject) => void;

type Source = { kind: 'relay'; upstream: UpstreamStream<ResponsesRelayEvent> } | { kind: 'chat'; upstream: UpstreamStream<StreamEvent> };

/** Stream one POST /v1/responses: a relayed OpenAI event stream, or translated chat chunks as typed events. */
export async function streamResponse(exchange: Exchange, turn: ResponsesTurn, plan: RoutePlan, channel: ClientChannel, keep: Keep): Promise<void> {
  const { candidate, value: source } = await exchange.attempt<Source>(plan.candidates, turn.translate, (c, wire, signal) => open(c, wire, turn, signal), channel);
  const sink = exchange.openStream(channel);
  const pump =
    source.kind === 'relay'
      ? new RelayPump(exchange, candidate, source.upstream, sink, keep)
      : new TranslatedPump(exchange, candidate, source.upstream, sink, keep, new ResponsesEventEncoder(turn.req, randomIds, turn.createdAt));
  await pump.pump();
}

/** Open the upstream stream and read ahead to its first content (see openAhead). */
async function open(c: Candidate, wire: WireRequest, turn: ResponsesTurn, signal: AbortLike): Promise<Source> {
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

/** What both kinds of Responses stream share: named events, the response kept once the stream closed, response.failed. */
abstract class ResponsesPump<E extends { type: string }> extends StreamPump<E> {
  /** The finished response (kept for previous_response_id and GET) once the last event is written. */
  protected final: ResponseObject | null = null;

  constructor(
    exchange: Exchange,
    candidate: Candidate,
    upstream: UpstreamStream<E>,
    sink: SseSink,
    private readonly keep: Keep,
  ) {
    super(exchange, candidate, upstream, sink);
  }

  /** The response.failed event (and what was charged) for a failure after the start. */
  protected abstract failedEvent(error: { code: string | null; message: string }, reported: Usage | null, costE10: Money): { name: string; json: string };

  /** Write one event; false when the client is gone. */
  protected send(name: string, json: string): Promise<boolean> {
    return this.write(() => (this.sink.writeEvent ? this.sink.writeEvent(name, json) : this.sink.writeJson?.(json) ?? this.sink.write(JSON.parse(json))));
  }

  /** The last event is written by the subclass; the stream is stored for replays, then closes and the response is kept. */
  protected closing(): StreamEnding {
    return {
      transcript: this.sink.transcript(),
      close: () => {
        this.sink.end();
        if (this.final) this.keep(this.candidate, this.final);
      },
    };
  }

  protected tellFailure(error: ApiError, reported: Usage | null, costE10: Money): void {
    const event = this.failedEvent({ code: error.code, message: error.message }, reported, costE10);
    if (!this.sink.isClosed) this.sink.writeEvent?.(event.name, event.json);
    this.sink.end();
  }
}

/** OpenAI's own event stream, passed through as sent; the terminal event gets `usage.cost`. */
class RelayPump extends ResponsesPump<ResponsesRelayEvent> {
  private snapshot: Json | null = null;
  private lastSeq = -1;
  /** The upstream's own terminal event (response.completed), written once the cost is in it. */
  private completed: ResponsesRelayEvent & { type: 'frame' } | null = null;
  /** The upstream's own response.failed, passed on (redacted) in place of one of ours. */
  private upstreamFailed: { name: string; json: string } | null = null;

  protected async content(ev: ResponsesRelayEvent): Promise<Step> {
    if (ev.type !== 'frame') return 'next';
    const seq = ev.payload['sequence_number'];
    if (typeof seq === 'number') this.lastSeq = seq;
    const response = ev.payload['response'];
    if (response && typeof response === 'object') this.snapshot = response as Json;
    if (typeof ev.payload['delta'] === 'string') this.chars += ev.payload['delta'].length;
    if (ev.terminal === 'failed') {
      if (ev.usage) this.usage = ev.usage;
      this.upstreamFailed = { name: ev.name, json: redactSecrets(ev.data, this.candidate.rt.secrets) };
      await this.failed(new UpstreamFailure(this.candidate.provider, 'stream', relayFailureOf(ev.payload)));
      return 'over';
    }
    if (ev.terminal === 'completed') {
      if (!response || typeof response !== 'object' || Array.isArray(response)) {
        await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, `'${ev.name}' carries no response`));
        return 'over';
      }
      if (ev.usage) this.usage = ev.usage;
      this.completed = ev;
      await this.finish();
      return 'over';
    }
    return (await this.send(ev.name, ev.data)) ? 'next' : 'gone';
  }

  protected async ending(_usage: Usage, costE10: Money): Promise<StreamEnding> {
    const ev = this.completed as ResponsesRelayEvent & { type: 'frame' };
    const final = ev.payload['response'] as ResponseObject;
    final.usage = { ...(final.usage ?? { input_tokens: 0, input_tokens_details: { cached_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 }), cost: moneyToUsd(costE10) };
    await this.send(ev.name, JSON.stringify(ev.payload));
    this.final = final;
    return this.closing();
  }

  protected failedEvent(error: { code: string | null; message: string }, reported: Usage | null): { name: string; json: string } {
    if (this.upstreamFailed) return this.upstreamFailed;
    const response = { ...(this.snapshot ?? { object: 'response' }), status: 'failed', error: { code: error.code ?? 'server_error', message: error.message }, ...(reported ? {} : { usage: null }) };
    return { name: 'response.failed', json: JSON.stringify({ type: 'response.failed', sequence_number: this.lastSeq + 1, response }) };
  }
}

/** Another provider's chat chunks, encoded as the Responses typed event stream. */
class TranslatedPump extends ResponsesPump<StreamEvent> {
  private started = false;

  constructor(
    exchange: Exchange,
    candidate: Candidate,
    upstream: UpstreamStream<StreamEvent>,
    sink: SseSink,
    keep: Keep,
    private readonly encoder: ResponsesEventEncoder,
  ) {
    super(exchange, candidate, upstream, sink, keep);
  }

  private async sendAll(events: ResponseEvent[]): Promise<boolean> {
    for (const e of events) if (!(await this.send(e.type, JSON.stringify(e)))) return false;
    return true;
  }

  /** The typed stream opens (response.created, response.in_progress) with the first upstream batch. */
  protected override async handle(events: StreamEvent[]): Promise<boolean> {
    if (!this.started) {
      this.started = true;
      if (!(await this.sendAll(this.encoder.start()))) {
        await this.clientGone();
        return true;
      }
    }
    return super.handle(events);
  }

  protected async content(ev: StreamEvent): Promise<Step> {
    if (ev.type !== 'chunk') return 'next';
    const out = this.encoder.push(ev.chunk);
    this.chars = this.encoder.chars;
    return (await this.sendAll(out)) ? 'next' : 'gone';
  }

  protected async ending(usage: Usage, costE10: Money): Promise<StreamEnding> {
    await this.sendAll(this.encoder.finish(usage, moneyToUsd(costE10)));
    this.final = this.encoder.response;
    return this.closing();
  }

  protected failedEvent(error: { code: string | null; message: string }, reported: Usage | null, costE10: Money): { name: string; json: string } {
    const [event] = this.encoder.fail(error, reported, moneyToUsd(costE10));
    return { name: event.type, json: JSON.stringify(event) };
  }
}
