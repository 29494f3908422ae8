import { LedgerService } from '../../../src/billing/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { openaiResponder } from '../../support/mock-upstreams/openai.mock.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, chat, clientWithKey, gatewayYaml, ledgerOf, login, rows, toE10 } from './support/billing.js';

// the mock answers with the fixture's usage: 1342 prompt (1152 cached) + 214 completion tokens → 504 micros at gpt-5-mini prices
// $0.0005043 exactly (190×0.25 + 1152×0.025 + 214×2 = 504.3 USD per 1M); micro-dollars rounded it to $0.000504
const COST_E10 = 5_043_000n;
const COST_USD = 0.0005043;

describe.each(databaseTargets())('billing through /v1 on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    t = await startTestApp({ db, yaml: gatewayYaml(mock.baseUrl) });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  it('100 parallel requests on credit for a few: 402 without calling the provider, never below zero, each success charged once', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 0.01);
    const before = mock.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const res = await chat(t.url, key, { max_tokens: 1000 });
        const body = (await res.json()) as { usage?: { cost: number }; error?: { code: string } };
        return { status: res.status, requestId: res.headers.get('x-request-id'), body };
      }),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 402);
    expect(ok.length + refused.length).toBe(100);
    expect(ok.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.body.error?.code === 'insufficient_quota')).toBe(true);
    expect(ok.every((a) => a.body.usage?.cost === COST_USD)).toBe(true);
    expect(mock.requests.length - before).toBe(ok.length);

    const ledger = await ledgerOf(t, admin, clientId);
    const charges = ledger.filter((e) => e.kind === 'charge');
    expect(charges.map((c) => c.request_id).sort()).toEqual(ok.map((a) => a.requestId).sort());
    expect(charges.every((c) => toE10(c.amount_usd) === -COST_E10)).toBe(true);
    const client = await api(t, admin, 'GET', `/api/clients/${clientId}`);
    const sum = ledger.reduce((s, e) => s + toE10(e.amount_usd), 0n);
    expect(toE10(client.body.balance_usd)).toBe(sum);
    expect(sum).toBe(100_000_000n - COST_E10 * BigInt(ok.length));
    expect(sum).toBeGreaterThanOrEqual(0);
    expect(await t.app.get(LedgerService).verify()).toEqual([]);
  });

  it('streams with and without include_usage are charged the same; the final usage chunk carries the cost', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    const withUsage = await chat(t.url, key, { stream: true, stream_options: { include_usage: true } });
    const text = await withUsage.text();
    const usageFrame = text.split('\n\n').map((f) => f.replace(/^data: /, '')).filter((f) => f.startsWith('{') && f.includes('"usage"')).map((f) => JSON.parse(f)).find((c) => c.usage);
    expect(usageFrame.usage.cost).toBe(COST_USD);
    const without = await chat(t.url, key, { stream: true });
    await without.text();
    const charges = (await ledgerOf(t, admin, clientId)).filter((e) => e.kind === 'charge');
    expect(charges.map((c) => c.request_id).sort()).toEqual([withUsage.headers.get('x-request-id'), without.headers.get('x-request-id')].sort());
    expect(charges.map((c) => toE10(c.amount_usd))).toEqual([-COST_E10, -COST_E10]);
  });

  it('a client that disconnects mid-stream is charged once and its reservation is closed', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    const respond = openaiResponder();
    mock.script({ behaviour: (req) => ({ ...respond(req), dripMs: 300 }), times: 1 });
    const abort = new AbortController();
    const res = await chat(t.url, key, { stream: true }, {}, abort.signal);
    const requestId = res.headers.get('x-request-id');
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const deadline = Date.now() + 5000;
    let charges: Array<{ request_id: string | null }> = [];
    while (Date.now() < deadline) {
      charges = (await ledgerOf(t, admin, clientId)).filter((e) => e.kind === 'charge');
      const open = await rows(t, "SELECT request_id FROM reservations WHERE client_id = $1 AND status = 'open'", [clientId]);
      if (charges.length > 0 && open.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(charges.map((c) => c.request_id)).toEqual([requestId]);
    expect(await t.app.get(LedgerService).verify(clientId)).toEqual([]);
  });

  it('Idempotency-Key: a retried request is replayed and never charged twice; a reused streamed key gets 409', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    const first = await chat(t.url, key, {}, { 'idempotency-key': 'order-1' });
    const firstBody = await first.text();
    const again = await chat(t.url, key, {}, { 'idempotency-key': 'order-1' });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(firstBody);
    const streamed = await chat(t.url, key, { stream: true }, { 'idempotency-key': 'order-2' });
    await streamed.text();
    const reused = await chat(t.url, key, { stream: true }, { 'idempotency-key': 'order-2' });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const charges = (await ledgerOf(t, admin, clientId)).filter((e) => e.kind === 'charge');
    expect(charges).toHaveLength(2);
  });

  it('every /v1 request gets a log row with its cost; usage rolls up by client', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 1);
    const res = await chat(t.url, key, {});
    const requestId = res.headers.get('x-request-id')!;
    await res.text();
    const deadline = Date.now() + 5000;
    let log = await api(t, admin, 'GET', `/api/logs/${requestId}`);
    while (log.status === 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      log = await api(t, admin, 'GET', `/api/logs/${requestId}`);
    }
    expect(log.body).toMatchObject({ request_id: requestId, client_id: clientId, model: 'gpt-5-mini', provider: 'openai', status: 200, input_tokens: 190, cache_read_tokens: 1152, output_tokens: 214, reasoning_tokens: 192, cost_usd: COST_USD, estimated: false });
    const usage = await api(t, admin, 'GET', '/api/usage?group_by=client');
    expect(usage.body.data.find((r: { key: string }) => r.key === clientId)).toMatchObject({ requests: 1, cost_usd: COST_USD });
  });
});
