import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { openaiResponder } from '../../support/mock-upstreams/openai.mock.js';
import { ensureBuilt, startProcessApp, type ProcessApp } from '../../support/process-app.js';
import { createPostgresDatabase, databaseTargets } from '../../support/test-database.js';
import { api, chat, clientWithKey, gatewayYaml, ledgerOf, login, toE10 } from './support/billing.js';

const ANSWERED = 12;
const IN_FLIGHT_STREAMS = 4;
const IN_FLIGHT_WAITING = 3;
// $0.0005043 exactly (190×0.25 + 1152×0.025 + 214×2 = 504.3 USD per 1M); micro-dollars rounded it to $0.000504
const COST_E10 = 5_043_000n;

async function openReservations(dataDir: string, databaseUrl: string | undefined): Promise<{ open: number; reserved: number }> {
  const sqlText = "SELECT (SELECT COUNT(*) FROM reservations WHERE status = 'open') AS open, (SELECT COALESCE(SUM(reserved_usd_e10), 0) FROM clients) AS reserved";
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const r = (await client.query(sqlText)).rows[0];
      return { open: Number(r.open), reserved: Number(r.reserved) };
    } finally {
      await client.end();
    }
  }
  const db = new Database(join(dataDir, 'gophergate.db'), { readonly: true });
  try {
    const r = db.prepare(sqlText).get() as { open: number; reserved: number };
    return { open: Number(r.open), reserved: Number(r.reserved) };
  } finally {
    db.close();
  }
}

describe.each(databaseTargets())('kill -9 during load on %s', (db) => {
  let mock: MockUpstream;
  let dataDir: string;
  let pgdb: { url: string; drop: () => Promise<void> } | null = null;
  const procs: ProcessApp[] = [];

  beforeAll(async () => {
    ensureBuilt();
    mock = await startMockUpstream('openai');
    dataDir = mkdtempSync(join(tmpdir(), 'gg-crash-'));
    pgdb = db === 'postgres' ? await createPostgresDatabase() : null;
    writeFileSync(join(dataDir, 'config.yaml'), gatewayYaml(mock.baseUrl));
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await mock?.close();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a restart every answered request is charged exactly once, interrupted ones by estimate or not at all', async () => {
    const env = { GOPHERGATE_CONFIG: join(dataDir, 'config.yaml'), ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
    const first = await startProcessApp(env, { dataDir });
    procs.push(first);
    const admin = await login(first);
    const { clientId, key } = await clientWithKey(first, admin, 10);

    // N answered requests
    const answered: string[] = [];
    await Promise.all(
      Array.from({ length: ANSWERED }, async () => {
        const res = await chat(first.url, key, { max_tokens: 1000 });
        expect(res.status).toBe(200);
        await res.text();
        answered.push(res.headers.get('x-request-id')!);
      }),
    );

    // M in flight: streams that already sent bytes to the client, and requests still waiting for the upstream
    const respond = openaiResponder();
    mock.script({ behaviour: (req) => ({ ...respond(req), dripMs: 2_000 }), match: (req) => req.body?.stream === true, times: IN_FLIGHT_STREAMS });
    mock.script({ behaviour: { hang: true }, match: (req) => req.body?.stream !== true, times: IN_FLIGHT_WAITING });
    const streaming = await Promise.all(
      Array.from({ length: IN_FLIGHT_STREAMS }, async () => {
        const res = await chat(first.url, key, { stream: true, max_tokens: 1000 });
        const reader = res.body!.getReader();
        await reader.read(); // the first bytes reached us
        return { requestId: res.headers.get('x-request-id')!, reader };
      }),
    );
    const waiting = Array.from({ length: IN_FLIGHT_WAITING }, () => chat(first.url, key, { max_tokens: 1000 }).catch(() => null));
    await mock.waitFor(() => mock.requests.filter((r) => r.body?.stream !== true).length >= ANSWERED + IN_FLIGHT_WAITING, 5000, 'waiting requests reached the upstream');
    await new Promise((r) => setTimeout(r, 300));

    // one more answered just before the kill: its charge is committed, its log line is likely still queued
    const last = await chat(first.url, key, { max_tokens: 1000 });
    expect(last.status).toBe(200);
    await last.text();
    answered.push(last.headers.get('x-request-id')!);

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    for (const s of streaming) await s.reader.cancel().catch(() => undefined);
    await Promise.all(waiting);

    const second = await startProcessApp(env, { dataDir });
    procs.push(second);
    const admin2 = await login(second);
    const ledger = await ledgerOf(second, admin2, clientId);
    const charges = ledger.filter((e) => e.kind === 'charge');
    const ids = charges.map((c) => c.request_id);
    expect(new Set(ids).size).toBe(ids.length); // no request id charged twice
    for (const id of answered) {
      const mine = charges.filter((c) => c.request_id === id);
      expect(mine).toHaveLength(1);
      expect(toE10(mine[0].amount_usd)).toBe(-COST_E10);
      expect(mine[0].estimated).toBe(false);
    }
    for (const s of streaming) {
      const mine = charges.filter((c) => c.request_id === s.requestId);
      expect(mine).toHaveLength(1); // delivered before the crash → charged an estimate
      expect(mine[0].estimated).toBe(true);
    }
    expect(charges).toHaveLength(ANSWERED + 1 + IN_FLIGHT_STREAMS); // the requests still waiting upstream were released

    // every charged request has its request-log line, rebuilt from the charge when the crash lost it
    for (const id of answered) {
      const log = await api(second, admin2, 'GET', `/api/logs/${id}`);
      expect(log.status).toBe(200);
      expect(log.body).toMatchObject({ request_id: id, status: 200, cost_usd: expect.any(Number) });
      expect(toE10(log.body.cost_usd)).toBe(COST_E10);
    }

    const client = await api(second, admin2, 'GET', `/api/clients/${clientId}`);
    expect(toE10(client.body.balance_usd)).toBe(ledger.reduce((s, e) => s + toE10(e.amount_usd), 0n));
    expect(await openReservations(dataDir, pgdb?.url)).toEqual({ open: 0, reserved: 0 });

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
