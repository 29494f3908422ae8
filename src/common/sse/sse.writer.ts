import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * The one Server-Sent Events writer: `data: <json>\n\n` frames on the raw Node response, `[DONE]` only after a
 * clean finish, one `data: {"error":…}` frame for a failure after the stream started. Backpressure is the
 * caller's: `write()` returns false when the socket buffer is full; await `drained()` before pulling more.
 * Frames written in the same turn of the event loop (one upstream read usually carries many) leave in one socket
 * write: the socket is corked at the first and uncorked on the next tick; the status line and headers go with them.
 */
export class SseWriter {
  private started = false;
  private finished = false;
  private corked = false;
  private drainWaiter: Promise<void> | null = null;
  private readonly frames: string[] | null;
  private readonly uncork = (): void => {
    this.corked = false;
    this.res.uncork();
  };

  /** `record`: keep every frame written (e.g. to store the stream for an idempotent replay). */
  constructor(
    private readonly res: ServerResponse,
    options: { record?: boolean } = {},
  ) {
    this.frames = options.record ? [] : null;
  }

  /** Every frame written so far (empty unless constructed with `record`); `withDone`: as it will read once `done()` ran. */
  transcript(withDone = false): string {
    if (!this.frames) return '';
    const text = this.frames.join('');
    return withDone && !this.finished ? text + DONE_FRAME : text;
  }

  /** Headers went out (the first byte reached the client). */
  get isOpen(): boolean {
    return this.started;
  }

  /** The client is gone or the stream was ended by us. */
  get isClosed(): boolean {
    return this.finished || this.res.destroyed || this.res.writableEnded;
  }

  /** Set the status line and SSE headers (plus `extra`, e.g. x-request-id); they leave with the first frame. Idempotent. */
  open(extra: OutgoingHttpHeaders = {}): void {
    if (this.started || this.isClosed) return;
    this.started = true;
    this.res.writeHead(200, {
      ...extra,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  }

  /** One `data: <json>` frame. False when the socket buffer is full (or the client is gone). */
  write(payload: unknown): boolean {
    if (this.isClosed) return false;
    return this.writeJson(JSON.stringify(payload));
  }

  /** One `data: <json>` frame from JSON text already serialized (one line: no raw newlines). */
  writeJson(json: string): boolean {
    if (this.isClosed) return false;
    if (!this.started) this.open();
    const frame = `data: ${json}\n\n`;
    this.frames?.push(frame);
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(this.uncork);
    }
    return this.res.write(frame);
  }

  /** One frame already in its wire form (e.g. `event: …\ndata: …\n\n` of the Messages surface), sent as is. */
  writeFrame(frame: string): boolean {
    if (this.isClosed) return false;
    if (!this.started) this.open();
    this.frames?.push(frame);
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(this.uncork);
    }
    return this.res.write(frame);
  }

  /** End the stream with a last frame in its wire form (a surface's own clean end or error frame; no `[DONE]`). */
  finish(frame: string): void {
    if (this.isClosed) return;
    if (!this.started) this.open();
    this.finished = true;
    this.frames?.push(frame);
    this.res.end(frame);
  }

  /** One named `event: <name>\ndata: <json>` frame (typed event streams such as the Responses API). */
  writeEvent(event: string, json: string): boolean {
    return this.writeFrame(`event: ${event}\ndata: ${json}\n\n`);
  }

  /** Resolves when the socket drained or the response closed; never hangs on a vanished client. */
  drained(): Promise<void> {
    if (this.isClosed || !this.res.writableNeedDrain) return Promise.resolve();
    if (!this.drainWaiter) {
      this.drainWaiter = new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          this.drainWaiter = null;
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
    return this.drainWaiter;
  }

  /** Clean finish: `data: [DONE]` and close. */
  done(): void {
    if (this.isClosed) return;
    if (!this.started) this.open();
    this.finished = true;
    this.frames?.push(DONE_FRAME);
    this.res.end(DONE_FRAME);
  }

  /** Failure after the stream started: one error frame, then close, never `[DONE]`. */
  fail(envelope: { error: Record<string, unknown> }): void {
    if (this.isClosed) return;
    if (!this.started) this.open();
    this.finished = true;
    const frame = `data: ${JSON.stringify(envelope)}\n\n`;
    this.frames?.push(frame);
    this.res.end(frame);
  }

  /** Close without a terminal frame (the client already left). */
  end(): void {
    if (this.isClosed) return;
    this.finished = true;
    this.res.end();
  }
}
