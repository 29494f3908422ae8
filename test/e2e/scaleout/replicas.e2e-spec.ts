import { ConsoleLogger, Logger } from '@nestjs/common';
import pg from 'pg';
import { RateLimitStore, RedisRateLimitStore } from '../../../src/auth/index.js';
import { LiveGateway } from '../../../src/dashboard/live/live.gateway.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import { api, chat, login, newClient, openLive, replicaYaml, startReplica } from './support/replicas.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL, describeWithPostgres, within } from './support/scaleout.js';

/**
 * What the app wires today, checked once on a throwaway app: is auth's RateLimitStore the shared Redis store
 * (auth binds its Redis store when REDIS_URL is set), and is the /ws live feed served? The
 * tests that need one of them run only when it is there.
 */
async function probe(): Promise<{ sharedLimits: boolean; liveFeed: boolean }> {
  if (!TEST_DATABASE_URL || !TEST_REDIS_URL) return { sharedLimits: false, liveFeed: false };
  Logger.overrideLogger(false);
  const app = await startTestApp({ db: 'sqlite', env: { REDIS_URL: TEST_REDIS_URL } });
  const has = (fn: () => unknown) => {
    try {
      return Boolean(fn());
    } catch {
      return false;
    }
  };
  try {
    return {
      sharedLimits: has(() => (app.app.get(RateLimitStore, { strict: false }) as unknown) === app.app.get(RedisRateLimitStore, { strict: false })),
      liveFeed: has(() => app.app.get(LiveGateway, { strict: false })),
    };
  } finally {
    await app.close();
    Logger.overrideLogger(new ConsoleLogger());
  }
}
const wired = await probe();
const withSharedLimits = wired.sharedLimits ? it : it.skip;
const withLiveFeed = wired.liveFeed ? it : it.skip;

describeWithPostgres('two gateway replicas on one PostgreSQL database', () => {
  let upstream: MockUpstream;
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let a: TestApp;
  let b: TestApp;
  let adminA: string;
  let adminB: string;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    const db = await createPostgresDatabase();
    drop = db.drop;
    databaseUrl = db.url;
    const yaml = replicaYaml(upstream);
    a = await startReplica(databaseUrl, yaml, TEST_REDIS_URL);
    b = await startReplica(databaseUrl, yaml, TEST_REDIS_URL);
    adminA = await login(a);
    adminB = await login(b);
  }, 60_000);

  afterAll(async () => {
    await a?.close({ keepData: true });
    await b?.close({ keepData: true });
    await drop?.();
    await upstream?.close();
  });

  it('serves 100 concurrent requests against one small credit without overspending, charging each success exactly once', async () => {
    // What one request costs, measured on its own client.
    const calibration = await newClient(a, adminA, { name: 'calibration', credit_usd: 1 });
    const one = await chat(b, calibration.key);
    expect(one.status).toBe(200);
    const costUsd = one.body.usage.cost as number;
    expect(costUsd).toBeGreaterThan(0);

    const creditUsd = Number((costUsd * 10).toFixed(6));
    const client = await newClient(a, adminA, { name: 'small-credit', credit_usd: creditUsd });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => chat(i % 2 ? a : b, client.key)));

    const ok = answers.filter((r) => r.status === 200);
    expect(answers.filter((r) => r.status !== 200 && r.status !== 402)).toEqual([]);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(10);
    expect(answers.filter((r) => r.status === 402).length).toBe(100 - ok.length);

    // Every success is one charge with its own request id; nothing else was charged.
    const ledger = await api<{ data: Array<{ amount_usd: number; kind: string; request_id: string | null }> }>(b, 'GET', `/api/clients/${client.clientId}/ledger`, adminB);
    const charges = ledger.body.data.filter((e) => e.kind === 'charge');
    expect(charges.map((c) => c.request_id).sort()).toEqual(ok.map((r) => r.requestId).sort());
    expect(new Set(charges.map((c) => c.request_id)).size).toBe(charges.length);

    // The balance is the sum of the ledger and never below zero; no reservation is left open.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const row = (await db.query('SELECT balance_usd_e10, reserved_usd_e10 FROM clients WHERE id = $1', [client.clientId])).rows[0];
      const sum = (await db.query('SELECT COALESCE(SUM(amount_usd_e10), 0) AS s FROM ledger_entries WHERE client_id = $1', [client.clientId])).rows[0];
      expect(Number(row.balance_usd_e10)).toBeGreaterThanOrEqual(0);
      expect(Number(row.balance_usd_e10)).toBe(Number(sum.s));
      expect(Number(row.reserved_usd_e10)).toBe(0);
      const open = (await db.query(`SELECT count(*) AS n FROM reservations WHERE client_id = $1 AND status = 'open'`, [client.clientId])).rows[0];
      expect(Number(open.n)).toBe(0);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('refuses a key on replica B within a second of its revocation on replica A', async () => {
    const client = await newClient(a, adminA, { name: 'revoke-me', credit_usd: 1 });
    // B has looked the key up (and caches it for ~30 s).
    expect((await fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${client.key}` } })).status).toBe(200);
    expect((await fetch(`${a.url}/v1/models`, { headers: { authorization: `Bearer ${client.key}` } })).status).toBe(200);

    const revoked = await api(a, 'DELETE', `/api/clients/${client.clientId}/keys/${client.keyId}`, adminA);
    expect(revoked.status).toBeLessThan(300);
    const refusedAfter = await within(1_000, async () => (await fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${client.key}` } })).status === 401, 25);
    expect(refusedAfter).not.toBeNull();
    expect(refusedAfter!).toBeLessThan(1_000);
    const refused = await fetch(`${b.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' }, body: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it('refuses on B, within a second, every key of a client deleted on A', async () => {
    const client = await newClient(a, adminA, { name: 'delete-me', credit_usd: 1 });
    expect((await fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${client.key}` } })).status).toBe(200);
    expect((await api(a, 'DELETE', `/api/clients/${client.clientId}`, adminA)).status).toBeLessThan(300);
    expect(await within(1_000, async () => (await fetch(`${b.url}/v1/models`, { headers: { authorization: `Bearer ${client.key}` } })).status === 401, 25)).not.toBeNull();
  });

  it('accepts on B a session made on A, and refuses it on B once it is ended on A', async () => {
    const token = await login(a);
    const me = await api<{ username: string }>(b, 'GET', '/api/auth/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'admin' });
    expect((await api(a, 'POST', '/api/auth/logout', token)).status).toBeLessThan(300);
    expect(await within(1_000, async () => (await api(b, 'GET', '/api/auth/me', token)).status === 401, 25)).not.toBeNull();
  });

  withSharedLimits('holds a rate limit of N requests per minute across both replicas (Redis)', async () => {
    const n = 4;
    const client = await newClient(a, adminA, { name: 'limited', credit_usd: 1, rpm: n });
    const answers = [];
    for (let i = 0; i < 3 * n; i++) answers.push(await chat(i % 2 ? a : b, client.key));
    expect(answers.map((r) => r.status).filter((s) => s === 200)).toHaveLength(n);
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.map((r) => r.status)).toHaveLength(2 * n);
    expect(limited[0].body.error.code).toBe('rate_limit_exceeded');
    // And concurrently, on a fresh client.
    const burst = await newClient(b, adminB, { name: 'burst', credit_usd: 1, rpm: n });
    const concurrent = await Promise.all(Array.from({ length: 3 * n }, (_, i) => chat(i % 2 ? a : b, burst.key)));
    expect(concurrent.map((r) => r.status).filter((s) => s === 200)).toHaveLength(n);
  }, 60_000);

  withLiveFeed('shows on replica A’s live feed the requests replica B served (Redis)', async () => {
    const client = await newClient(a, adminA, { name: 'watched', credit_usd: 1 });
    const live = await openLive(a, adminA);
    try {
      const served = await chat(b, client.key);
      expect(served.status).toBe(200);
      const seen = () => live.messages.filter((m) => m.type === 'request' && m.data.request_id === served.requestId);
      expect(await within(2_000, () => seen().length > 0, 25)).not.toBeNull();
      expect(seen()[0].data).toMatchObject({ request_id: served.requestId, model: 'gpt-4o-mini', status: 200 });
      // Its credit change too, and each exactly once (no echo between the replicas).
      expect(await within(2_000, () => live.messages.some((m) => m.type === 'credit' && m.data.client_id === client.clientId), 25)).not.toBeNull();
      await new Promise((r) => setTimeout(r, 300));
      expect(seen()).toHaveLength(1);
    } finally {
      live.ws.terminate();
    }
  });
});
