import { BillingService, LedgerService, reservationFor, type Admission } from '../../../src/billing/index.js';
import { newRequestId } from '../../../src/common/http/request-id.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { GPT_5_MINI, insertClient, rows } from './support/billing.js';

const usage = { input: 100, cacheRead: 0, cacheWrite: 0, output: 1000, reasoning: 0 };
const RESERVE = reservationFor(GPT_5_MINI, 100, 1000).reserveE10;
const isTrue = (v: unknown) => v === true || v === 1;

/**
 * SQLite: the credit book admits in memory and the admission's journal (hold + reservation row) reaches the database
 * later, off the request's path — at the latest before the first byte, inside the settlement, or after a short delay.
 * These are the guarantees the gateway and crash reconciliation rely on (src/billing/README.md).
 */
describe('admission journaled after the provider call (SQLite credit book)', () => {
  let t: TestApp;
  let billing: BillingService;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await startTestApp({ db: 'sqlite' });
    billing = t.app.get(BillingService);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t?.close();
  });

  // ids as the gateway mints them (and says so): only those may skip the database's reuse check before the provider is called
  const admit = (clientId: string, requestId = newRequestId()): Promise<Admission> =>
    billing.admit({ requestId, requestIdMinted: true, clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 100, maxOutputTokens: 1000 });
  const reservation = async (requestId: string) =>
    (await rows<{ status: string; amount_usd_e10: unknown; delivered: unknown }>(t, 'SELECT status, amount_usd_e10, delivered FROM reservations WHERE request_id = $1', [requestId]))[0];

  it('holds in memory at once; the first-byte step resolves only once the reservation row is durable, marked delivered', async () => {
    const clientId = await insertClient(t, RESERVE + 100_000n);
    const a = await admit(clientId);
    expect(await reservation(a.requestId)).toBeUndefined(); // nothing written yet: the provider call is not waiting on it
    // the in-memory hold counts at once: a second worst case does not fit
    await expect(admit(clientId)).rejects.toMatchObject({ status: 402, code: 'insufficient_quota' });
    await billing.markDelivered(a);
    const r = await reservation(a.requestId);
    expect(r).toMatchObject({ status: 'open' });
    expect(BigInt(r.amount_usd_e10 as string)).toBe(RESERVE);
    expect(isTrue(r.delivered)).toBe(true);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: RESERVE + 100_000n, reservedE10: RESERVE });
    await billing.settle(a, usage);
    expect((await reservation(a.requestId)).status).toBe('settled');
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('a release before anything was written leaves nothing in the database and returns the hold', async () => {
    const clientId = await insertClient(t, RESERVE + 100_000n);
    const a = await admit(clientId);
    await billing.release(a);
    expect(await reservation(a.requestId)).toBeUndefined();
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: RESERVE + 100_000n, reservedE10: 0n });
    const b = await admit(clientId); // the whole credit is available again
    await billing.release(b);
  });

  it('a settlement before anything was written writes the journal and the charge together: charged once, nothing left open', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    const [first, second] = await Promise.all([billing.settle(a, usage), billing.settle(a, usage)]);
    expect(first.costE10).toBe(second.costE10);
    expect(await rows(t, 'SELECT id FROM ledger_entries WHERE request_id = $1', [a.requestId])).toHaveLength(1);
    expect((await reservation(a.requestId)).status).toBe('settled');
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - first.costE10, reservedE10: 0n });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('a long request is journaled shortly after admission even before its first byte (crash reconciliation finds it)', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await reservation(a.requestId)).toMatchObject({ status: 'open' });
    expect(isTrue((await reservation(a.requestId)).delivered)).toBe(false);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n, reservedE10: RESERVE });
    await billing.markDelivered(a); // already durable: resolves, and marks the row delivered
    await new Promise((r) => setTimeout(r, 50));
    expect(isTrue((await reservation(a.requestId)).delivered)).toBe(true);
    await billing.release(a);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n, reservedE10: 0n });
  });

  it('a minted request id already in flight is refused with 409 without asking the database', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    await expect(admit(clientId, a.requestId)).rejects.toMatchObject({ status: 409, code: 'request_id_reused' });
    await billing.settle(a, usage);
    await expect(admit(clientId, a.requestId)).rejects.toMatchObject({ status: 409, code: 'request_id_reused' });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('top-ups and corrections keep the book right: a correction cannot take what an unwritten admission holds', async () => {
    const clientId = await insertClient(t, RESERVE + 100_000n);
    const a = await admit(clientId); // held in memory only
    await expect(ledger.addEntry(clientId, -200_000n, 'correction', 'too much')).rejects.toMatchObject({ status: 400 });
    await ledger.addEntry(clientId, -100_000n, 'correction', 'exactly what is free');
    await expect(admit(clientId)).rejects.toMatchObject({ status: 402 });
    await ledger.addEntry(clientId, RESERVE, 'credit', 'top-up');
    const b = await admit(clientId); // the top-up is in the book at once
    await billing.settle(a, usage);
    await billing.release(b);
    expect(await ledger.balances(clientId)).toMatchObject({ reservedE10: 0n });
    expect(await ledger.verify(clientId)).toEqual([]);
  });
});
