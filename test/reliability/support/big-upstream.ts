import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, pipeline } from 'node:stream';

export type BigShape =
  /** One non-streaming chat completion whose content is `bytes` long. */
  | 'json'
  /** A stream of ordinary chunks adding up to `bytes`, then a finish and [DONE]. */
  | 'frames'
  /** A stream whose first `data:` line is `bytes` long and never ends. */
  | 'one-line'
  /** Ollama-style NDJSON: one line `bytes` long. */
  | 'ndjson-line';

export interface BigServer {
  url: string;
  /** Bytes of body written to the socket per request, and whether the response finished. */
  sent: Array<{ bytes: number; finished: boolean; closed: Promise<void> }>;
  close(): Promise<void>;
}

const PIECE = 64 * 1024;

function* bodyParts(shape: BigShape, bytes: number): Generator<Buffer> {
  const a = Buffer.alloc(PIECE, 'a');
  if (shape === 'json') {
    yield Buffer.from('{"id":"chatcmpl-big","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"');
    for (let n = 0; n < bytes; n += PIECE) yield a;
    yield Buffer.from('"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}');
  } else if (shape === 'frames') {
    const frame = Buffer.from(`data: ${JSON.stringify({ id: 'chatcmpl-big', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'a'.repeat(PIECE - 200) }, finish_reason: null }] })}\n\n`);
    for (let n = 0; n < bytes; n += frame.length) yield frame;
    yield Buffer.from(`data: ${JSON.stringify({ id: 'chatcmpl-big', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
  } else if (shape === 'one-line') {
    yield Buffer.from('data: {"id":"chatcmpl-big","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"');
    for (let n = 0; n < bytes; n += PIECE) yield a;
  } else {
    yield Buffer.from('{"model":"m","message":{"role":"assistant","content":"');
    for (let n = 0; n < bytes; n += PIECE) yield a;
  }
}

/**
 * An upstream that answers every POST with a very large body, written with backpressure (so the test process
 * itself never holds it in memory) and counted, to tell whether the gateway read it all or hung up early.
 */
export async function startBigUpstream(shape: () => BigShape, bytes: number): Promise<BigServer> {
  const sent: BigServer['sent'] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const s = shape();
      const record = { bytes: 0, finished: false, closed: Promise.resolve() };
      record.closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
      sent.push(record);
      res.writeHead(200, { 'content-type': s === 'json' ? 'application/json' : s === 'ndjson-line' ? 'application/x-ndjson' : 'text/event-stream' });
      const source = Readable.from(
        (function* () {
          for (const part of bodyParts(s, bytes)) {
            record.bytes += part.length;
            yield part;
          }
        })(),
      );
      pipeline(source, res, (err) => {
        record.finished = !err;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Peak growth while `work` runs (sampled every 10 ms): RSS, and heap + ArrayBuffers (what the process actually
 * holds: RSS also keeps pages already freed).
 */
export async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ value: T; growthMb: number; heldMb: number }> {
  const held = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseRss = process.memoryUsage().rss;
  const baseHeld = held();
  let peakRss = baseRss;
  let peakHeld = baseHeld;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakHeld = Math.max(peakHeld, held());
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await work();
    sample();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    return { value, growthMb: mb(peakRss - baseRss), heldMb: mb(peakHeld - baseHeld) };
  } finally {
    clearInterval(timer);
  }
}
