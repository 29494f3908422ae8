import { EventEmitter } from 'node:events';
import type { AbortLike } from './client-abort.js';
import { ClientGoneError, UpstreamFailure } from '../resilience/upstream.failure.js';

/**
 * The abort signal handed to undici: an EventEmitter with `aborted` and `reason`, which undici accepts in place of an
 * AbortSignal (it listens for 'abort' and rejects with `reason`). One is made per upstream attempt, and an AbortSignal
 * (an EventTarget) costs several times more to create.
 */
export class UpstreamAbort extends EventEmitter {
  aborted = false;
  private why: (() => unknown) | null = null;
  private made: unknown = undefined;

  /** The error undici rejects with; made on first read (an abort after the response completed reads none). */
  get reason(): unknown {
    if (this.why) {
      this.made = this.why();
      this.why = null;
    }
    return this.made;
  }

  abort(why: () => unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.why = why;
    this.emit('abort');
  }
}

/**
 * The abort wiring of one upstream attempt: aborted when the client goes away (its signal) or when the timer
 * fires (a total deadline for JSON calls; an idle deadline, refreshed on every chunk, for streams).
 */
export class AttemptControl {
  private readonly controller = new UpstreamAbort();
  private reason: 'client' | 'timeout' | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly onClientAbort = (): void => this.abort('client');

  constructor(
    private readonly clientSignal: AbortLike,
    private readonly provider: string,
    private readonly timeoutSeconds: number,
    private readonly mode: 'response' | 'stream',
  ) {
    this.timer = setTimeout(() => this.abort('timeout'), Math.max(1, Math.round(timeoutSeconds * 1000)));
    this.timer.unref();
    if (clientSignal.aborted) this.abort('client');
    else clientSignal.addEventListener('abort', this.onClientAbort, { once: true });
  }

  /** For undici's `signal` option: aborts the upstream request (with the reason) when the attempt is abandoned. */
  get signal(): UpstreamAbort {
    return this.controller;
  }

  /** Activity seen: restart the idle deadline. */
  refresh(): void {
    if (!this.reason) this.timer.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.clientSignal.removeEventListener('abort', this.onClientAbort);
  }

  /** Abort the upstream exchange now (e.g. the gateway gave up on it); `timeout` names another deadline than this one's. */
  abort(reason: 'client' | 'timeout', timeout?: () => UpstreamFailure): void {
    if (this.reason) return;
    this.reason = reason;
    if (timeout) this.timeoutFailure = timeout;
    clearTimeout(this.timer);
    this.controller.abort(() => (reason === 'client' ? new ClientGoneError() : this.timeoutFailure()));
  }

  private timeoutFailure = (): UpstreamFailure => UpstreamFailure.timeout(this.provider, this.timeoutSeconds, this.mode);

  /** What an error thrown by the transport means, given why (if at all) we aborted. */
  failureFor(err: unknown): Error {
    if (this.reason === 'client' || this.clientSignal.aborted) return new ClientGoneError();
    if (this.reason === 'timeout') return this.timeoutFailure();
    if (err instanceof UpstreamFailure || err instanceof ClientGoneError) return err;
    const code = (err as { code?: unknown })?.code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return UpstreamFailure.timeout(this.provider, this.timeoutSeconds, this.mode);
    return UpstreamFailure.connection(this.provider, err);
  }
}
