import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { ensureBuilt, startProcessApp, type ProcessApp } from '../support/process-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createPostgresDatabase, databaseTargets } from '../support/test-database.js';
import { clientWithKey, login } from '../e2e/billing/support/billing.js';
import { booksOf, services } from './support/books.js';
import { pick, prng } from './support/chaos.js';
import { KINDS, dataFrames, defaultResponder, type KindSpec } from './support/fault.harness.js';

const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);
const WORKERS = 10;
const LOAD_BEFORE_KILL_MS = 2_500;
/** Request-log rows are written in batches every logs.flush_ms (250): a crash may lose the last ones, never a charge. */
const LOG_LOSS_WINDOW_MS = 1_500;

interface Sent {
  requestId: string;
  stream: boolean;
  /** 'done': the whole answer arrived; 'failed': an error status before any byte; 'cut': the crash cut it. */
  outcome: 'done' | 'failed' | 'cut';
  status: number;
}

/** Upstreams that are slow (so requests are in flight at the kill) and fail at random. */
function slowAndFlaky(mock: MockUpstream, k: KindSpec, rand: () => number): void {
  mock.script({
    behaviour: (req) => {
      const normal = defaultResponder(k.mock)(req);
      const r = rand();
      if (r < 0.1) return mock.error(503);
      if (r < 0.15) return { reset: 'before-headers' };
      if (r < 0.2 && normal.frames) return mock.midStreamError();
      if (normal.frames) return { ...normal, dripMs: 40 + Math.floor(rand() * 120) };
      return { ...normal, delayMs: Math.floor(rand() * 400) };
    },
    times: Number.MAX_SAFE_INTEGER,
  });
}

describe.each(databaseTargets())(`kill -9 under chaotic load, restart, reconcile (seed ${SEED}) on %s`, (db) => {
  const mocks = new Map<string, MockUpstream>();
  let dataDir: string;
  let pgdb: { url: string; drop: () => Promise<void> } | null = null;
  const procs: ProcessApp[] = [];
  let verifier: TestApp | null = null;

  beforeAll(async () => {
    ensureBuilt();
    for (const k of KINDS.slice(0, 3)) mocks.set(k.name, await startMockUpstream(k.mock));
    dataDir = mkdtempSync(join(tmpdir(), 'gg-chaos-crash-'));
    pgdb = db === 'postgres' ? await createPostgresDatabase() : null;
    const pricing = Object.fromEntries(KINDS.slice(0, 3).map((k) => [k.model, { input: 1, output: 2 }]));
    writeFileSync(
      join(dataDir, 'config.yaml'),
      JSON.stringify({
        providers: KINDS.slice(0, 3).map((k) => ({ name: k.name, kind: k.kind, base_url: mocks.get(k.name)!.baseUrl, timeout_seconds: 2, stream_idle_seconds: 2, retry: { attempts: 2, backoff_ms: [10] }, pricing })),
        routing: KINDS.slice(0, 3).map((k, i) => ({ match: k.model, provider: k.name, fallback: [KINDS[(i + 1) % 3].name] })),
      }),
    );
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await verifier?.close({ keepData: true });
    for (const m of mocks.values()) await m.close();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after the restart: balances equal their ledgers, nothing left reserved, every answered request charged exactly once, no failure charged', async () => {
    const rand = prng(SEED);
    const env = { GOPHERGATE_CONFIG: join(dataDir, 'config.yaml'), LOG_LEVEL: 'warn', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
    const first = await startProcessApp(env, { dataDir });
    procs.push(first);
    const admin = await login(first);
    const clients: Array<{ clientId: string; key: string }> = [];
    for (let i = 0; i < 4; i++) clients.push(await clientWithKey(first, admin, 20));
    for (const k of KINDS.slice(0, 3)) slowAndFlaky(mocks.get(k.name)!, k, rand);

    const sent: Sent[] = [];
    let stop = false;
    const one = async (): Promise<void> => {
      const client = pick(rand, clients);
      const stream = rand() < 0.6;
      const requestId = `crash-${randomUUID()}`;
      const record: Sent = { requestId, stream, outcome: 'cut', status: 0 };
      sent.push(record);
      try {
        const res = await fetch(`${first.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify({ model: pick(rand, KINDS.slice(0, 3)).model, stream, max_tokens: 300, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] }),
          signal: AbortSignal.timeout(30_000),
        });
        record.status = res.status;
        const text = await res.text();
        if (res.status !== 200) record.outcome = 'failed';
        else if (!stream || dataFrames(text).at(-1) === '[DONE]') record.outcome = 'done';
      } catch {
        // the crash cut it (record stays 'cut')
      }
    };
    const workers = Array.from({ length: WORKERS }, async () => {
      for (let i = 0; i < 10_000 && !stop; i++) await one();
    });
    await new Promise((r) => setTimeout(r, LOAD_BEFORE_KILL_MS));
    const inFlightAtKill = sent.filter((s) => s.status === 0 || (s.stream && s.outcome === 'cut')).length;
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    stop = true;
    expect((await first.exited).signal).toBe('SIGKILL');
    await Promise.all(workers);
    expect(inFlightAtKill).toBeGreaterThan(0);

    // restart on the same data: reconciliation runs at start
    const second = await startProcessApp(env, { dataDir });
    procs.push(second);
    await login(second);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // inspect the books in-process, on the same database
    verifier = await startTestApp({ dataDir, databaseUrl: pgdb?.url, env: { GOPHERGATE_CONFIG: join(dataDir, 'config.yaml') } });
    const { ds, ledger } = services(verifier);
    const ids = clients.map((c) => c.clientId);
    expect(await ledger.verify()).toEqual([]);
    const { charges, logs, openReservations } = await booksOf(ds, ids);
    expect(openReservations).toBe(0);
    const byId = new Map(sent.map((s) => [s.requestId, s]));
    const problems: string[] = [];
    for (const s of sent) {
      const charge = charges.get(s.requestId);
      if (s.outcome === 'done' && (!charge || charge.estimated)) problems.push(`${s.requestId} was answered in full but ${charge ? 'charged an estimate' : 'not charged'}`);
      if (s.outcome === 'failed' && charge) problems.push(`${s.requestId} failed with ${s.status} before any byte but was charged ${charge.amountE10} (1e-10 USD)`);
    }
    for (const [id, charge] of charges) {
      if (!byId.has(id)) problems.push(`charge for unknown request ${id}`);
      const log = logs.get(id);
      const chargedAt = Number((await ds.query(ds.options.type === 'postgres' ? 'SELECT created_at FROM ledger_entries WHERE request_id = $1' : 'SELECT created_at FROM ledger_entries WHERE request_id = ?', [id]))[0]?.created_at);
      if (!log && chargedAt < killedAt - LOG_LOSS_WINDOW_MS) problems.push(`charge ${id} (${new Date(chargedAt).toISOString()}) has no request log, long before the crash`);
      if (log && log.costE10 !== charge.amountE10) problems.push(`charge ${id} is ${charge.amountE10} (1e-10 USD) but its log says ${log.costE10}`);
    }
    expect(problems).toEqual([]);
    const done = sent.filter((s) => s.outcome === 'done').length;
    expect(done).toBeGreaterThan(5);
    process.stdout.write(`crash ${db}: ${sent.length} requests, ${done} answered, ${sent.filter((s) => s.outcome === 'failed').length} failed, ${sent.filter((s) => s.outcome === 'cut').length} cut by the kill, ${charges.size} charges (${[...charges.values()].filter((c) => c.estimated).length} estimated), ${[...charges.keys()].filter((id) => !logs.has(id)).length} charges whose log row died with the process\n`);
  }, 180_000);
});
