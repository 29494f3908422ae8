import type { Socket } from 'node:net';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { freePort } from '../support/process-app.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';
import { auditBooks, booksOf, flushLogs, services } from './support/books.js';
import { LoadClient, pick, prng, settledMemory, unleashChaos, type Seen } from './support/chaos.js';
import { KINDS, ask } from './support/fault.harness.js';

/**
 * Chaos soak: many clients send mixed streaming and non-streaming traffic while every upstream fails at random
 * (error statuses, resets, hangs, malformed frames, mid-stream errors, a dead provider) and some clients walk
 * away mid-answer. Afterwards: every request settled (none hung), no socket left open, memory back near its
 * baseline, and the books exact. `npm test` runs a short form; `npm run soak` (SOAK_FULL=1) about two minutes.
 */
const FULL = process.env.SOAK_FULL === '1';
/** The full form lasts about two minutes in all (split across the database targets); the short one a few seconds each. */
const DURATION_MS = Number(process.env.SOAK_SECONDS ?? (FULL ? 110 / databaseTargets().length : 7)) * 1000;
const WORKERS = FULL ? 24 : 12;
const CLIENTS = 8;
const FAILURE_RATE = 0.3;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);
/** A request still unanswered after this is hung. */
const HUNG_MS = 20_000;
const HEAP_GROWTH_MB = FULL ? 60 : 40;

describe.each(databaseTargets())(`chaos soak (${FULL ? 'full' : 'short'}, seed ${SEED}) on %s`, (db) => {
  const mocks = new Map<string, MockUpstream>();
  let t: TestApp;
  let clients: TestClient[];
  const rand = prng(SEED);

  beforeAll(async () => {
    for (const k of KINDS) mocks.set(k.name, await startMockUpstream(k.mock));
    const models = [...KINDS.map((k) => k.model), 'dead-gpt'];
    const pricing = Object.fromEntries(models.map((m) => [m, { input: 1, output: 2 }]));
    const limits = { timeout_seconds: 1, stream_idle_seconds: 1, retry: { attempts: 2, backoff_ms: [10] }, breaker: { consecutive_failures: 6, half_open_after_seconds: 0.5 } };
    const dead = `http://127.0.0.1:${await freePort()}/v1`;
    t = await startGateway(db, {
      providers: [
        ...KINDS.map((k) => ({ name: k.name, kind: k.kind, base_url: mocks.get(k.name)!.baseUrl, ...limits, pricing })),
        { name: 'dead', kind: 'openai', base_url: dead, ...limits, pricing },
      ],
      routing: [
        ...KINDS.map((k, i) => ({ match: k.model, provider: k.name, fallback: [KINDS[(i + 1) % KINDS.length].name] })),
        { match: 'dead-gpt', provider: 'dead', fallback: ['oa'] },
      ],
    });
    const admin = await adminToken(t);
    clients = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await createClient(t, admin, { name: `soak-${i}`, credit_usd: 50, ...(i === 0 ? { rpm: 60 } : {}) }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    for (const m of mocks.values()) await m.close();
  });

  it('survives random upstream failures: every request settles, no socket left, memory near baseline, books exact', async () => {
    const models = [...KINDS.map((k) => k.model), 'dead-gpt'];
    const load = new LoadClient();
    // every connection the soak opens on the gateway, until it closes
    const sockets = new Set<Socket>();
    const track = (sock: Socket): void => {
      sockets.add(sock);
      sock.once('close', () => sockets.delete(sock));
    };
    t.app.getHttpServer().on('connection', track);
    // warm up (first requests compile code paths and fill caches), then take the baseline
    for (const c of clients) await load.chat(t.url, c.key, ask('gpt-4o', 'warm', false), false, HUNG_MS);
    const baseline = settledMemory();
    for (const k of KINDS) unleashChaos(mocks.get(k.name)!, k, rand, FAILURE_RATE);

    const seen = new Map<string, { status: number; completed: boolean }>();
    const hung: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let abandoned = 0;
    const deadline = Date.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let i = 0; i < 100_000 && Date.now() < deadline; i++) {
          const client = pick(rand, clients);
          const stream = rand() < 0.5;
          const body = { ...ask(pick(rand, models), `w${w}-${i}`, stream), max_tokens: 50 + Math.floor(rand() * 500) };
          const leave = rand() < 0.08;
          sent++;
          const r = await load.chat(t.url, client.key, body, leave, HUNG_MS);
          if (r === null) continue;
          if ('hung' in r) {
            hung.push(r.body);
            continue;
          }
          const s = r as Seen;
          statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
          if (s.abandoned) abandoned++;
          if (s.requestId && !s.abandoned) seen.set(s.requestId, { status: s.status, completed: s.completed });
        }
      }),
    );
    await load.close();

    // every request settled; the upstreams' sockets were all closed by the gateway (none left hanging)
    expect(hung).toEqual([]);
    expect(sent).toBeGreaterThan(WORKERS * 5);
    for (const [name, mock] of mocks) {
      const unsettled = new Set(mock.requests);
      for (const r of mock.requests) void r.settled.then(() => unsettled.delete(r));
      for (let i = 0; i < 50 && unsettled.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect([name, unsettled.size]).toEqual([name, 0]);
    }
    // no connection left open on the gateway once the load generator closed its pool
    for (let i = 0; i < 50 && sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
    t.app.getHttpServer().off('connection', track);
    expect([...sockets].map((sock) => `port ${sock.remotePort}: read ${sock.bytesRead} B, wrote ${sock.bytesWritten} B`)).toEqual([]);
    const inFlight = (await (await fetch(`${t.url}/metrics`)).text()).split('\n').filter((l) => l.startsWith('gophergate_provider_in_flight{') && !l.endsWith(' 0'));
    expect(inFlight).toEqual([]);

    // the books: every balance is the sum of its ledger, every success charged once, no failure charged
    await new Promise((r) => setTimeout(r, 300));
    await flushLogs(t);
    const { ds, ledger } = services(t);
    const ids = clients.map((c) => c.id);
    expect(await auditBooks(ds, ledger, ids, seen)).toEqual([]);
    const { charges, logs } = await booksOf(ds, ids);
    const successes = [...seen.values()].filter((s) => s.completed).length;
    expect(successes).toBeGreaterThan(0);
    expect([...seen.values()].filter((s) => s.status >= 500).length).toBeGreaterThan(0); // the chaos did bite
    expect(charges.size).toBeGreaterThanOrEqual(successes);
    expect(logs.size).toBeGreaterThanOrEqual(seen.size);

    // memory back near its baseline (the mocks' own records of every request are dropped first: they are the test's)
    for (const m of mocks.values()) m.reset();
    const after = settledMemory();
    expect({ heapGrowthMb: Math.max(0, after.heapMb - baseline.heapMb) <= HEAP_GROWTH_MB ? 'bounded' : `${after.heapMb - baseline.heapMb} MB` }).toEqual({ heapGrowthMb: 'bounded' });

    process.stdout.write(
      `soak ${db}: ${sent} requests in ${DURATION_MS / 1000} s (${WORKERS} workers, seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `${abandoned} abandoned, ${charges.size} charges, heap ${baseline.heapMb}→${after.heapMb} MB, rss ${baseline.rssMb}→${after.rssMb} MB\n`,
    );
  }, DURATION_MS + 120_000);
});
