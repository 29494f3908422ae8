import { jest } from '@jest/globals';
import { BudgetClock, LedgerService } from '../../../src/billing/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, chat, clientWithKey, gatewayYaml, ledgerOf, login, toE10 } from './support/billing.js';

// the mock answers with the fixture's usage: 1342 prompt (1152 cached) + 214 completion tokens → 504 µ$ at gpt-5-mini prices
// $0.0005043 exactly (190×0.25 + 1152×0.025 + 214×2 = 504.3 USD per 1M); micro-dollars rounded it to $0.000504
const COST_E10 = 5_043_000n;
const COST_USD = 0.0005043;

describe.each(databaseTargets())('budgets on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    t = await startTestApp({ db, yaml: gatewayYaml(mock.baseUrl) });
    admin = await login(t);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  async function keyFor(clientId: string, budget?: unknown): Promise<{ id: string; key: string }> {
    const res = await api(t, admin, 'POST', `/api/clients/${clientId}/keys`, { name: 'k', ...(budget ? { budget } : {}) });
    expect(res.status).toBe(201);
    return { id: res.body.id, key: res.body.key };
  }

  it('sets budgets on clients and keys and reads them back with this period’s spend and reset time', async () => {
    jest.spyOn(t.app.get(BudgetClock), 'now').mockReturnValue(Date.UTC(2026, 11, 9, 15, 30)); // a Wednesday
    const created = await api(t, admin, 'POST', '/api/clients', { name: 'budgeted', credit_usd: 5, budget: { limit_usd: 50, period: 'day', alert_at_pct: [80, 50] }, low_balance_usd: 1 });
    expect(created.status).toBe(201);
    expect(created.body.budget).toEqual({ limit_usd: 50, limit_usd_exact: '50', period: 'day', alert_at_pct: [50, 80], spend_usd: 0, spend_usd_exact: '0', period_resets_at: '2026-12-10T00:00:00.000Z' });
    expect(created.body.low_balance_usd).toBe(1);
    const week = await api(t, admin, 'PATCH', `/api/clients/${created.body.id}`, { budget: { limit_usd: 10, period: 'week' } });
    expect(week.body.budget).toMatchObject({ limit_usd: 10, period: 'week', alert_at_pct: [50, 80, 100], period_resets_at: '2026-12-14T00:00:00.000Z' });
    const month = await api(t, admin, 'PATCH', `/api/clients/${created.body.id}`, { budget: { limit_usd: 10, period: 'month' } });
    expect(month.body.budget.period_resets_at).toBe('2027-01-01T00:00:00.000Z');
    const total = await api(t, admin, 'PATCH', `/api/clients/${created.body.id}`, { budget: { limit_usd: 10, period: 'total' } });
    expect(total.body.budget.period_resets_at).toBeNull();
    const cleared = await api(t, admin, 'PATCH', `/api/clients/${created.body.id}`, { budget: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('budget');

    const key = await keyFor(created.body.id, { limit_usd: 1.5, period: 'month', alert_at_pct: [100] });
    const patched = await api(t, admin, 'PATCH', `/api/clients/${created.body.id}/keys/${key.id}`, { budget: { limit_usd: 2, period: 'day' } });
    expect(patched.status).toBe(200);
    expect(patched.body.budget).toEqual({ limit_usd: 2, limit_usd_exact: '2', period: 'day', alert_at_pct: [50, 80, 100], spend_usd: 0, spend_usd_exact: '0', period_resets_at: '2026-12-10T00:00:00.000Z' });
    const keys = await api(t, admin, 'GET', `/api/clients/${created.body.id}/keys`);
    expect(keys.body.data[0].budget).toMatchObject({ limit_usd: 2, period: 'day' });
  });

  it('refuses bad budgets with 400 in Nest shape', async () => {
    const { clientId } = await clientWithKey(t, admin, 1);
    const key = await keyFor(clientId);
    const bad = [
      { limit_usd: -1, period: 'day' }, { limit_usd: 5, period: 'fortnight' }, { limit_usd: 5, period: 'day', alert_at_pct: [101] },
      { limit_usd: 5, period: 'day', alert_at_pct: [0] }, { limit_usd: 'ten', period: 'day' }, { period: 'day' }, { limit_usd: 5 },
      { limit_usd: 5, period: 'day', extra: 1 }, { limit_usd: 5, period: 'day', alert_at_pct: [50.5] },
    ];
    for (const budget of bad) {
      for (const [method, path] of [['POST', '/api/clients'], ['PATCH', `/api/clients/${clientId}`], ['POST', `/api/clients/${clientId}/keys`], ['PATCH', `/api/clients/${clientId}/keys/${key.id}`]]) {
        const res = await api(t, admin, method, path, { ...(method === 'POST' && path === '/api/clients' ? { name: 'x' } : {}), budget });
        expect({ budget, path, status: res.status }).toEqual({ budget, path, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
    }
    expect((await api(t, admin, 'PATCH', `/api/clients/${clientId}`, { low_balance_usd: -1 })).status).toBe(400);
  });

  it('100 concurrent requests against a small client budget never exceed it; every success is charged once', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 10);
    expect((await api(t, admin, 'PATCH', `/api/clients/${clientId}`, { budget: { limit_usd: 0.01, period: 'day' } })).status).toBe(200);
    const before = mock.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const res = await chat(t.url, key, { max_tokens: 1000 });
        const body = (await res.json()) as { usage?: { cost: number }; error?: { code: string; type: string; message: string } };
        return { status: res.status, requestId: res.headers.get('x-request-id'), body };
      }),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 402);
    expect(ok.length + refused.length).toBe(100);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.body.error?.code === 'budget_exceeded' && a.body.error.type === 'insufficient_quota')).toBe(true);
    expect(mock.requests.length - before).toBe(ok.length);
    expect(BigInt(ok.length) * COST_E10).toBeLessThanOrEqual(100_000_000n);

    const charges = (await ledgerOf(t, admin, clientId)).filter((e) => e.kind === 'charge');
    expect(charges.map((c) => c.request_id).sort()).toEqual(ok.map((a) => a.requestId).sort());
    expect(charges.every((c) => toE10(c.amount_usd) === -COST_E10)).toBe(true);
    const client = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(toE10(client.body.budget.spend_usd)).toBe(BigInt(ok.length) * COST_E10);
    expect(await t.app.get(LedgerService).verify()).toEqual([]);
  });

  it('a key budget refuses that key only: the client’s other keys keep working', async () => {
    const { clientId, key: other } = await clientWithKey(t, admin, 10);
    const limited = await keyFor(clientId, { limit_usd: 0.001, period: 'day' });
    const refused = await chat(t.url, limited.key, { max_tokens: 1000 });
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toMatch(/This key's daily budget cannot cover this request: it may cost up to \$0\.00\d+ .*max_tokens 1000.*\$0\.001 is left until it resets at .*A max_tokens of \d+ or less would fit\./);
    const fit = Number(/A max_tokens of (\d+)/.exec(body.error.message)![1]);
    expect((await chat(t.url, limited.key, { max_tokens: fit + 1 })).status).toBe(402);
    const fitting = await chat(t.url, limited.key, { max_tokens: fit });
    expect(fitting.status).toBe(200);
    expect((await chat(t.url, other, { max_tokens: 1000 })).status).toBe(200);
    const keys = await api(t, admin, 'GET', `/api/clients/${clientId}/keys`);
    const view = keys.body.data.find((k: { id: string }) => k.id === limited.id);
    expect(toE10(view.budget.spend_usd)).toBe(COST_E10);
  });

  it('a day budget rolls over at 00:00 UTC without any job (injected clock)', async () => {
    const clock = jest.spyOn(t.app.get(BudgetClock), 'now');
    clock.mockReturnValue(Date.UTC(2026, 11, 9, 23, 59, 30));
    const { clientId, key } = await clientWithKey(t, admin, 10);
    expect((await api(t, admin, 'PATCH', `/api/clients/${clientId}`, { budget: { limit_usd: 0.0025, period: 'day' } })).status).toBe(200);
    expect((await chat(t.url, key, { max_tokens: 1000 })).status).toBe(200);
    const second = await chat(t.url, key, { max_tokens: 1000 });
    expect(second.status).toBe(402);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain('resets at 2026-12-10T00:00:00.000Z');
    let view = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(view.body.budget).toMatchObject({ spend_usd: COST_USD, period_resets_at: '2026-12-10T00:00:00.000Z' });

    clock.mockReturnValue(Date.UTC(2026, 11, 10, 0, 0, 1));
    view = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(view.body.budget).toMatchObject({ spend_usd: 0, period_resets_at: '2026-12-11T00:00:00.000Z' });
    expect((await chat(t.url, key, { max_tokens: 1000 })).status).toBe(200);
    view = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(view.body.budget.spend_usd).toBe(COST_USD);
    expect((await chat(t.url, key, { max_tokens: 1000 })).status).toBe(402);
  });

  it('credit refusals explain themselves in numbers too', async () => {
    const { key } = await clientWithKey(t, admin, 0.0003);
    const res = await chat(t.url, key, { max_tokens: 1000 });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('insufficient_quota');
    expect(body.error.message).toMatch(/^Your credit balance cannot cover this request: it may cost up to \$0\.00\d+ \(the prompt plus max_tokens 1000\), and \$0\.0003 is left\. A max_tokens of \d+ or less would fit\.$/);
    const fit = Number(/A max_tokens of (\d+)/.exec(body.error.message)![1]);
    expect((await chat(t.url, key, { max_tokens: fit })).status).not.toBe(402);
  });
});
