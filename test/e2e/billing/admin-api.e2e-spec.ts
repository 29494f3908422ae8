import { randomUUID } from 'node:crypto';
import { RequestLogWriter } from '../../../src/logging/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, logEntry, login, rows } from './support/billing.js';

const INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE request_logs; --", '1 OR 1=1', '"; DELETE FROM ledger_entries; --', "') UNION SELECT * FROM users --"];

describe.each(databaseTargets())('credit, ledger, logs and usage API on %s', (db) => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let clientId: string;

  beforeAll(async () => {
    t = await startTestApp({ db });
    admin = await login(t);
    const created = await api(t, admin, 'POST', '/api/users', { username: 'watcher', password: 'viewer-password-1', role: 'viewer' });
    expect(created.status).toBe(201);
    viewer = await login(t, 'watcher', 'viewer-password-1');
    const client = await api(t, admin, 'POST', '/api/clients', { name: 'acme', credit_usd: 10 });
    expect(client.status).toBe(201);
    clientId = client.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tops up and corrects credit; the ledger lists entries newest first and the balance equals their sum', async () => {
    const top = await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: 2.5, note: 'invoice 42' });
    expect(top.status).toBe(201);
    expect(top.body).toEqual({ id: expect.any(String), amount_usd: 2.5, kind: 'credit', request_id: null, note: 'invoice 42', estimated: false, created_at: expect.any(String), balance_usd: 12.5, amount_usd_exact: '2.5', balance_usd_exact: '12.5' });
    const fix = await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: -0.000001, note: 'rounding fix' });
    expect(fix.status).toBe(201);
    expect(fix.body).toMatchObject({ kind: 'correction', amount_usd: -0.000001, balance_usd: 12.499999 });

    const ledger = await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.data.map((e: { kind: string }) => e.kind)).toEqual(['correction', 'credit', 'initial']);
    expect(Object.keys(ledger.body.data[0]).sort()).toEqual(['amount_usd', 'amount_usd_exact', 'created_at', 'estimated', 'id', 'kind', 'note', 'request_id']);
    const sumE10 = ledger.body.data.reduce((s: number, e: { amount_usd: number }) => s + Math.round(e.amount_usd * 1e6), 0);
    const client = await api(t, viewer, 'GET', `/api/clients/${clientId}`);
    expect(Math.round(client.body.balance_usd * 1e6)).toBe(sumE10);
    expect(sumE10).toBe(12_499_999);
  });

  it('pages the ledger with an opaque cursor', async () => {
    for (let i = 0; i < 4; i++) await api(t, admin, 'POST', `/api/clients/${clientId}/credit`, { amount_usd: 1, note: `n${i}` });
    const first = await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger?limit=3`);
    expect(first.body.data).toHaveLength(3);
    const second = await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger?limit=3&cursor=${first.body.next_cursor}`);
    const ids = [...first.body.data, ...second.body.data].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger?cursor=bogus`)).status).toBe(400);
  });

  it('validates credit input with 400s in Nest shape, 404 for an unknown client, 403 for a viewer, 401 signed out', async () => {
    const path = `/api/clients/${clientId}/credit`;
    for (const body of [{ amount_usd: 0 }, { amount_usd: 1_000_001 }, { amount_usd: -1_000_001 }, { amount_usd: 'ten' }, {}, { amount_usd: 1, note: 'x'.repeat(501) }, { amount_usd: 1, extra: true }, { amount_usd: 1e-11 }]) {
      const res = await api(t, admin, 'POST', path, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const tooNegative = await api(t, admin, 'POST', path, { amount_usd: -1000 });
    expect(tooNegative.status).toBe(400);
    expect((await api(t, admin, 'POST', `/api/clients/${randomUUID()}/credit`, { amount_usd: 1 })).status).toBe(404);
    expect((await api(t, admin, 'GET', `/api/clients/${randomUUID()}/ledger`)).status).toBe(404);
    expect((await api(t, admin, 'POST', '/api/clients/not-a-uuid/credit', { amount_usd: 1 })).status).toBe(400);
    expect((await api(t, viewer, 'POST', path, { amount_usd: 1 })).status).toBe(403);
    expect((await api(t, null, 'GET', `/api/clients/${clientId}/ledger`)).status).toBe(401);
    expect((await api(t, null, 'GET', '/api/logs')).status).toBe(401);
    expect((await api(t, null, 'GET', '/api/usage')).status).toBe(401);
  });

  it('lists logs with filters and cursor pagination; every filter is harmless against SQL injection', async () => {
    const writer = t.app.get(RequestLogWriter);
    const base = Date.UTC(2026, 1, 1, 9);
    const entries = Array.from({ length: 12 }, (_, i) =>
      logEntry({ clientId, clientName: 'acme', createdAt: base + i * 60_000, model: i < 6 ? 'gpt-5-mini' : 'claude-haiku-4-5', provider: i < 6 ? 'openai' : 'anthropic', status: i % 4 === 0 ? 429 : 200, costE10: BigInt(1000 + i) * 10_000n }),
    );
    for (const e of entries) writer.write(e);
    await writer.flushAll();

    const all = await api(t, viewer, 'GET', `/api/logs?client_id=${clientId}&limit=500`);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(12);
    expect(all.body.data[0]).toEqual({
      request_id: entries[11].requestId, created_at: new Date(base + 11 * 60_000).toISOString(), client_id: clientId, client_name: 'acme', key_id: 'key_1',
      model: 'claude-haiku-4-5', provider: 'anthropic', status: 200, error_code: null, latency_ms: 120, ttfb_ms: 40, stream: false,
      input_tokens: 100, cache_read_tokens: 20, cache_write_tokens: 0, output_tokens: 50, reasoning_tokens: 10, cost_usd: 0.001011, estimated: false,
    });
    expect(all.body.next_cursor).toBeNull();

    const q = (s: string) => api(t, viewer, 'GET', `/api/logs?${s}`);
    expect((await q(`model=gpt-5-mini&client_id=${clientId}`)).body.data).toHaveLength(6);
    expect((await q('provider=anthropic&status=429')).body.data.map((d: { status: number }) => d.status)).toEqual([429]);
    expect((await q(`status=4xx&client_id=${clientId}`)).body.data).toHaveLength(3);
    expect((await q(`status=error&client_id=${clientId}`)).body.data).toHaveLength(3);
    const from = new Date(base + 2 * 60_000).toISOString();
    const to = new Date(base + 5 * 60_000).toISOString();
    expect((await q(`from=${from}&to=${to}`)).body.data).toHaveLength(3);

    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await q(`client_id=${clientId}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((d: { request_id: string }) => d.request_id));
      if (!page.body.next_cursor) break;
      cursor = page.body.next_cursor;
    }
    expect(seen).toEqual(entries.map((e) => e.requestId).reverse());

    const before = await rows(t, 'SELECT request_id FROM request_logs');
    for (const bad of INJECTIONS) {
      for (const key of ['client_id', 'model', 'provider']) {
        const res = await q(`${key}=${encodeURIComponent(bad)}`);
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual([]);
      }
      for (const key of ['status', 'from', 'to', 'cursor', 'limit']) expect((await q(`${key}=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await api(t, viewer, 'GET', `/api/logs/${encodeURIComponent(bad)}`)).status).toBe(404);
      expect((await api(t, viewer, 'GET', `/api/usage?group_by=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger?cursor=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect(await rows(t, 'SELECT request_id FROM request_logs')).toHaveLength(before.length);
    expect((await api(t, viewer, 'GET', `/api/clients/${clientId}/ledger`)).body.data.length).toBeGreaterThan(0);

    for (const s of ['limit=0', 'limit=501', 'from=yesterday', `from=${to}&to=${from}`, 'unknown=1']) expect((await q(s)).status).toBe(400);
  });

  it('shows one log with its details, 404 when unknown', async () => {
    const e = logEntry({ clientId, errorCode: 'upstream_error', errorMessage: 'provider said no', status: 502 });
    t.app.get(RequestLogWriter).write(e);
    await t.app.get(RequestLogWriter).flushAll();
    const one = await api(t, viewer, 'GET', `/api/logs/${e.requestId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ request_id: e.requestId, status: 502, error_code: 'upstream_error', error_message: 'provider said no', request_body: null, response_body: null });
    expect((await api(t, viewer, 'GET', '/api/logs/nope')).status).toBe(404);
  });

  it('summarizes usage from the rollups by client, model, provider, day and hour', async () => {
    const u = (s: string) => api(t, viewer, 'GET', `/api/usage?${s}`);
    const byModel = await u('group_by=model&from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z');
    expect(byModel.status).toBe(200);
    const gpt = byModel.body.data.find((r: { key: string }) => r.key === 'gpt-5-mini');
    expect(gpt).toEqual({ key: 'gpt-5-mini', requests: 6, errors: 2, input_tokens: 600, cache_read_tokens: 120, cache_write_tokens: 0, output_tokens: 300, reasoning_tokens: 60, cost_usd: 0.006015, cost_usd_exact: '0.006015', avg_latency_ms: 120 });
    const byClient = await u('group_by=client&from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z');
    expect(byClient.body.data).toEqual([expect.objectContaining({ key: clientId, requests: 12 })]);
    const byProvider = await u('group_by=provider&from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z');
    expect(byProvider.body.data.map((r: { key: string }) => r.key).sort()).toEqual(['anthropic', 'openai']);
    const byHour = await u('group_by=hour&from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z');
    expect(byHour.body.data).toEqual([expect.objectContaining({ key: '2026-02-01T09:00:00.000Z', requests: 12 })]);
    const byDay = await u('group_by=day&from=2026-01-31T00:00:00Z&to=2026-02-03T00:00:00Z');
    expect(byDay.body.data).toEqual([expect.objectContaining({ key: '2026-02-01T00:00:00.000Z', requests: 12 })]);
    expect((await u('group_by=week')).status).toBe(400);
    expect((await u('from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z')).status).toBe(400);
  });
});
