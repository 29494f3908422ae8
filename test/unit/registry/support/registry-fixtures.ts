import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A models.dev-shaped document with `count` models named `<generation>-<i>` at one price (USD per 1M tokens). */
export function makeDoc(generation: string, count: number, price: { input: number; output: number; cache_read?: number }): Record<string, unknown> {
  const models: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const id = `${generation}-${i}`;
    models[id] = { id, name: `Model ${id}`, attachment: false, reasoning: false, tool_call: true, limit: { context: 1000 + i, output: 100 + i }, cost: price };
  }
  return { openai: { id: 'openai', env: ['OPENAI_API_KEY'], npm: '@ai-sdk/openai', name: 'OpenAI', doc: 'https://platform.openai.com/docs/models', models } };
}

export type Responder = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export const respond = {
  json: (body: unknown): Responder => (_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  },
  status: (code: number, body = 'upstream trouble'): Responder => (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain' }).end(body);
  },
  /** Never answers (the socket is destroyed when the server closes). */
  hang: (): Responder => () => undefined,
  /** Sends the headers and part of the body, then stalls. */
  stallBody: (): Responder => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"openai": {"models": {');
  },
  delayed: (ms: number, body: unknown): Responder => (req, res, hit) => {
    const timer = setTimeout(() => respond.json(body)(req, res, hit), ms);
    res.on('close', () => clearTimeout(timer));
  },
};

/** A registry stand-in on 127.0.0.1 whose answer the test changes as it goes. */
export class DocServer {
  hits = 0;
  responder: Responder = respond.status(503);
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  private constructor() {
    this.server = createServer((req, res) => {
      this.hits += 1;
      this.responder(req, res, this.hits);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(responder?: Responder): Promise<DocServer> {
    const s = new DocServer();
    if (responder) s.responder = responder;
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    const address = s.server.address();
    s.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api.json`;
    return s;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Poll `check` until it is true, every 25 ms, for at most `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
