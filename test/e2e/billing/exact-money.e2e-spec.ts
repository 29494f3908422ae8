import { randomUUID } from 'node:crypto';
import { BillingService, LedgerService, costE10 } from '../../../src/billing/index.js';
import { moneyToDecimal, usdToMoney, type Price } from '../../../src/common/index.js';
import { RequestLogWriter } from '../../../src/logging/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, chat, clientWithKey, gatewayYaml, insertClient, login, rows } from './support/billing.js';

// gemini-2.5-pro's catalog price (USD per 1M tokens), served here by an OpenAI-protocol mock with that pricing
const PRO_PRICING = '    pricing: { "gemini-2.5-pro": { input: 1.25, output: 10 }, "text-embedding-3-small": { input: 0.02, output: 0 } }';

describe.each(databaseTargets())('exact money on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    const yaml = gatewayYaml(mock.baseUrl).replace(/ {4}pricing: .*/, PRO_PRICING) + '\nrouting:\n  - { match: "*", provider: openai }';
    t = await startTestApp({ db, yaml });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  it('golden: gemini-2.5-pro with 21 prompt and 9 completion tokens is charged exactly $0.00011625 (usage.cost, ledger, log)', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    mock.script({
      json: {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gemini-2.5-pro',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
      },
    });
    const res = await chat(t.url, key, { model: 'gemini-2.5-pro', max_tokens: 50 });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id')!;
    expect(((await res.json()) as { usage: { cost: number } }).usage.cost).toBe(0.00011625);
    const ledger = await api(t, admin, 'GET', `/api/clients/${clientId}/ledger`);
    expect(ledger.body.data.find((e: { request_id: string }) => e.request_id === requestId)).toMatchObject({ amount_usd: -0.00011625, amount_usd_exact: '-0.00011625' });
    await t.app.get(RequestLogWriter).flushAll();
    expect((await api(t, admin, 'GET', `/api/logs/${requestId}`)).body).toMatchObject({ cost_usd: 0.00011625 });
    const client = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(client.body).toMatchObject({ balance_usd: 0.99988375, balance_usd_exact: '0.99988375' });
  });

  it('golden: a 20-token embedding at $0.02 per 1M tokens is charged $0.0000004, not 0', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    const res = await fetch(`${t.url}/v1/embeddings`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x'.repeat(80) }), // the mock counts 80 chars as 20 tokens
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { usage: { prompt_tokens: number; cost: number } };
    expect(body.usage).toMatchObject({ prompt_tokens: 20, cost: 0.0000004 });
    const charges = await rows<{ amount_usd_e10: unknown }>(t, "SELECT amount_usd_e10 FROM ledger_entries WHERE client_id = $1 AND kind = 'charge'", [clientId]);
    expect(charges.map((c) => String(c.amount_usd_e10))).toEqual(['-4000']);
  });

  it('a balance above $100M round-trips exactly: POST credit → GET client → ledger', async () => {
    const { clientId } = await clientWithKey(t, admin, 1_000_000);
    // 100 more top-ups of $1M (the most one entry may add) and one of $0.0123456789: $101,000,000.0123456789
    for (let i = 0; i < 100; i++) expect((await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: 1_000_000 })).status).toBe(201);
    const last = await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: 0.0123456789, note: 'cents' });
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ amount_usd: 0.0123456789, amount_usd_exact: '0.0123456789', balance_usd_exact: '101000000.0123456789' });
    const client = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(client.body.balance_usd_exact).toBe('101000000.0123456789');
    // the number is the nearest double (not the exact value, which needs 19 digits): the string carries it
    expect(client.body.balance_usd).toBe(Number('101000000.0123456789'));
    const ledger = await api(t, admin, 'GET', `/api/clients/${clientId}/ledger?limit=1000`);
    const sum = ledger.body.data.reduce((s: bigint, e: { amount_usd_exact: string }) => s + usdToMoney(e.amount_usd_exact), 0n);
    expect(moneyToDecimal(sum)).toBe('101000000.0123456789');
    expect(await t.app.get(LedgerService).verify(clientId)).toEqual([]);
    // more decimals than the unit holds: a clear 400 in Nest's shape, nothing booked
    const tooFine = await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: 0.00000000001 });
    expect(tooFine.status).toBe(400);
    expect(tooFine.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: ['amount_usd must have at most 10 decimals'] });
  });

  it('golden: the ledger of 10,000 tiny requests sums to their exact total', async () => {
    // 10,000 charges of 7 input tokens at $0.02/1M ($0.00000014 each; micro-dollars charged each 0): exactly $0.0014
    const price: Price = { input: 0.02, output: 0 };
    const usage = { input: 7, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
    expect(moneyToDecimal(costE10(usage, price))).toBe('0.00000014');
    const clientId = await insertClient(t, 10_000_000_000n); // $1
    const billing = t.app.get(BillingService);
    const started = Date.now();
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 100 }, () => billing.charge(`tiny_${randomUUID()}`, clientId, costE10(usage, price), false, null)));
    }
    expect(Date.now() - started).toBeLessThan(50_000); // a bound on the loop (about 7 s on PostgreSQL alone, 23 s under a full parallel run)
    const [total] = await rows<{ n: unknown; s: unknown }>(t, "SELECT COUNT(*) AS n, CAST(SUM(amount_usd_e10) AS TEXT) AS s FROM ledger_entries WHERE client_id = $1 AND kind = 'charge'", [clientId]);
    expect(Number(total.n)).toBe(10_000);
    expect(moneyToDecimal(BigInt(String(total.s)))).toBe('-0.0014');
    const client = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    expect(client.body).toMatchObject({ balance_usd: 0.9986, balance_usd_exact: '0.9986' });
    expect(await t.app.get(LedgerService).verify(clientId)).toEqual([]);
  }, 60_000);
});
