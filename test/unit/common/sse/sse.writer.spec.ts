import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SseWriter } from '../../../../src/common/sse/index.js';

/** A loopback server whose single handler is given to the test. */
async function serve(handler: (res: ServerResponse) => void | Promise<void>): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => void handler(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('SseWriter', () => {
  it('writes data frames with headers, then [DONE] on a clean finish', async () => {
    const { url, server } = await serve((res) => {
      const w = new SseWriter(res, { record: true });
      w.open({ 'x-request-id': 'req_1' });
      w.write({ a: 1 });
      w.write({ b: 'two' });
      w.done();
      expect(w.transcript()).toBe('data: {"a":1}\n\ndata: {"b":"two"}\n\ndata: [DONE]\n\n');
    });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe('req_1');
    expect(await res.text()).toBe('data: {"a":1}\n\ndata: {"b":"two"}\n\ndata: [DONE]\n\n');
    await close(server);
  });

  it('ends a failed stream with one error frame and no [DONE]', async () => {
    const { url, server } = await serve((res) => {
      const w = new SseWriter(res);
      w.write({ a: 1 });
      w.fail({ error: { message: 'boom', type: 'upstream_error', param: null, code: null } });
      w.done(); // ignored: the stream is over
    });
    const text = await (await fetch(url)).text();
    expect(text).toBe('data: {"a":1}\n\ndata: {"error":{"message":"boom","type":"upstream_error","param":null,"code":null}}\n\n');
    await close(server);
  });

  it('reports backpressure and resolves drained() once the client reads, or when it leaves', async () => {
    let sawBackpressure = false;
    let finished: () => void = () => undefined;
    const allWritten = new Promise<void>((resolve) => (finished = resolve));
    const big = { pad: 'x'.repeat(64 * 1024) };
    const { url, server } = await serve(async (res) => {
      const w = new SseWriter(res);
      for (let i = 0; i < 200; i++) {
        if (!w.write(big)) {
          sawBackpressure = true;
          await w.drained();
        }
        if (w.isClosed) break;
      }
      w.done();
      finished();
    });
    const res = await fetch(url);
    const reader = res.body!.getReader();
    await new Promise((r) => setTimeout(r, 100)); // let the socket buffer fill
    let bytes = 0;
    for (let i = 0; i < 10_000; i++) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    await allWritten;
    expect(sawBackpressure).toBe(true);
    expect(bytes).toBeGreaterThan(200 * 64 * 1024);
    await close(server);
  });

  it('never hangs on a client that disconnected while the buffer was full', async () => {
    let result: 'drained' | 'pending' = 'pending';
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const { url, server } = await serve(async (res) => {
      const w = new SseWriter(res);
      for (let i = 0; i < 1000 && !w.isClosed; i++) if (!w.write({ pad: 'y'.repeat(64 * 1024) })) await w.drained();
      result = 'drained';
      expect(w.isClosed).toBe(true);
      finished();
    });
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await Promise.race([done, new Promise((r) => setTimeout(r, 3000).unref())]);
    expect(result).toBe('drained');
    await close(server);
  });
});
