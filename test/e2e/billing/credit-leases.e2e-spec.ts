import pg from 'pg';
import { BillingService, BillingInstance, LedgerService, ReconciliationService, reservationFor, type Admission } from '../../../src/billing/index.js';
import { newRequestId } from '../../../src/common/http/request-id.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { GPT_5_MINI, insertClient, rows } from './support/billing.js';

const usage = { input: 100, cacheRead: 0, cacheWrite: 0, output: 1000, reasoning: 0 };
const RESERVE = reservationFor(GPT_5_MINI, 100, 1000).reserveE10;
const DOLLARS_10 = 100_000_000_000n;

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * PostgreSQL: each replica admits against its credit lease in memory; the lease is a row counted in
 * clients.reserved_usd_e10, and an admission's journal moves its amount from the lease row to its reservation row
 * (src/billing/README.md, "PostgreSQL: credit leases").
 */
describe.each(databaseTargets().filter((db) => db === 'postgres'))('credit leases on %s', (db) => {
  let t: TestApp;
  let billing: BillingService;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await startTestApp({ db });
    billing = t.app.get(BillingService);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const admit = (clientId: string, minted = true, requestId = newRequestId()): Promise<Admission> =>
    billing.admit({ requestId, ...(minted ? { requestIdMinted: true } : {}), clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 100, maxOutputTokens: 1000 });
  const lease = async (clientId: string): Promise<bigint> =>
    BigInt((await rows<{ s: string }>(t, 'SELECT COALESCE(SUM(amount_usd_e10), 0) AS s FROM credit_leases WHERE client_id = $1', [clientId]))[0].s);
  const reservation = async (requestId: string) =>
    (await rows<{ status: string; delivered: boolean }>(t, 'SELECT status, delivered FROM reservations WHERE request_id = $1', [requestId]))[0];
  /** a client whose lease is taken: the first admission goes the awaited way and asks for one */
  async function leased(credit = DOLLARS_10): Promise<string> {
    const clientId = await insertClient(t, credit);
    await billing.settle(await admit(clientId), usage);
    await until(async () => (await lease(clientId)) > 0n);
    return clientId;
  }

  it('a lease is a hold: counted in reserved, within half of what was free, and verify() counts it', async () => {
    const clientId = await leased();
    const held = await lease(clientId);
    const books = await ledger.balances(clientId);
    expect(books!.reservedE10).toBe(held);
    expect(2n * held).toBeLessThanOrEqual(books!.balanceE10);
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('a warm admission writes nothing at once; the first byte journals it from the lease (reserved unchanged), then it settles', async () => {
    const clientId = await leased();
    const before = await lease(clientId);
    const reservedBefore = (await ledger.balances(clientId))!.reservedE10;
    const a = await admit(clientId);
    expect(await reservation(a.requestId)).toBeUndefined();
    await billing.markDelivered(a);
    expect(await reservation(a.requestId)).toMatchObject({ status: 'open' });
    expect(await lease(clientId)).toBe(before - RESERVE);
    expect((await ledger.balances(clientId))!.reservedE10).toBe(reservedBefore);
    await until(async () => (await reservation(a.requestId)).delivered === true);
    expect(await ledger.verify(clientId)).toEqual([]);
    await billing.settle(a, usage);
    expect(await reservation(a.requestId)).toMatchObject({ status: 'settled' });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('an admission never journaled goes back to the lease on release; one settled unjournaled is journaled with its charge', async () => {
    const clientId = await leased();
    const before = await lease(clientId);
    const a = await admit(clientId);
    await billing.release(a);
    expect(await reservation(a.requestId)).toBeUndefined();
    expect(await lease(clientId)).toBe(before);
    const b = await admit(clientId);
    const charged = await billing.settle(b, usage);
    expect(await reservation(b.requestId)).toMatchObject({ status: 'settled' });
    expect(await rows(t, 'SELECT id FROM ledger_entries WHERE request_id = $1', [b.requestId])).toHaveLength(1);
    expect(charged.costE10).toBeGreaterThan(0n);
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it("a client's own request id (even one in the minted shape) is checked by the database before the provider is called", async () => {
    const clientId = await leased();
    const a = await admit(clientId, false);
    expect(await reservation(a.requestId)).toMatchObject({ status: 'open' }); // the awaited admission wrote it
    await billing.settle(a, usage);
    await expect(admit(clientId, false, a.requestId)).rejects.toMatchObject({ status: 409, code: 'request_id_reused' });
  });

  it('no lease for a client low on credit: half of what is free must cover the lease', async () => {
    const clientId = await insertClient(t, 4n * RESERVE);
    await billing.settle(await admit(clientId), usage);
    await new Promise((r) => setTimeout(r, 200));
    expect(await lease(clientId)).toBe(0n);
    expect((await ledger.balances(clientId))!.reservedE10).toBe(0n);
  });

  it('too little free credit while this replica leases some: the lease goes back and the awaited admission gets it', async () => {
    const clientId = await leased();
    const { balanceE10, reservedE10 } = (await ledger.balances(clientId))!;
    // a worst case of what is free plus half the lease: (0 × 1.25 + 256) × input + max output × 20_000 (2 $/M per token)
    const maxOutput = Number((balanceE10 - reservedE10 / 2n - 640_000n) / 20_000n);
    const needed = reservationFor(GPT_5_MINI, 0, maxOutput).reserveE10;
    expect(needed).toBeGreaterThan(balanceE10 - reservedE10);
    expect(needed).toBeLessThanOrEqual(balanceE10);
    const a = await billing.admit({ requestId: newRequestId(), requestIdMinted: true, clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 0, maxOutputTokens: maxOutput });
    expect(await lease(clientId)).toBe(0n);
    await billing.release(a);
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('a negative correction can take what this replica leases', async () => {
    const clientId = await leased();
    const { balanceE10 } = (await ledger.balances(clientId))!;
    await ledger.addEntry(clientId, -balanceE10, 'correction', 'all of it');
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 0n, reservedE10: 0n });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it("a dead instance's leases are reclaimed by reconciliation; a live one's are left alone", async () => {
    const clientId = await insertClient(t, DOLLARS_10);
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const now = Date.now();
      await db.query('UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 + 3000 WHERE id = $1', [clientId]);
      await db.query('INSERT INTO credit_leases (client_id, instance_id, amount_usd_e10, expires_at, updated_at) VALUES ($1, $2, 1000, $3, $3), ($1, $4, 2000, $3, $3)',
        [clientId, 'gone-host:1:dead0000', now + 60_000, t.app.get(BillingInstance).id]);
      await t.app.get(ReconciliationService).reconcileOpen();
      expect(await lease(clientId)).toBe(2000n); // this (live) instance's lease stays
      expect((await ledger.balances(clientId))!.reservedE10).toBe(2000n);
      expect(await ledger.verify(clientId)).toEqual([]);
    } finally {
      await db.end();
    }
  });

  it('a clean stop returns every lease of the instance', async () => {
    const other = await startTestApp({ databaseUrl: t.databaseUrl });
    const clientId = await insertClient(other, DOLLARS_10);
    const b = other.app.get(BillingService);
    const a = await b.admit({ requestId: newRequestId(), requestIdMinted: true, clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 100, maxOutputTokens: 1000 });
    await b.settle(a, usage);
    await until(async () => (await lease(clientId)) > 0n);
    const warm = await b.admit({ requestId: newRequestId(), requestIdMinted: true, clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 100, maxOutputTokens: 1000 });
    await other.close({ keepData: true });
    // the unwritten admission was journaled at shutdown (its reservation stays for reconciliation), the rest returned
    expect(await lease(clientId)).toBe(0n);
    expect((await ledger.balances(clientId))!.reservedE10).toBe(RESERVE);
    expect(await reservation(warm.requestId)).toMatchObject({ status: 'open' });
    expect(await ledger.verify(clientId)).toEqual([]);
  });
});
