import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Behaviour, RecordedRequest, Responder, Script } from './mock.types.js';

/** Timers that never keep the test process alive on their own. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * A programmable HTTP server on a loopback port. Each request is recorded, then answered by the first matching
 * scripted behaviour (consumed FIFO) or by the default responder (the protocol's faithful answer).
 */
export class MockServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts: Array<Required<Pick<Script, 'behaviour'>> & { match?: Script['match']; left: number }> = [];
  private server: Server | null = null;
  private seq = 0;
  url = '';

  constructor(private readonly fallback: Responder) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queue behaviours for the next requests (each once unless `times` says otherwise). */
  script(...items: Array<Behaviour | Responder | Script>): this {
    for (const item of items) {
      const s: Script = typeof item === 'object' && 'behaviour' in item ? item : { behaviour: item as Behaviour | Responder };
      this.scripts.push({ behaviour: s.behaviour, match: s.match, left: s.times ?? 1 });
    }
    return this;
  }

  /** Forget scripts and recorded requests. */
  reset(): void {
    this.scripts.length = 0;
    this.requests.length = 0;
  }

  /** Requests whose path ends with `suffix`. */
  requestsTo(suffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  /** Wait (bounded) until `predicate` holds; throws on timeout. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`mock upstream: timed out waiting for ${what}`);
      await sleep(10);
    }
  }

  private pick(req: RecordedRequest): Behaviour {
    const i = this.scripts.findIndex((s) => !s.match || s.match(req));
    if (i >= 0) {
      const s = this.scripts[i];
      s.left -= 1;
      if (s.left <= 0) this.scripts.splice(i, 1);
      return typeof s.behaviour === 'function' ? s.behaviour(req) : s.behaviour;
    }
    return this.fallback(req);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://mock');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    let settle: () => void = () => undefined;
    const recorded: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody,
      body,
      receivedAt: Date.now(),
      aborted: false,
      settled: new Promise<void>((resolve) => (settle = resolve)),
    };
    this.requests.push(recorded);
    res.once('close', () => {
      if (!res.writableFinished) recorded.aborted = true;
      settle();
    });
    try {
      await this.respond(res, this.pick(recorded));
    } catch {
      if (!res.destroyed) res.destroy();
    }
  }

  private async respond(res: ServerResponse, b: Behaviour): Promise<void> {
    if (b.delayMs) await sleep(b.delayMs);
    if (res.destroyed) return;
    if (b.hang) return; // the connection stays open until the client gives up
    if (b.reset === 'before-headers') {
      res.socket?.destroy();
      return;
    }
    const status = b.status ?? 200;
    if (b.frames) {
      res.writeHead(status, { 'content-type': b.contentType ?? 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...b.headers });
      res.flushHeaders();
      for (const frame of b.frames) {
        if (res.destroyed) return;
        res.write(frame);
        if (b.dripMs) await sleep(b.dripMs);
      }
      if (b.reset === 'after-frames') {
        await sleep(5);
        res.socket?.destroy();
        return;
      }
      res.end();
      return;
    }
    const text = b.json !== undefined ? JSON.stringify(b.json) : (b.body ?? '');
    res.writeHead(status, { 'content-type': b.contentType ?? (b.json !== undefined ? 'application/json' : 'text/plain'), ...b.headers });
    res.end(text);
  }
}
