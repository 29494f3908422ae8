import { ZERO_USAGE, type Usage } from '../../common/index.js';
import { ClientGoneError, UpstreamFailure, UpstreamStream, clientErrorFor, type AbortLike, type RelayEvent, type RelayMapper, type WireRequest } from '../../providers/index.js';
import { estimateTextTokens } from '../chat/token.estimate.js';
import type { Candidate } from '../routing/gateway.router.js';
import type { SseSink } from './client.channel.js';
import type { IdempotencyPort } from './gateway.ports.js';
import { abandonIdempotency, completeIdempotency } from './idempotency.gate.js';
import { totalTokens, type RequestFinisher } from './request.finisher.js';
import type { RequestTrace } from './request.trace.js';
import type { StreamSurface } from './surface.js';

/** Batches without answer content tolerated before the first content frame. */
const MAX_LOOKAHEAD_BATCHES = 10_000;
/** Upstream reads per stream (a bound, far above any real answer). */
const MAX_BATCHES = 10_000_000;
/** Characters of framing (event name, JSON keys) assumed per frame when estimating generated text from frames. */
const FRAME_OVERHEAD_CHARS = 90;

/**
 * Open the upstream stream with a surface's mapper and read ahead to the first frame that carries answer content,
 * so that a failure before it (an error status, an error event after the preamble, a reset) is still retried or
 * failed over: nothing has reached the client yet.
 */
export async function openToFirstContent(c: Candidate, wire: WireRequest, mapper: () => RelayMapper, signal: AbortLike): Promise<UpstreamStream<RelayEvent>> {
  const upstream = await UpstreamStream.openWith(c.rt, wire, mapper, signal);
  const held: RelayEvent[] = [];
  try {
    for (let batch = 0; batch < MAX_LOOKAHEAD_BATCHES; batch++) {
      const events = await upstream.next();
      if (events === null) throw UpstreamFailure.invalidResponse(c.provider, 'the stream ended without an answer');
      for (let i = 0; i < events.length; i++) {
        const ev = events[i];
        if (ev.type === 'error') throw new UpstreamFailure(c.provider, 'stream', ev.error);
        held.push(ev);
        if ((ev.type === 'frame' && ev.content) || ev.type === 'done') {
          upstream.unshift([...held, ...events.slice(i + 1)]);
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

/**
 * One surface-framed stream while it is relayed (Messages today; any surface whose mapper yields RelayEvents):
 * frames → the client as they come, usage read on the way, settlement before the tail frame, one error frame in the
 * surface's envelope after a failure, and an estimate charged when the client leaves before usage was reported.
 */
export class FrameRelay {
  private usage: Usage | null = null;
  private chars = 0;
  private delivered = false;
  private readonly sink: Required<Pick<SseSink, 'writeFrame' | 'finish'>> & SseSink;

  constructor(
    private readonly trace: RequestTrace,
    private readonly candidate: Candidate,
    private readonly upstream: UpstreamStream<RelayEvent>,
    sink: SseSink,
    private readonly surface: StreamSurface,
    private readonly finisher: RequestFinisher,
    private readonly idempotency: IdempotencyPort,
  ) {
    if (!sink.writeFrame || !sink.finish) throw new Error('FrameRelay needs a sink that writes frames');
    this.sink = sink as FrameRelay['sink'];
  }

  async pump(): Promise<void> {
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        let events: RelayEvent[] | null;
        try {
          events = await this.upstream.next();
        } catch (err) {
          if (err instanceof ClientGoneError) return await this.clientGone();
          if (err instanceof UpstreamFailure) return await this.failed(err);
          throw err;
        }
        if (events === null) return await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream ended without a finish'));
        for (const ev of events) {
          if (ev.type === 'frame') {
            if (!(await this.forward(ev.text))) return await this.clientGone();
          } else if (ev.type === 'usage') {
            this.usage = ev.usage;
          } else if (ev.type === 'done') {
            return await this.finish(ev.tail);
          } else {
            return await this.failed(new UpstreamFailure(this.candidate.provider, 'stream', ev.error));
          }
        }
      }
      return await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream did not end'));
    } finally {
      this.upstream.close();
    }
  }

  private async forward(text: string): Promise<boolean> {
    this.chars += Math.max(0, text.length - FRAME_OVERHEAD_CHARS);
    if (!this.delivered) {
      await this.finisher.delivered(this.trace); // the reservation is durable before the client sees a byte
      this.delivered = true;
      this.trace.markFirstByte();
    }
    const flushed = this.sink.writeFrame(text);
    if (!flushed) await this.sink.drained();
    return !this.sink.isClosed;
  }

  /** Reported usage, or an estimate (prompt estimate + generated characters) when the provider reported none. */
  private billable(): { usage: Usage; estimated: boolean } {
    if (this.usage && totalTokens(this.usage) > 0) return { usage: this.usage, estimated: false };
    return { usage: { ...ZERO_USAGE, input: this.trace.promptTokens, output: estimateTextTokens(this.chars) }, estimated: true };
  }

  private async finish(tail: string): Promise<void> {
    const { usage, estimated } = this.billable();
    const costMicros = await this.finisher.settle(this.trace, this.candidate, usage, estimated);
    // stored before the last frame goes out: a client that retries the moment its stream ended finds the key completed
    await completeIdempotency(this.idempotency, this.trace, 200, this.sink.transcript() + tail, 'text/event-stream; charset=utf-8');
    this.sink.finish(tail);
    this.finisher.record(this.trace, { status: 200, usage, costMicros, estimated });
  }

  /** A failure after the stream started: one error frame, then the end; charged only what the provider reported. */
  private async failed(failure: UpstreamFailure): Promise<void> {
    this.candidate.rt.policy.recordFailure(failure);
    this.upstream.close();
    const reported = this.usage && totalTokens(this.usage) > 0 ? this.usage : null;
    const costMicros = reported ? await this.finisher.settle(this.trace, this.candidate, reported) : 0;
    if (!reported) await this.finisher.release(this.trace);
    const error = clientErrorFor(failure);
    await abandonIdempotency(this.idempotency, this.trace);
    this.sink.finish(this.surface.errorFrame(error));
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
