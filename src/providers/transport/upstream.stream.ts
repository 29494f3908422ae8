import type { Dispatcher } from 'undici';
import { AdapterError, type AdapterContext, type ProviderError, type StreamEvent, type WireRequest } from '../adapters/index.js';
import type { AbortLike } from './client-abort.js';
import type { ProviderRuntime } from '../runtime/provider.runtime.js';
import { UpstreamFailure } from '../resilience/upstream.failure.js';
import { AttemptControl } from './attempt.control.js';
import { adapterFailure, httpFailure, scrubbed, send } from './upstream.exchange.js';

/** Raw upstream text → events of a surface (the adapter's chat StreamMapper by default; a relay mapper otherwise). */
export interface EventMapper<E> {
  push(text: string): E[];
  end(): E[];
}

/**
 * An open upstream stream: raw bytes → adapter stream mapper → StreamEvents, under two deadlines: an idle one that
 * restarts on every completed line (`stream_idle_seconds`), and a progress one that restarts only on data the mapper
 * turns into events (the larger of `timeout_seconds` and `stream_idle_seconds`), so an upstream that sends nothing but
 * keep-alive comments or pings cannot hold a request open forever. Pull with `next()`; the caller's awaiting is the
 * backpressure (the socket is not read while the client's buffer drains). `close()` aborts the upstream request at once.
 */
export class UpstreamStream<E extends { type: string } = StreamEvent> {
  private readonly decoder = new TextDecoder();
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly pending: E[] = [];
  private readonly progress: NodeJS.Timeout;
  private ended = false;

  private constructor(
    readonly rt: ProviderRuntime,
    private readonly res: Dispatcher.ResponseData,
    private readonly mapper: EventMapper<E>,
    private readonly control: AttemptControl,
    /** performance.now() when the upstream's headers arrived. */
    readonly headersAt: number,
  ) {
    this.iterator = (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const seconds = Math.max(rt.def.timeout_seconds, rt.def.stream_idle_seconds);
    this.progress = setTimeout(() => control.abort('timeout', () => UpstreamFailure.timeout(rt.name, seconds, 'progress')), Math.round(seconds * 1000));
    this.progress.unref();
  }

  /** Send the request and wait for a 2xx status. Throws UpstreamFailure (HTTP error, unreachable, idle) or ClientGoneError. */
  static async open<E extends { type: string } = StreamEvent>(
    rt: ProviderRuntime,
    wire: WireRequest,
    ctx: AdapterContext,
    clientSignal: AbortLike,
    mapper?: EventMapper<E>,
  ): Promise<UpstreamStream<E>> {
    const control = new AttemptControl(clientSignal, rt.name, rt.def.stream_idle_seconds, 'stream');
    try {
      const res = await send(rt, wire, control);
      const headersAt = performance.now();
      if (res.statusCode < 200 || res.statusCode >= 300) throw await httpFailure(rt, res);
      control.refresh();
      return new UpstreamStream<E>(rt, res, mapper ?? (rt.adapter.createStreamMapper(ctx) as unknown as EventMapper<E>), control, headersAt);
    } catch (err) {
      control.dispose();
      throw control.failureFor(err);
    }
  }

  /**
   * The next batch of events (possibly empty), or null once the upstream is exhausted (the mapper's end events
   * are delivered first). Throws UpstreamFailure for a reset or idle upstream and ClientGoneError after an abort.
   */
  async next(): Promise<E[] | null> {
    if (this.pending.length) return this.pending.splice(0, this.pending.length);
    if (this.ended) return null;
    let step: IteratorResult<Buffer>;
    try {
      step = await this.iterator.next();
    } catch (err) {
      this.stop();
      throw this.control.failureFor(err);
    }
    try {
      if (step.done) {
        this.stop();
        const tail = this.decoder.decode();
        return this.scrub([...(tail ? this.mapper.push(tail) : []), ...this.mapper.end()]);
      }
      const text = this.decoder.decode(step.value, { stream: true });
      // Activity is a completed line: a byte-at-a-time drip that never forms a frame must not keep the stream alive.
      if (text.includes('\n') || text.includes('\r')) this.control.refresh();
      const events = this.mapper.push(text);
      // Progress is an event: keep-alive comments and pings keep the connection, not the request, alive.
      if (events.length > 0) this.progress.refresh();
      return this.scrub(events);
    } catch (err) {
      if (err instanceof AdapterError) {
        this.close();
        throw adapterFailure(this.rt, err);
      }
      throw err;
    }
  }

  /** Put events back to be returned by the next `next()` (after a look-ahead). */
  unshift(events: E[]): void {
    this.pending.unshift(...events);
  }

  /** Abort the upstream request now (client gone, or the gateway stops reading). Safe to call twice. */
  close(): void {
    this.control.abort('client');
    this.stop();
    this.res.body.destroy();
  }

  private stop(): void {
    this.ended = true;
    clearTimeout(this.progress);
    this.control.dispose();
  }

  private scrub(events: E[]): E[] {
    for (let i = 0; i < events.length; i++) {
      const ev = events[i] as E & { error?: ProviderError };
      if (ev.type === 'error' && ev.error) events[i] = { ...ev, error: scrubbed(this.rt, ev.error) };
    }
    return events;
  }
}

