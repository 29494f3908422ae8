import { ZERO_USAGE, type ApiError, type Money, type Usage } from '../../common/index.js';
import { ClientGoneError, UpstreamFailure, clientErrorFor, type ProviderError, type UpstreamStream } from '../../providers/index.js';
import { estimateTextTokens } from '../chat/token.estimate.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { SseSink } from './client.channel.js';
import { totalTokens, type Exchange } from './exchange.js';

/** Upstream reads tolerated before the first content event, and per stream (bounds, far above any real answer). */
const MAX_LOOKAHEAD_BATCHES = 10_000;
const MAX_BATCHES = 10_000_000;

/**
 * Read an opened upstream stream ahead to its first content (`started`), so that a failure before anything reached
 * the client (an error status, an error event after the preamble, a reset) is still retried or failed over by the
 * candidate runner. The events read are put back for the pump.
 */
export async function openAhead<E extends { type: string }>(upstream: UpstreamStream<E>, provider: string, started: (ev: E) => boolean, failure: (ev: E) => ProviderError | null): Promise<UpstreamStream<E>> {
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

/** What a content event did: the stream goes on, the client left, or the event ended the stream (finished or failed). */
export type Step = 'next' | 'gone' | 'over';

/** The events whose meaning every stream shares (the mappers' own `usage`, `done` and `error`). */
type SharedEvent = { type: 'usage'; usage: Usage } | { type: 'done' } | { type: 'error'; error: ProviderError } | { type: 'other' };

/** How a surface's stream ends once the cost is known: what an idempotent replay stores, and the closing of the sink. */
export interface StreamEnding {
  transcript: string;
  close(): void;
}

/**
 * One stream while it is relayed to the client, on every streaming surface: upstream events → the surface's frames
 * (`handle`), the first frame after the exchange's first-byte transition, usage read on the way, settlement before the
 * surface's last frames, one failure frame in the surface's envelope after a failure (charged only what the provider
 * reported), and an estimate charged when the client leaves after content reached it.
 */
export abstract class StreamPump<E extends { type: string }> {
  protected usage: Usage | null = null;
  /** Characters of generated text seen: the estimate when the provider never reports usage. */
  protected chars = 0;

  constructor(
    protected readonly exchange: Exchange,
    protected readonly candidate: Candidate,
    protected readonly upstream: UpstreamStream<E>,
    protected readonly sink: SseSink,
  ) {}

  /** One content event of the surface's (written as its frames): 'next', 'gone' when the client left, 'over' when it ended the stream itself. */
  protected abstract content(ev: E): Promise<Step>;
  /** After settlement: the surface's last frames (they may carry the cost), and how the stream closes. `done`: the upstream's end event, when one ended it. */
  protected abstract ending(usage: Usage, costE10: Money, done: E | null): Promise<StreamEnding> | StreamEnding;
  /** A failure after the start: the one frame that tells the client (in the surface's envelope), then the stream's end. */
  protected abstract tellFailure(error: ApiError, reported: Usage | null, costE10: Money): void;

  async pump(): Promise<void> {
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        let events: E[] | null;
        try {
          events = await this.upstream.next();
        } catch (err) {
          if (err instanceof ClientGoneError) return await this.clientGone();
          if (err instanceof UpstreamFailure) return await this.failed(err);
          throw err;
        }
        if (events === null) return await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream ended without a finish'));
        if (await this.handle(events)) return;
      }
      return await this.failed(UpstreamFailure.invalidResponse(this.candidate.provider, 'the stream did not end'));
    } finally {
      this.upstream.close();
    }
  }

  /**
   * One batch of upstream events; true when the stream is over. Usage, the upstream's end and its error events mean the
   * same on every stream; the rest is the surface's content.
   */
  protected async handle(events: E[]): Promise<boolean> {
    for (const ev of events) {
      const shared = ev as unknown as SharedEvent;
      if (shared.type === 'usage') {
        this.usage = shared.usage;
        continue;
      }
      if (shared.type === 'done') {
        await this.finish(ev);
        return true;
      }
      if (shared.type === 'error') {
        await this.failed(new UpstreamFailure(this.candidate.provider, 'stream', shared.error));
        return true;
      }
      const step = await this.content(ev);
      if (step === 'next') continue;
      if (step === 'gone') await this.clientGone();
      return true;
    }
    return false;
  }

  /** Write one frame (the first only once the exchange's first-byte transition is done), waiting for the socket to drain. False when the client is gone. */
  protected async write(frame: () => boolean): Promise<boolean> {
    if (!this.exchange.delivered) await this.exchange.firstByte();
    if (!frame()) await this.sink.drained();
    return !this.sink.isClosed;
  }

  /** Reported usage, or an estimate (prompt estimate + generated characters) when the provider reported none. */
  protected billable(): { usage: Usage; estimated: boolean } {
    if (this.usage && totalTokens(this.usage) > 0) return { usage: this.usage, estimated: false };
    return { usage: { ...ZERO_USAGE, input: this.exchange.promptTokens, output: estimateTextTokens(this.chars) }, estimated: true };
  }

  /** The upstream finished: settle, the surface's last frames, the stream kept for replays before it closes, the log entry. */
  protected async finish(done: E | null = null): Promise<void> {
    const { usage, estimated } = this.billable();
    const costE10 = await this.exchange.settle(this.candidate, usage, estimated);
    const ending = await this.ending(usage, costE10, done);
    // stored before the stream closes: a client that retries the moment its stream ended finds the key completed
    await this.exchange.storeForReplay(200, ending.transcript);
    ending.close();
    this.exchange.close({ status: 200, usage, costE10, estimated });
  }

  /** A failure after the stream started: one failure frame; charged only what the provider reported. */
  protected async failed(failure: UpstreamFailure): Promise<void> {
    this.candidate.rt.policy.recordFailure(failure);
    this.upstream.close();
    const reported = this.usage && totalTokens(this.usage) > 0 ? this.usage : null;
    const costE10 = reported ? await this.exchange.settle(this.candidate, reported) : 0n;
    if (!reported) await this.exchange.release();
    const error = clientErrorFor(failure);
    // the key is free again before the failure frame ends the stream: an immediate retry is not refused as in use
    await this.exchange.abandonKey();
    this.tellFailure(error, reported, costE10);
    this.exchange.close({ status: error.status, usage: reported ?? { ...ZERO_USAGE }, costE10, estimated: false, errorCode: error.code, errorMessage: error.message });
  }

  /** The client left: the upstream is aborted at once; what was generated is charged (estimated when unreported). */
  protected async clientGone(): Promise<void> {
    this.upstream.close();
    const delivered = this.exchange.delivered;
    let costE10 = 0n;
    const { usage, estimated } = this.billable();
    if (delivered || !estimated) costE10 = await this.exchange.settle(this.candidate, usage, estimated);
    else await this.exchange.release();
    this.sink.end();
    await this.exchange.abandonKey();
    this.exchange.close({ status: 499, usage: delivered || !estimated ? usage : { ...ZERO_USAGE }, costE10, estimated, errorCode: 'client_closed', errorMessage: 'The client closed the connection.' });
  }
}
