import { Inject, Injectable } from '@nestjs/common';
import { ZERO_USAGE, microsToUsd, type Usage } from '../../common/index.js';
import { toOpenAIUsage, type ChatChunk, type ChatRequest, type StreamEvent, type WireRequest } from '../../providers/index.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { AbortLike } from '../../providers/index.js';
import type { ClientChannel, SseSink } from '../pipeline/client.channel.js';
import { IDEMPOTENCY, type IdempotencyPort } from '../pipeline/gateway.ports.js';
import { abandonIdempotency, completeIdempotency } from '../pipeline/idempotency.gate.js';
import { RequestFinisher, totalTokens } from '../pipeline/request.finisher.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import { GatewayMetrics } from '../../providers/index.js';
import { ClientGoneError, UpstreamFailure, clientErrorFor } from '../../providers/index.js';
import type { Candidate, RoutePlan } from '../routing/gateway.router.js';
import { UpstreamStream } from '../../providers/index.js';
import type { Translations } from './chat.plan.js';
import { estimateTextTokens } from './token.estimate.js';

/** Batches of non-content events (pings, metadata) tolerated before the first chunk. */
const MAX_LOOKAHEAD_BATCHES = 10_000;
/** Upstream reads per stream (a bound, far above any real answer). */
const MAX_BATCHES = 10_000_000;

interface Head {
  id: string;
  created: number;
  model: string;
}

/** Characters of generated text in a chunk (content, reasoning, tool arguments): the estimate when usage never came. */
function chunkChars(chunk: ChatChunk): number {
  let n = 0;
  for (const choice of chunk.choices) {
    const d = choice.delta;
    if (!d) continue;
    if (typeof d.content === 'string') n += d.content.length;
    if (typeof d.reasoning_content === 'string') n += d.reasoning_content.length;
    if (d.tool_calls) for (const t of d.tool_calls) n += (t.function?.arguments?.length ?? 0) + (t.function?.name?.length ?? 0);
  }
  return n;
}

/**
 * Open the upstream stream and read ahead to its first chunk, so that a failure before any content (an error
 * status, an error frame, a reset) is still retried or failed over: nothing has reached the client yet.
 */
async function openToFirstChunk(c: Candidate, wire: WireRequest, translations: Translations, signal: AbortLike): Promise<UpstreamStream> {
  const upstream = await UpstreamStream.open(c.rt, wire, translations.context(c), signal);
  const held: StreamEvent[] = [];
  try {
    for (let batch = 0; batch < MAX_LOOKAHEAD_BATCHES; batch++) {
      const events = await upstream.next();
      if (events === null) throw UpstreamFailure.invalidResponse(c.provider, 'the stream ended without an answer');
      for (const ev of events) {
        if (ev.type === 'error') throw new UpstreamFailure(c.provider, 'stream', ev.error);
        held.push(ev);
        if (ev.type === 'chunk' || ev.type === 'done') {
          upstream.unshift([...held, ...events.slice(events.indexOf(ev) + 1)]);
          return upstream;
        }
      }
    }
    throw UpstreamFailure.invalidResponse(c.provider, 'no content in the stream');
  } catch (err) {
    upstream.close();
    throw err;
  }
}

/** Relays one chat stream: upstream events → the SSE writer, settlement before the last frame. */
@Injectable()
export class ChatStreamer {
  constructor(
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyPort,
  ) {}

  async relay(trace: RequestTrace, req: ChatRequest, plan: RoutePlan, translations: Translations, channel: ClientChannel): Promise<void> {
    const { candidate, value: upstream } = await runCandidates(
      plan.candidates,
      translations.translate,
      (c, wire, signal) => openToFirstChunk(c, wire, translations, signal),
      channel.signal,
      this.metrics,
    );
    trace.provider = candidate.provider;
    const relay = new StreamRelay(trace, candidate, upstream, channel.sse(Boolean(trace.idempotencyKey)), req.stream_options?.include_usage === true, this.finisher, this.idempotency);
    try {
      await relay.pump();
    } finally {
      upstream.close();
    }
  }
}

/** One stream's state while it is relayed. */
class StreamRelay {
  private usage: Usage | null = null;
  private head: Head | null = null;
  private chars = 0;
  private delivered = false;
  /** Finish reasons seen in the chunks, collected only for a traced request. */
  private readonly finishReasons: string[] | null;

  constructor(
    private readonly trace: RequestTrace,
    private readonly candidate: Candidate,
    private readonly upstream: UpstreamStream,
    private readonly sink: SseSink,
    private readonly includeUsage: boolean,
    private readonly finisher: RequestFinisher,
    private readonly idempotency: IdempotencyPort,
  ) {
    this.finishReasons = trace.observation?.span ? [] : null;
  }

  async pump(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      let events: StreamEvent[] | null;
      try {
        events = await this.upstream.next();
      } catch (err) {
        if (err instanceof ClientGoneError) return this.clientGone();
        if (err instanceof UpstreamFailure) return this.failed(err);
        throw err;
      }
      if (events === null) return this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream ended without a finish'));
      for (const ev of events) {
        if (ev.type === 'chunk') {
          if (!(await this.forward(ev.chunk, ev.json))) return this.clientGone();
        } else if (ev.type === 'usage') {
          this.usage = ev.usage;
        } else if (ev.type === 'done') {
          return this.finish();
        } else {
          return this.failed(new UpstreamFailure(this.candidate.provider, 'stream', ev.error));
        }
      }
    }
    return this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream did not end'));
  }

  /** Write one chunk (its upstream JSON text when the mapper kept it), waiting for the socket to drain. False when the client is gone. */
  private async forward(chunk: ChatChunk, json: string | undefined): Promise<boolean> {
    this.head ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    this.chars += chunkChars(chunk);
    if (this.finishReasons) for (const choice of chunk.choices) if (choice.finish_reason) this.finishReasons.push(choice.finish_reason);
    if (!this.delivered) {
      await this.finisher.delivered(this.trace); // the reservation is durable before the client sees a byte
      this.delivered = true;
      this.trace.markFirstByte();
    }
    const flushed = json !== undefined && this.sink.writeJson ? this.sink.writeJson(json) : this.sink.write(chunk);
    if (!flushed) await this.sink.drained();
    return !this.sink.isClosed;
  }

  /** Reported usage, or an estimate (prompt estimate + generated characters) when the provider reported none. */
  private billable(): { usage: Usage; estimated: boolean } {
    if (this.usage && totalTokens(this.usage) > 0) return { usage: this.usage, estimated: false };
    return { usage: { ...ZERO_USAGE, input: this.trace.promptTokens, output: estimateTextTokens(this.chars) }, estimated: true };
  }

  private async finish(): Promise<void> {
    if (this.finishReasons) spanAnswered(this.trace, { id: this.head?.id, model: this.head?.model, finishReasons: this.finishReasons });
    const { usage, estimated } = this.billable();
    const costMicros = await this.finisher.settle(this.trace, this.candidate, usage, estimated);
    if (this.includeUsage) {
      const head = this.head ?? { id: `chatcmpl-${this.trace.requestId}`, created: Math.floor(Date.now() / 1000), model: this.trace.model };
      this.sink.write({ ...head, object: 'chat.completion.chunk', choices: [], usage: { ...toOpenAIUsage(usage), cost: microsToUsd(costMicros) } });
    }
    // stored before [DONE] goes out: a client that retries the moment its stream ended finds the key completed
    await completeIdempotency(this.idempotency, this.trace, 200, this.sink.transcript(true), 'text/event-stream; charset=utf-8');
    this.sink.done();
    this.finisher.record(this.trace, { status: 200, usage, costMicros, estimated });
  }

  /** A failure after the stream started: one error frame, no [DONE]; charged only what the provider reported. */
  private async failed(failure: UpstreamFailure): Promise<void> {
    this.candidate.rt.policy.recordFailure(failure);
    this.upstream.close();
    const reported = this.usage && totalTokens(this.usage) > 0 ? this.usage : null;
    const costMicros = reported ? await this.finisher.settle(this.trace, this.candidate, reported) : 0;
    if (!reported) await this.finisher.release(this.trace);
    const error = clientErrorFor(failure);
    // the key is free again before the error frame ends the stream: an immediate retry is not refused as in use
    await abandonIdempotency(this.idempotency, this.trace);
    this.sink.fail(error.toEnvelope());
    this.finisher.record(this.trace, { status: error.status, usage: reported ?? { ...ZERO_USAGE }, costMicros, estimated: false, errorCode: error.code, errorMessage: error.message });
  }

  /** The client left: the upstream is aborted at once; what was generated is charged (estimated when unreported). */
  private async clientGone(): Promise<void> {
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
