import { createHmac } from 'node:crypto';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, chat, clientWithKey, gatewayYaml, login, rows } from './support/billing.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';

const SECRET = 'whsec-test-0123456789abcdef';
const CONFIG_SECRET = 'config-secret-0123456789';
const ALERTS_YAML = (receiverUrl: string) => `alerts:
  retry_backoff_seconds: [1]
  poll_ms: 100
  webhooks: [{ url: "${receiverUrl}?from=config", secret_env: GG_TEST_HOOK_SECRET, events: ["credit.low"] }]`;

describe.each(databaseTargets())('alerts and webhooks on %s', (db) => {
  let mock: MockUpstream;
  let receiver: Receiver;
  let t: TestApp;
  let replica: TestApp | null = null;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    receiver = await startReceiver();
    const yaml = gatewayYaml(mock.baseUrl, ALERTS_YAML(receiver.url));
    const env = { GG_TEST_HOOK_SECRET: CONFIG_SECRET };
    t = await startTestApp({ db, yaml, env });
    // PostgreSQL: a second replica on the same database (SQLite is one process by design)
    if (db === 'postgres') replica = await startTestApp({ databaseUrl: t.databaseUrl, yaml, env });
    admin = await login(t);
  });
  afterAll(async () => {
    await replica?.close({ keepData: true });
    await t?.close();
    await mock?.close();
    await receiver?.close();
  });

  it('webhooks: CRUD, bad input refused with 400, secrets never returned, config webhooks read-only', async () => {
    const created = await api(t, admin, 'POST', '/api/webhooks', { url: receiver.url, secret: SECRET, events: ['budget.threshold'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), url: receiver.url, events: ['budget.threshold'], secret_set: true, read_only: false, created_at: expect.any(String) });
    const list = await api(t, admin, 'GET', '/api/webhooks');
    expect(list.body.data).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: created.body.id }),
      { id: 'config-0', url: `${receiver.url}?from=config`, events: ['credit.low'], secret_set: true, read_only: true, created_at: null },
    ]));
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(JSON.stringify(list.body)).not.toContain(CONFIG_SECRET);
    const patched = await api(t, admin, 'PATCH', `/api/webhooks/${created.body.id}`, { events: ['budget.threshold', 'budget.exceeded'] });
    expect(patched.body).toMatchObject({ events: ['budget.threshold', 'budget.exceeded'], secret_set: true });
    expect(JSON.stringify(patched.body)).not.toContain(SECRET);

    for (const body of [
      { url: 'ftp://example.com/x', events: ['credit.low'] }, { url: 'javascript:alert(1)', events: ['credit.low'] }, { url: 'not a url', events: ['credit.low'] },
      { url: receiver.url, events: ['budget.sometimes'] }, { url: receiver.url, events: [] }, { url: receiver.url },
      { url: receiver.url, events: ['credit.low'], secret: '••••cdef' }, { url: receiver.url, events: ['credit.low'], secret: 'short' },
      { url: receiver.url, events: ['credit.low'], extra: 1 },
    ]) {
      const res = await api(t, admin, 'POST', '/api/webhooks', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect((await api(t, admin, 'PATCH', `/api/webhooks/${created.body.id}`, { url: 'file:///etc/passwd' })).status).toBe(400);
    expect((await api(t, admin, 'PATCH', '/api/webhooks/config-0', { events: ['credit.low'] })).status).toBe(400);
    expect((await api(t, admin, 'DELETE', '/api/webhooks/config-0')).status).toBe(400);
    expect((await api(t, admin, 'GET', '/api/webhooks/not-an-id')).status).toBe(400);
    expect((await api(t, admin, 'DELETE', `/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api(t, admin, 'GET', `/api/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it('a test event arrives signed: the receiver verifies the HMAC of the raw body; fails twice, then the same event id succeeds', async () => {
    const hook = await api(t, admin, 'POST', '/api/webhooks', { url: receiver.url, secret: SECRET, events: ['provider.state'] });
    receiver.failNext(500, 503);
    const before = receiver.received.length;
    const sent = await api(t, admin, 'POST', `/api/webhooks/${hook.body.id}/test`);
    expect(sent.status).toBe(202);
    const eventId = sent.body.event_id;
    await receiver.waitFor((r) => r.slice(before).some((x) => x.body.id === eventId && x.answered === 200), 15_000, 'the test event to be delivered');
    const deliveries = receiver.received.slice(before).filter((x) => x.body.id === eventId);
    expect(deliveries.map((d) => d.answered)).toEqual([500, 503, 200]);
    for (const d of deliveries) {
      expect(d.raw).toBe(deliveries[0].raw); // byte for byte the same body each time
      expect(d.headers['x-gophergate-event-id']).toBe(eventId);
      const expected = `sha256=${createHmac('sha256', SECRET).update(d.raw).digest('hex')}`;
      expect(d.headers['x-gophergate-signature']).toBe(expected);
      expect(createHmac('sha256', 'another-secret-xxxxxxxx').update(d.raw).digest('hex')).not.toBe(expected.slice(7));
    }
    expect(deliveries[0].body).toMatchObject({ id: eventId, type: 'webhook.test', data: { webhook_id: hook.body.id } });
    let log = await api(t, admin, 'GET', `/api/webhooks/${hook.body.id}/deliveries`);
    for (let i = 0; i < 40 && log.body.data[0]?.status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await api(t, admin, 'GET', `/api/webhooks/${hook.body.id}/deliveries`);
    }
    expect(log.body.data[0]).toMatchObject({ event_id: eventId, type: 'webhook.test', status: 'delivered', attempts: 3, last_status: 200, last_error: null });
    await api(t, admin, 'DELETE', `/api/webhooks/${hook.body.id}`);
  });

  it(`each budget threshold fires exactly once per period${db === 'postgres' ? ' with two replicas' : ''}; a refusal fires budget.exceeded once`, async () => {
    const hook = await api(t, admin, 'POST', '/api/webhooks', { url: receiver.url, secret: SECRET, events: ['budget.threshold', 'budget.exceeded'] });
    const { clientId, key } = await clientWithKey(t, admin, 10);
    const set = await api(t, admin, 'PATCH', `/api/clients/${clientId}`, { budget: { limit_usd: 0.01, period: 'day', alert_at_pct: [10, 50, 60] } });
    expect(set.status).toBe(200);
    const urls = [t.url, replica?.url ?? t.url];
    const statuses: number[] = [];
    // waves of concurrent requests across the replicas until the budget refuses
    for (let wave = 0; wave < 20 && !statuses.includes(402); wave++) {
      const answers = await Promise.all(urls.map(async (url) => {
        const res = await chat(url, key, { max_tokens: 1000 });
        await res.text();
        return res.status;
      }));
      statuses.push(...answers);
    }
    expect(statuses).toContain(402);
    const mine = (r: { body: { data: Record<string, unknown> } }) => r.body.data.client_id === clientId;
    await receiver.waitFor((r) => r.filter(mine).some((x) => x.body.type === 'budget.exceeded'), 10_000, 'budget.exceeded');
    await new Promise((r) => setTimeout(r, 500)); // time for any duplicate to show up
    const events = receiver.received.filter(mine).filter((x) => x.answered === 200);
    const thresholds = events.filter((e) => e.body.type === 'budget.threshold').map((e) => e.body.data.pct).sort((a, b) => Number(a) - Number(b));
    expect(thresholds).toEqual([10, 50, 60]);
    expect(events.filter((e) => e.body.type === 'budget.exceeded')).toHaveLength(1);
    const ten = events.find((e) => e.body.data.pct === 10)!;
    expect(ten.body.data).toEqual({ scope: 'client', id: clientId, client_id: clientId, pct: 10, spend_usd: expect.any(Number), spend_usd_exact: expect.any(String), limit_usd: 0.01, limit_usd_exact: '0.01', period: 'day' });
    expect(Number(ten.body.data.spend_usd)).toBeGreaterThanOrEqual(0.001);
    expect(new Set(events.map((e) => e.body.id)).size).toBe(events.length);
    const stored = await rows<{ n: number | string }>(t, "SELECT COUNT(*) AS n FROM alert_events WHERE type = 'budget.threshold' AND body LIKE $1", [`%${clientId}%`]);
    expect(Number(stored[0].n)).toBe(3);
    await api(t, admin, 'DELETE', `/api/webhooks/${hook.body.id}`);
  });

  it('credit.low fires once when the balance falls below low_balance_usd (to the config webhook, signed with its env secret)', async () => {
    const { clientId, key } = await clientWithKey(t, admin, 0.003);
    expect((await api(t, admin, 'PATCH', `/api/clients/${clientId}`, { low_balance_usd: 0.002 })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await chat(t.url, key, { max_tokens: 100 })).status).toBe(200);
    const mine = (r: { body: { type: string; data: Record<string, unknown> } }) => r.body.type === 'credit.low' && r.body.data.client_id === clientId;
    await receiver.waitFor((r) => r.some(mine), 10_000, 'credit.low');
    await new Promise((r) => setTimeout(r, 300));
    const got = receiver.received.filter(mine);
    expect(got).toHaveLength(1);
    expect(got[0].body.data).toEqual({ client_id: clientId, balance_usd: 0.0019914, balance_usd_exact: '0.0019914', threshold_usd: 0.002, threshold_usd_exact: '0.002' });
    expect(got[0].headers['x-gophergate-signature']).toBe(`sha256=${createHmac('sha256', CONFIG_SECRET).update(got[0].raw).digest('hex')}`);
  });
});
