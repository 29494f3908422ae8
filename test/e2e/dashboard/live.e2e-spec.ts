import { WebSocket } from 'ws';
import { EventBus } from '../../../src/common/index.js';
import { LiveGateway } from '../../../src/dashboard/live/live.gateway.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, clientWithKey, closeOf, login, openLive, viewerToken, waitFor, type Handshake } from './support/dashboard.js';

type Open = Extract<Handshake, { kind: 'open' }>;

function opened(h: Handshake): Open {
  if (h.kind !== 'open') throw new Error(`expected the live feed to open, got HTTP ${h.status}: ${h.body}`);
  return h;
}

async function metric(t: TestApp, line: RegExp): Promise<number | null> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const m = text.split('\n').find((l) => line.test(l));
  return m ? Number(m.split(' ').pop()) : null;
}

describe.each(databaseTargets())('live feed /ws on %s', (db) => {
  let t: TestApp;
  let upstream: MockUpstream;
  let admin: string;
  const sockets: WebSocket[] = [];
  const track = (h: Handshake): Handshake => {
    if (h.kind === 'open') sockets.push(h.ws);
    return h;
  };

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    t = await startTestApp({
      db,
      env: { GOPHERGATE_WEBSOCKET_HEARTBEAT_SECONDS: '1', GOPHERGATE_WEBSOCKET_MAX_BUFFERED_BYTES: '65536' },
      yaml: [
        'providers:',
        '  - name: mock-openai',
        '    kind: openai',
        `    base_url: ${upstream.baseUrl}`,
        '    api_key: sk-mock-key-for-live-feed-0000',
        '    pricing: { "gpt-4o-mini": { input: 0.15, output: 0.6 } }',
      ].join('\n'),
    });
    admin = await login(t);
  });

  afterEach(() => {
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  it('refuses the upgrade with 401 without a valid session', async () => {
    const none = await openLive(t);
    expect(none).toMatchObject({ kind: 'refused', status: 401 });
    if (none.kind === 'refused') expect(JSON.parse(none.body)).toMatchObject({ statusCode: 401 });
    expect(await openLive(t, { token: 'ggs_' + 'x'.repeat(43) })).toMatchObject({ kind: 'refused', status: 401 });
    expect(await openLive(t, { cookie: 'gg_session=not-a-session' })).toMatchObject({ kind: 'refused', status: 401 });
    const { key } = await clientWithKey(t, admin, 'not-a-session', 1);
    expect(await openLive(t, { token: key })).toMatchObject({ kind: 'refused', status: 401 });
  });

  it('refuses the upgrade with 403 for a foreign Origin, even with a session', async () => {
    expect(await openLive(t, { token: admin, origin: 'http://evil.example' })).toMatchObject({ kind: 'refused', status: 403 });
    const port = new URL(t.url).port;
    expect(await openLive(t, { token: admin, origin: `http://127.0.0.1:${Number(port) + 1}` })).toMatchObject({ kind: 'refused', status: 403 });
    expect(await openLive(t, { token: admin, origin: 'null' })).toMatchObject({ kind: 'refused', status: 403 });
  });

  it('answers 404 to an upgrade anywhere else', async () => {
    expect(await openLive(t, { token: admin, path: '/api/ws' })).toMatchObject({ kind: 'refused', status: 404 });
  });

  it('opens for a signed-in same-origin client (cookie or ?token=) and counts the connection', async () => {
    const byCookie = opened(track(await openLive(t, { cookie: `gg_session=${admin}` })));
    await waitFor(() => byCookie.messages.find((m) => m.type === 'hello'), 2000, 'hello');
    const byToken = opened(track(await openLive(t, { token: admin })));
    expect(t.app.get(LiveGateway).connectionCount).toBe(2);
    expect(await metric(t, /^gophergate_ws_connections /)).toBe(2);
    byToken.ws.close();
    await closeOf(byToken.ws);
    await waitFor(() => t.app.get(LiveGateway).connectionCount === 1, 2000, 'the count to drop');
  });

  it('lets a viewer watch too', async () => {
    const viewer = await viewerToken(t, admin, 'live-viewer');
    opened(track(await openLive(t, { token: viewer })));
  });

  it('relays every EventBus event as {type, data} JSON', async () => {
    const live = opened(track(await openLive(t, { token: admin })));
    const bus = t.app.get(EventBus);
    bus.publish({ type: 'provider', data: { name: 'p1', state: 'open' } });
    bus.publish({ type: 'credit', data: { client_id: 'c1', balance_usd: 12.5, balance_usd_exact: '12.5' } });
    await waitFor(() => live.messages.filter((m) => m.type !== 'hello').length >= 2, 1000, 'two events');
    expect(live.messages.filter((m) => m.type !== 'hello')).toEqual([
      { type: 'provider', data: { name: 'p1', state: 'open' } },
      { type: 'credit', data: { client_id: 'c1', balance_usd: 12.5, balance_usd_exact: '12.5' } },
    ]);
  });

  it('sends a request event within a second of a /v1 call, with model, provider, tokens and cost', async () => {
    const { key, clientId } = await clientWithKey(t, admin, 'live-client', 10);
    const live = opened(track(await openLive(t, { token: admin })));
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], max_tokens: 32 }),
      signal: AbortSignal.timeout(15_000),
    });
    const done = Date.now();
    expect(res.status).toBe(200);
    await res.text();
    const requestId = res.headers.get('x-request-id');
    const event = await waitFor(() => live.messages.find((m) => m.type === 'request' && m.data.request_id === requestId), 1000, 'the request event');
    expect(Date.now() - done).toBeLessThanOrEqual(1000);
    expect(event.data).toMatchObject({
      request_id: requestId,
      client: 'live-client',
      client_id: clientId,
      model: expect.stringContaining('gpt-4o-mini'),
      provider: 'mock-openai',
      status: 200,
      latency_ms: expect.any(Number),
    });
    expect(event.data.tokens).toBeGreaterThan(0);
    expect(event.data.cost_usd).toBeGreaterThan(0);
  });

  it('closes the socket (4401) when its session is revoked', async () => {
    const token = await login(t);
    const live = opened(track(await openLive(t, { token })));
    const closed = closeOf(live.ws);
    expect((await call(t, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    const started = Date.now();
    expect(await closed).toMatchObject({ code: 4401 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('terminates a client that stops answering pings', async () => {
    const live = opened(track(await openLive(t, { token: admin })));
    const socket = (live.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const before = (await metric(t, /^gophergate_ws_dropped_total\{reason="heartbeat"\}/)) ?? 0;
    const deadline = Date.now() + 5000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = (await metric(t, /^gophergate_ws_dropped_total\{reason="heartbeat"\}/)) ?? 0;
    }
    expect(after).toBe(before + 1);
    const closed = closeOf(live.ws);
    socket.resume();
    expect((await closed).code).toBe(1006);
  });
});

describe('live feed origins, slow clients and shutdown', () => {
  it('drops a client that does not read instead of buffering for it without bound', async () => {
    // its own app: the default 25 s heartbeat, so only the buffer limit can drop the paused client
    const t = await startTestApp({ env: { GOPHERGATE_WEBSOCKET_MAX_BUFFERED_BYTES: '65536' } });
    const admin = await login(t);
    const slow = opened(await openLive(t, { token: admin }));
    const fast = opened(await openLive(t, { token: admin }));
    try {
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const gateway = t.app.get(LiveGateway);
      const bus = t.app.get(EventBus);
      const big = 'm'.repeat(32 * 1024);
      let sent = 0;
      // at most 64 MiB in 10 s; the kernel's socket buffers fill first, then the server's own buffer passes 64 KiB
      const deadline = Date.now() + 10_000;
      while (gateway.connectionCount === 2 && sent < 2048 && Date.now() < deadline) {
        bus.publish({ type: 'request', data: { request_id: `r${sent}`, client: 'c', client_id: 'c', model: big, provider: null, status: 200, latency_ms: 1, tokens: 1, cost_usd: 0 } });
        sent += 1;
        // let both clients' sockets move (the fast one reads, the paused one does not)
        await new Promise((r) => (sent % 16 === 0 ? setTimeout(r, 1) : setImmediate(r)));
      }
      expect(gateway.connectionCount).toBe(1);
      expect(fast.ws.readyState).toBe(WebSocket.OPEN);
      expect(await metric(t, /^gophergate_ws_dropped_total\{reason="slow"\}/)).toBe(1);
      await waitFor(() => fast.messages.filter((m) => m.type === 'request').length === sent, 5000, 'the fast client to receive everything');
    } finally {
      slow.ws.terminate();
      fast.ws.terminate();
      await t.close();
    }
  });

  it('uses websocket.allowed_origins instead of the same host when configured', async () => {
    const t = await startTestApp({ env: { GOPHERGATE_WEBSOCKET_ALLOWED_ORIGINS: 'https://dash.example.com' } });
    try {
      const admin = await login(t);
      const same = await openLive(t, { token: admin });
      expect(same).toMatchObject({ kind: 'refused', status: 403 });
      const listed = opened(await openLive(t, { token: admin, origin: 'https://dash.example.com' }));
      listed.ws.terminate();
    } finally {
      await t.close();
    }
  });

  it('closes every socket with 1001 when the app shuts down', async () => {
    const t = await startTestApp();
    const admin = await login(t);
    const live = opened(await openLive(t, { token: admin }));
    const closed = closeOf(live.ws);
    const started = Date.now();
    await t.close();
    expect((await closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
