import { randomUUID } from 'node:crypto';
import { ApiError, moneyToDecimal, moneyToUsd } from '../../../src/common/index.js';
import { BillingService, LedgerService, costE10, reservationFor, type Admission } from '../../../src/billing/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { GPT_5_MINI, insertClient, rows } from './support/billing.js';

const usage = { input: 100, cacheRead: 0, cacheWrite: 0, output: 1000, reasoning: 0 };
const COST = costE10(usage, GPT_5_MINI); // 100×0.25 + 1000×2 = 2025 USD per 1M = $0.002025
const RESERVE = reservationFor(GPT_5_MINI, 100, 1000).reserveE10;

describe.each(databaseTargets())('billing service (admission, settlement, release) on %s', (db) => {
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

  const admit = (clientId: string, requestId = `req_${randomUUID()}`) =>
    billing.admit({ requestId, clientId, keyId: 'k1', model: 'gpt-5-mini', provider: 'openai', price: GPT_5_MINI, promptTokens: 100, maxOutputTokens: 1000 });

  it('100 parallel admissions+settlements on credit for only a few: never below zero, each success charged exactly once', async () => {
    // credit for exactly 3 worst-case reservations (+ a little): at most 3 requests can be in flight at any moment
    const clientId = await insertClient(t, RESERVE * 3n + 17n);
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const requestId = `par_${i}_${randomUUID()}`;
        let admission: Admission;
        try {
          admission = await admit(clientId, requestId);
        } catch (err) {
          expect(err).toBeInstanceOf(ApiError);
          expect((err as ApiError).status).toBe(402);
          return { requestId, ok: false as const };
        }
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        const settled = await billing.settle(admission, usage);
        expect(settled.costE10).toBe(COST);
        expect(settled.balanceE10).toBeGreaterThanOrEqual(0n);
        return { requestId, ok: true as const };
      }),
    );
    const succeeded = outcomes.filter((o) => o.ok).map((o) => o.requestId);
    const refused = outcomes.filter((o) => !o.ok).length;
    expect(succeeded.length).toBeGreaterThanOrEqual(3);
    expect(refused).toBeGreaterThan(0);
    expect(succeeded.length + refused).toBe(100);

    const charges = await rows<{ request_id: string; amount_usd_e10: string | number }>(t, "SELECT request_id, amount_usd_e10 FROM ledger_entries WHERE client_id = $1 AND kind = 'charge'", [clientId]);
    expect(charges.map((c) => c.request_id).sort()).toEqual([...succeeded].sort());
    expect(charges.every((c) => BigInt(c.amount_usd_e10) === -COST)).toBe(true);
    const balance = await ledger.balances(clientId);
    expect(balance).toEqual({ balanceE10: RESERVE * 3n + 17n - COST * BigInt(succeeded.length), reservedE10: 0n });
    expect(balance!.balanceE10).toBeGreaterThanOrEqual(0n);
    expect(await ledger.verify()).toEqual([]);
  });

  it('refuses with 402 insufficient_quota when the worst case does not fit, reserving nothing', async () => {
    const clientId = await insertClient(t, RESERVE - 1n);
    await expect(admit(clientId)).rejects.toMatchObject({ status: 402, code: 'insufficient_quota' });
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: RESERVE - 1n, reservedE10: 0n });
    expect(await rows(t, 'SELECT request_id FROM reservations WHERE client_id = $1', [clientId])).toHaveLength(0);
  });

  it('makes the admission durable before returning: an open reservation row holds the worst case', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    expect(a.reservedE10).toBe(RESERVE);
    const [r] = await rows<{ status: string; amount_usd_e10: unknown; delivered: unknown }>(t, 'SELECT status, amount_usd_e10, delivered FROM reservations WHERE request_id = $1', [a.requestId]);
    expect(r.status).toBe('open');
    expect(BigInt(r.amount_usd_e10 as string)).toBe(RESERVE);
    billing.markDelivered(a);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [d] = await rows<{ delivered: unknown }>(t, 'SELECT delivered FROM reservations WHERE request_id = $1', [a.requestId]);
    expect([true, 1]).toContain(d.delivered);
    await billing.release(a);
  });

  it('settling twice (even concurrently, even with other usage) charges once and returns the first result', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    const [first, second] = await Promise.all([billing.settle(a, usage), billing.settle(a, { ...usage, output: 10 })]);
    const third = await billing.settle(a, { ...usage, output: 500 });
    const costs = [first.costE10, second.costE10, third.costE10];
    expect(new Set(costs).size).toBe(1);
    const charges = await rows(t, 'SELECT id FROM ledger_entries WHERE request_id = $1', [a.requestId]);
    expect(charges).toHaveLength(1);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - costs[0], reservedE10: 0n });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('release returns the whole hold; releasing twice or after settlement changes nothing', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n, reservedE10: RESERVE });
    await billing.release(a);
    await billing.release(a);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n, reservedE10: 0n });
    const b = await admit(clientId);
    await billing.settle(b, usage);
    await billing.release(b);
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - COST, reservedE10: 0n });
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('charges the real cost when a provider reports more than the reservation, and says so in a metric', async () => {
    const clientId = await insertClient(t, 100_000_000_000n);
    const a = await admit(clientId);
    const big = { ...usage, output: 2_000_000 }; // far past max output
    const result = await billing.settle(a, big);
    expect(result.costE10).toBe(costE10(big, GPT_5_MINI));
    expect(result.costE10).toBeGreaterThan(a.reservedE10);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/gophergate_billing_overrun_total [1-9]/);
    expect(await ledger.verify(clientId)).toEqual([]);
  });

  it('a free model (price null) reserves and charges nothing, without touching the books', async () => {
    const clientId = await insertClient(t, 0n);
    const a = await billing.admit({ requestId: `free_${randomUUID()}`, clientId, keyId: 'k', model: 'llama3', provider: 'ollama', price: null, promptTokens: 50, maxOutputTokens: 100 });
    expect(a.reservedE10).toBe(0n);
    expect(await billing.settle(a, usage)).toEqual({ costE10: 0n, balanceE10: 0n });
    expect(await rows(t, 'SELECT id FROM ledger_entries WHERE client_id = $1', [clientId])).toHaveLength(0);
  });

  it('refuses a request id that was already reserved or charged (409 request_id_reused), so it can never ride on an old charge', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    const a = await admit(clientId, `dup_${randomUUID()}`);
    await expect(admit(clientId, a.requestId)).rejects.toMatchObject({ status: 409, code: 'request_id_reused' });
    await billing.settle(a, usage);
    await rows(t, 'DELETE FROM reservations WHERE request_id = $1', [a.requestId]); // as after housekeeping
    await expect(admit(clientId, a.requestId)).rejects.toMatchObject({ status: 409, code: 'request_id_reused' });
    expect(await ledger.balances(clientId)).toEqual({ balanceE10: 10_000_000_000n - COST, reservedE10: 0n });
  });

  it('refuses a deleted client', async () => {
    const clientId = await insertClient(t, 10_000_000_000n);
    await rows(t, 'UPDATE clients SET deleted_at = $1 WHERE id = $2', [Date.now(), clientId]);
    await expect(admit(clientId)).rejects.toMatchObject({ status: 402 });
  });

  it('publishes the live credit event on settlement', async () => {
    const { EventBus } = await import('../../../src/common/index.js');
    const clientId = await insertClient(t, 10_000_000_000n);
    const seen: unknown[] = [];
    const off = t.app.get(EventBus).subscribe((e) => e.type === 'credit' && seen.push(e.data));
    const a = await admit(clientId);
    await billing.settle(a, usage);
    off();
    expect(seen).toContainEqual({ client_id: clientId, balance_usd: moneyToUsd(10_000_000_000n - COST), balance_usd_exact: moneyToDecimal(10_000_000_000n - COST) });
  });
});
