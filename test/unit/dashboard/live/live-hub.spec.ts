import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { CLOSE_GOING_AWAY, CLOSE_SESSION_ENDED, LiveHub, type DropReason } from '../../../../src/dashboard/live/live-hub.js';

/** A real server-side socket and its client, on loopback. */
async function pair(server: Server, wss: WebSocketServer): Promise<{ serverSide: WebSocket; client: WebSocket; messages: unknown[] }> {
  const port = (server.address() as AddressInfo).port;
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const messages: unknown[] = [];
  client.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  return { serverSide: await serverSide, client, messages };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const closed = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));

describe('LiveHub', () => {
  let server: Server;
  let wss: WebSocketServer;
  let drops: DropReason[];
  let counts: number[];
  let hub: LiveHub;

  beforeEach(async () => {
    server = createServer();
    wss = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    drops = [];
    counts = [];
    hub = new LiveHub({ maxBufferedBytes: 64 * 1024, onDrop: (r) => drops.push(r), onCountChange: (n) => counts.push(n) });
  });

  afterEach(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends every broadcast to every open socket as JSON and counts connections', async () => {
    const a = await pair(server, wss);
    const b = await pair(server, wss);
    hub.add(a.serverSide, 's1');
    hub.add(b.serverSide, 's2');
    hub.broadcast({ type: 'credit', data: { client_id: 'c', balance_usd: 1.5 } });
    await until(() => a.messages.length === 1 && b.messages.length === 1);
    expect(a.messages[0]).toEqual({ type: 'credit', data: { client_id: 'c', balance_usd: 1.5 } });
    expect(counts).toEqual([1, 2]);
    a.client.close();
    await until(() => hub.size === 1);
    expect(counts.at(-1)).toBe(1);
  });

  it('terminates a socket that did not answer the previous ping, keeps one that did', async () => {
    const answering = await pair(server, wss);
    const silent = await pair(server, wss);
    // ws clients answer pings automatically; this one stops reading, so it never sees the ping
    hub.add(answering.serverSide, 's1');
    hub.add(silent.serverSide, 's2');
    (silent.client as unknown as { _socket: { pause(): void } })._socket.pause();
    hub.heartbeat();
    await new Promise((r) => setTimeout(r, 100));
    hub.heartbeat();
    expect(drops).toEqual(['heartbeat']);
    expect(hub.size).toBe(1);
    hub.broadcast({ type: 'provider', data: { name: 'p', state: 'open' } });
    await until(() => answering.messages.length === 1);
  });

  it('still sends a single message bigger than the limit to a client that keeps up', async () => {
    const fast = await pair(server, wss);
    hub.add(fast.serverSide, 's1');
    hub.broadcast({ type: 'request', data: { model: 'x'.repeat(100 * 1024) } });
    await until(() => fast.messages.length === 1);
    expect(drops).toEqual([]);
  });

  it('drops a client whose unsent data passed the limit instead of buffering more', async () => {
    const slow = await pair(server, wss);
    hub.add(slow.serverSide, 's1');
    // pretend more than 64 KiB is already waiting for this client
    Object.defineProperty(slow.serverSide, 'bufferedAmount', { get: () => 64 * 1024 + 1 });
    const gone = closed(slow.client);
    hub.broadcast({ type: 'request', data: { model: 'x'.repeat(8 * 1024) } });
    expect(drops).toEqual(['slow']);
    expect(hub.size).toBe(0);
    expect((await gone).code).toBe(1006);
  });

  it('closes with 4401 the sockets whose session ended, and only those', async () => {
    const kept = await pair(server, wss);
    const ended = await pair(server, wss);
    hub.add(kept.serverSide, 'live');
    hub.add(ended.serverSide, 'revoked');
    expect(hub.sessionIds().sort()).toEqual(['live', 'revoked']);
    const gone = closed(ended.client);
    expect(hub.closeEnded(new Set(['live']))).toBe(1);
    expect(await gone).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(hub.size).toBe(1);
  });

  it('closes everything with 1001 on shutdown, within the grace period', async () => {
    const a = await pair(server, wss);
    hub.add(a.serverSide, 's1');
    const gone = closed(a.client);
    await hub.closeAll(1000);
    expect((await gone).code).toBe(CLOSE_GOING_AWAY);
    expect(hub.size).toBe(0);
  });
});
