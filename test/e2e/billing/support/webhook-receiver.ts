import { createServer, type Server } from 'node:http';

export interface Received {
  raw: string;
  body: { id: string; type: string; created_at: string; data: Record<string, unknown> };
  headers: Record<string, string | string[] | undefined>;
  answered: number;
}

/** A webhook receiver on loopback: records every delivery (raw body and headers) and answers with scripted statuses. */
export interface Receiver {
  url: string;
  received: Received[];
  /** statuses to answer with, in order; then the default status */
  failNext(...statuses: number[]): void;
  /** the status answered once the scripted ones run out (200 unless set) */
  setDefault(status: number): void;
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const script: number[] = [];
  let fallback = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answered = script.shift() ?? fallback;
      let body: Received['body'];
      try {
        body = JSON.parse(raw) as Received['body'];
      } catch {
        body = { id: '', type: 'unparseable', created_at: '', data: {} };
      }
      received.push({ raw, body, headers: req.headers, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext: (...statuses) => script.push(...statuses),
    setDefault: (status) => {
      fallback = status;
    },
    async waitFor(predicate, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(received.map((r) => [r.body.type, r.body.data, r.answered]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
