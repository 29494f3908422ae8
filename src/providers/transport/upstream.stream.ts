import type { Dispatcher } from 'undici';
import { AdapterError, type AdapterContext, type StreamEvent, type StreamMapper, type WireRequest } from '../adapters/index.js';
import type { AbortLike } from '../gateway/client-abort.js';
import type { ProviderRuntime } from '../runtime/provider.runtime.js';
import { AttemptControl } from './attempt.control.js';
import { adapterFailure, httpFailure, scrubbed, send } from './upstream.exchange.js';

/**
 * An open upstream stream: raw bytes → adapter stream mapper → StreamEvents, under an idle deadline that
 * restarts on every chunk. Pull with `next()`; the caller's awaiting is the backpressure (the socket is not
 * read while the client's buffer drains). `close()` aborts the upstream request at once.
 */
export class UpstreamStream {
  private readonly decoder = new TextDecoder();
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly pending: StreamEvent[] = [];
  private ended = false;

  private constructor(
    readonly rt: ProviderRuntime,
    private readonly res: Dispatcher.ResponseData,
    private readonly mapper: StreamMapper,
    private readonly control: AttemptControl,
    /** performance.now() when the upstream's headers arrived. */
    readonly headersAt: number,
  ) {
    this.iterator = (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Send the request and wait for a 2xx status. Throws UpstreamFailure (HTTP error, unreachable, idle) or ClientGoneError. */
  static async open(rt: ProviderRuntime, wire: WireRequest, ctx: AdapterContext, clientSignal: AbortLike): Promise<UpstreamStream> {
    const control = new AttemptControl(clientSignal, rt.name, rt.def.stream_idle_seconds, 'stream');
    try {
      const res = await send(rt, wire, control);
      const headersAt = performance.now();
      if (res.statusCode < 200 || res.statusCode >= 300) throw await httpFailure(rt, res);
      control.refresh();
      return new UpstreamStream(rt, res, rt.adapter.createStreamMapper(ctx), control, headersAt);
    } catch (err) {
      control.dispose();
      throw control.failureFor(err);
    }
  }

  /**
   * The next batch of events (possibly empty), or null once the upstream is exhausted (the mapper's end events
   * are delivered first). Throws UpstreamFailure for a reset or idle upstream and ClientGoneError after an abort.
   */
  async next(): Promise<StreamEvent[] | null> {
    if (this.pending.length) return this.pending.splice(0, this.pending.length);
    if (this.ended) return null;
    let step: IteratorResult<Buffer>;
    try {
      step = await this.iterator.next();
    } catch (err) {
      this.ended = true;
      this.control.dispose();
      throw this.control.failureFor(err);
    }
    try {
      if (step.done) {
        this.ended = true;
        this.control.dispose();
        const tail = this.decoder.decode();
        return this.scrub([...(tail ? this.mapper.push(tail) : []), ...this.mapper.end()]);
      }
      const text = this.decoder.decode(step.value, { stream: true });
      // Activity is a completed line: a byte-at-a-time drip that never forms a frame must not keep the stream alive.
      if (text.includes('\n') || text.includes('\r')) this.control.refresh();
      return this.scrub(this.mapper.push(text));
    } catch (err) {
      if (err instanceof AdapterError) {
        this.close();
        throw adapterFailure(this.rt, err);
      }
      throw err;
    }
  }

  /** Put events back to be returned by the next `next()` (after a look-ahead). */
  unshift(events: StreamEvent[]): void {
    this.pending.unshift(...events);
  }

  /** Abort the upstream request now (client gone, or the gateway stops reading). Safe to call twice. */
  close(): void {
    this.ended = true;
    this.control.abort('client');
    this.control.dispose();
    this.res.body.destroy();
  }

  private scrub(events: StreamEvent[]): StreamEvent[] {
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev.type === 'error') events[i] = { type: 'error', error: scrubbed(this.rt, ev.error) };
    }
    return events;
  }
}

