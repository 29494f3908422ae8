import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import { SseWriter } from '../../common/sse/index.js';
import { attachObservation, observationOf } from '../../common/index.js';
import { ClientAbortSignal, type AbortLike } from '../../providers/index.js';

/** What the pipeline writes SSE through (the SseWriter; a fake in unit tests). */
export interface SseSink {
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  write(payload: unknown): boolean;
  /** A frame whose JSON text is already at hand (no re-serialization). Optional: write() is used without it. */
  writeJson?(json: string): boolean;
  /** A named `event:` frame (typed event streams). Optional: only surfaces that send named events need it. */
  writeEvent?(event: string, json: string): boolean;
  drained(): Promise<void>;
  /** A frame in its wire form (surfaces with their own framing, e.g. Messages' `event:` lines). */
  writeFrame?(frame: string): boolean;
  /** End with a last frame in its wire form, no `[DONE]`. */
  finish?(frame: string): void;
  done(): void;
  fail(envelope: { error: Record<string, unknown> }): void;
  end(): void;
  transcript(withDone?: boolean): string;
}

/** The client side of one /v1 request, as the pipeline sees it. */
export interface ClientChannel {
  /** Aborts the moment the client's connection closes before the response finished. */
  readonly signal: AbortLike;
  /** A whole response (JSON unless told otherwise). */
  send(status: number, body: string, contentType?: string, headers?: Record<string, string>): void;
  /** Take over the raw response for SSE; the status line and headers go out on the first frame. */
  sse(record: boolean): SseSink;
}

/** A ClientChannel over Fastify: abort wired to the raw response's 'close', SSE through the one writer. */
export class FastifyChannel implements ClientChannel {
  private readonly controller = new ClientAbortSignal();

  constructor(private readonly reply: FastifyReply) {
    const raw = reply.raw;
    raw.once('close', () => {
      if (!raw.writableFinished) this.controller.abort();
    });
    if (raw.destroyed) this.controller.abort();
    // the candidate runner finds the request's observation (upstream time, spans) through the signal it is given
    const observation = observationOf(reply.request.raw);
    if (observation) attachObservation(this.controller, observation);
  }

  get signal(): AbortLike {
    return this.controller;
  }

  send(status: number, body: string, contentType = 'application/json; charset=utf-8', headers: Record<string, string> = {}): void {
    if (this.reply.sent || this.reply.raw.destroyed) return;
    this.reply.status(status).headers(headers).type(contentType).send(body);
  }

  sse(record: boolean): SseSink {
    const headers = this.reply.getHeaders() as OutgoingHttpHeaders;
    this.reply.hijack();
    const writer = new SseWriter(this.reply.raw, { record });
    return new LazyOpenSink(writer, headers);
  }
}

/** Opens the SSE response (with the reply's headers, e.g. x-request-id) on the first frame. */
class LazyOpenSink implements SseSink {
  constructor(
    private readonly writer: SseWriter,
    private readonly headers: OutgoingHttpHeaders,
  ) {}

  get isOpen(): boolean {
    return this.writer.isOpen;
  }
  get isClosed(): boolean {
    return this.writer.isClosed;
  }
  write(payload: unknown): boolean {
    this.writer.open(this.headers);
    return this.writer.write(payload);
  }
  writeJson(json: string): boolean {
    this.writer.open(this.headers);
    return this.writer.writeJson(json);
  }
  writeEvent(event: string, json: string): boolean {
    this.writer.open(this.headers);
    return this.writer.writeEvent(event, json);
  }
  drained(): Promise<void> {
    return this.writer.drained();
  }
  writeFrame(frame: string): boolean {
    this.writer.open(this.headers);
    return this.writer.writeFrame(frame);
  }
  finish(frame: string): void {
    this.writer.open(this.headers);
    this.writer.finish(frame);
  }
  done(): void {
    this.writer.open(this.headers);
    this.writer.done();
  }
  fail(envelope: { error: Record<string, unknown> }): void {
    this.writer.open(this.headers);
    this.writer.fail(envelope);
  }
  end(): void {
    this.writer.end();
  }
  transcript(withDone = false): string {
    return this.writer.transcript(withDone);
  }
}
