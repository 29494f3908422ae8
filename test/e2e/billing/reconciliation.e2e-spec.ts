import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingService, IdempotencyService, LedgerService, ReconciliationService, reservationFor } from '../../../src/billing/index.js';
import { RequestLogQuery, RequestLogWriter } from '../../../src/logging/index.js';
import { createPostgresDatabase, databaseTargets, type DbTarget } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { moneyToUsd } from '../../../src/common/index.js';
import { GPT_5_MINI, insertClient, rows } from './support/billing.js';

const PROMPT = 200;
const MAX_OUT = 2000;
const { reserveE10: RESERVE, estimateE10: ESTIMATE } = reservationFor(GPT_5_MINI, PROMPT, MAX_OUT);

/** Apps that share one data folder / database, as a restarted process or a second replica would. */
async function sharedStore(db: DbTarget): Promise<{ start: () => Promise<TestApp>; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-recon-'));
  const pgdb = db === 'postgres' ? await createPostgresDatabase() : null;
  return {
    start: () => startTestApp({ db, dataDir, ...(pgdb ? { databaseUrl: pgdb.url } : {}) }),
    cleanup: async () => {
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function admit(t: TestApp, clientId: string, idempotencyKey?: string) {
  return t.app.get(BillingService).admit({
    requestId: `rec_${randomUUID()}`, clientId, keyId: 'key-1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI,
    promptTokens: PROMPT, maxOutputTokens: MAX_OUT, ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const isTrue = (v: unknown) => v === true || v === 1;

describe.each(databaseTargets())('crash reconciliation on %s', (db) => {
  it('at restart: undelivered reservations are released, delivered ones charged an estimate flagged estimated, settled ones untouched', async () => {
    const store = await sharedStore(db);
    let second: TestApp | undefined;
    try {
      const first = await store.start();
      const clientId = await insertClient(first, 10_000_000_000n);
      const idem = first.app.get(IdempotencyService);
      const quiet = await admit(first, clientId, 'key-quiet');
      await idem.begin(clientId, 'key-quiet', quiet.requestId);
      const streaming = await admit(first, clientId, 'key-stream');
      await idem.begin(clientId, 'key-stream', streaming.requestId);
      first.app.get(BillingService).markDelivered(streaming);
      const done = await admit(first, clientId);
      const settled = await first.app.get(BillingService).settle(done, { input: PROMPT, cacheRead: 0, cacheWrite: 0, output: 100, reasoning: 0 });
      await waitFor(async () => isTrue((await rows<{ delivered: unknown }>(first, 'SELECT delivered FROM reservations WHERE request_id = $1', [streaming.requestId]))[0]?.delivered));
      expect(await first.app.get(LedgerService).balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - settled.costE10, reservedE10: 2n * RESERVE });
      // the process stops without settling the two open requests (as after a crash: nothing closes them on the way down)
      await first.close({ keepData: true });

      second = await store.start();
      const statuses = await rows<{ request_id: string; status: string }>(second, 'SELECT request_id, status FROM reservations WHERE client_id = $1', [clientId]);
      const statusOf = (id: string) => statuses.find((s) => s.request_id === id)?.status;
      expect(statusOf(quiet.requestId)).toBe('released');
      expect(statusOf(streaming.requestId)).toBe('settled');
      expect(statusOf(done.requestId)).toBe('settled');

      const ledger = second.app.get(LedgerService);
      const page = await ledger.list(clientId, { limit: 10 });
      const estimated = page.data.filter((e) => e.estimated);
      expect(estimated).toEqual([expect.objectContaining({ kind: 'charge', request_id: streaming.requestId, amount_usd: moneyToUsd(-ESTIMATE) })]);
      expect(page.data.filter((e) => e.request_id === quiet.requestId)).toHaveLength(0);
      expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - settled.costE10 - ESTIMATE, reservedE10: 0n });
      expect(await ledger.verify()).toEqual([]);

      // each reconciled request has a log row; the estimated one says so
      await second.app.get(RequestLogWriter).flushAll();
      const query = second.app.get(RequestLogQuery);
      expect(await query.get(streaming.requestId)).toMatchObject({ estimated: true, error_code: 'interrupted', cost_usd: moneyToUsd(ESTIMATE), client_id: clientId });
      expect(await query.get(quiet.requestId)).toMatchObject({ estimated: false, error_code: 'interrupted', cost_usd: 0 });

      // the released request's Idempotency-Key may be retried; the charged one's may not
      const idem2 = second.app.get(IdempotencyService);
      await expect(idem2.begin(clientId, 'key-quiet', 'retry-1')).resolves.toEqual({ kind: 'new' });
      await expect(idem2.begin(clientId, 'key-stream', 'retry-2')).rejects.toMatchObject({ status: 409, code: 'idempotency_key_reused' });

      // running it again (a second replica starting) changes nothing
      expect(await second.app.get(ReconciliationService).reconcileOpen()).toEqual({ released: 0, charged: 0, live: 0 });
      expect(await ledger.verify()).toEqual([]);
    } finally {
      await second?.close({ keepData: true });
      await store.cleanup();
    }
  });

  it("a second running replica never touches a live replica's open reservations, and takes them over once it is gone", async () => {
    const store = await sharedStore(db);
    let a: TestApp | undefined;
    let b: TestApp | undefined;
    try {
      a = await store.start();
      const clientId = await insertClient(a, 10_000_000_000n);
      const open = await admit(a, clientId);
      b = await store.start();
      const recon = b.app.get(ReconciliationService);
      expect(await recon.reconcileOpen()).toMatchObject({ released: 0, charged: 0, live: 1 });
      expect((await rows<{ status: string }>(b, 'SELECT status FROM reservations WHERE request_id = $1', [open.requestId]))[0].status).toBe('open');
      // the live owner can still settle normally
      const other = await admit(a, clientId);
      await a.app.get(BillingService).settle(other, { input: 10, cacheRead: 0, cacheWrite: 0, output: 10, reasoning: 0 });
      await a.close({ keepData: true });
      a = undefined;
      expect(await recon.reconcileOpen()).toMatchObject({ released: 1, charged: 0 });
      expect(await b.app.get(LedgerService).balances(clientId)).toMatchObject({ reservedE10: 0n });
      expect(await b.app.get(LedgerService).verify()).toEqual([]);
    } finally {
      await a?.close({ keepData: true });
      await b?.close({ keepData: true });
      await store.cleanup();
    }
  });

  it('concurrent reconcilers (two replicas starting together) settle each reservation exactly once', async () => {
    const store = await sharedStore(db);
    const apps: TestApp[] = [];
    try {
      const first = await store.start();
      const clientId = await insertClient(first, 100_000_000_000n);
      const admissions = [];
      for (let i = 0; i < 20; i++) admissions.push(await admit(first, clientId));
      for (const a of admissions.slice(0, 10)) first.app.get(BillingService).markDelivered(a);
      await waitFor(async () => (await rows(first, `SELECT request_id FROM reservations WHERE delivered = $1`, [db === 'postgres' ? true : 1])).length === 10);
      await first.close({ keepData: true });
      // two replicas start on the same store; each runs reconciliation at start, then both run it again at once
      apps.push(await store.start(), await store.start());
      await Promise.all(apps.map((t) => t.app.get(ReconciliationService).reconcileOpen()));
      const charges = await rows<{ request_id: string }>(apps[0], "SELECT request_id FROM ledger_entries WHERE client_id = $1 AND kind = 'charge'", [clientId]);
      expect(charges).toHaveLength(10);
      expect(new Set(charges.map((c) => c.request_id)).size).toBe(10);
      expect(await apps[0].app.get(LedgerService).balances(clientId)).toEqual({ balanceE10: 100_000_000_000n - 10n * ESTIMATE, reservedE10: 0n });
      expect(await apps[0].app.get(LedgerService).verify()).toEqual([]);
    } finally {
      for (const t of apps) await t.close({ keepData: true });
      await store.cleanup();
    }
  });
});
