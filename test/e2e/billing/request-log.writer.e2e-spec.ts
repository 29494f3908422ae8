import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, type LiveEvent } from '../../../src/common/index.js';
import { RequestLogQuery, RequestLogRetention, RequestLogWriter, UsageQuery } from '../../../src/logging/index.js';
import { createPostgresDatabase, databaseTargets } from '../../support/test-database.js';
import { startTestApp } from '../../support/test-app.js';
import { logEntry, rows } from './support/billing.js';

describe.each(databaseTargets())('request log writer on %s', (db) => {
  it('batches rows off the hot path, publishes the live request event, and flushes what is queued at shutdown', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gg-logs-'));
    const pgdb = db === 'postgres' ? await createPostgresDatabase() : null;
    const where = { db, dataDir, ...(pgdb ? { databaseUrl: pgdb.url } : {}) };
    let t = await startTestApp({ ...where, yaml: 'logs: { flush_ms: 60000, batch_size: 100000 }\n' });
    try {
      const events: LiveEvent[] = [];
      t.app.get(EventBus).subscribe((e) => events.push(e));
      const writer = t.app.get(RequestLogWriter);
      const entries = Array.from({ length: 25 }, () => logEntry());
      const started = performance.now();
      for (const e of entries) writer.write(e);
      expect(performance.now() - started).toBeLessThan(250); // enqueue only
      expect(writer.queued).toBe(25);
      expect(await rows(t, 'SELECT request_id FROM request_logs')).toHaveLength(0); // nothing written yet (flush_ms is a minute)
      expect(events.filter((e) => e.type === 'request')).toHaveLength(25);
      expect(events[0]).toEqual({
        type: 'request',
        data: { request_id: entries[0].requestId, client: 'acme', client_id: '', model: 'gpt-5-mini', provider: 'openai', status: 200, latency_ms: 120, tokens: 170, cost_usd: 0.001234 },
      });
      await t.close({ keepData: true });
      t = await startTestApp(where);
      const stored = await rows<{ request_id: string }>(t, 'SELECT request_id FROM request_logs');
      expect(stored.map((r) => r.request_id).sort()).toEqual(entries.map((e) => e.requestId).sort());
      const [rollup] = await rows<{ requests: unknown; cost_usd_e10: unknown; input_tokens: unknown }>(t, 'SELECT SUM(requests) AS requests, SUM(cost_usd_e10) AS cost_usd_e10, SUM(input_tokens) AS input_tokens FROM usage_rollups');
      expect(Number(rollup.requests)).toBe(25);
      expect(BigInt(String(rollup.cost_usd_e10))).toBe(25n * 12_340_000n);
      expect(Number(rollup.input_tokens)).toBe(2500);
    } finally {
      await t.close({ keepData: true });
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('flushes as soon as batch_size rows wait, keeps rows past queue_limit (counted, never dropped), stores bodies only when enabled', async () => {
    const t = await startTestApp({ db, yaml: 'logs: { flush_ms: 60000, batch_size: 50, queue_limit: 100, bodies: true }\n' });
    try {
      const writer = t.app.get(RequestLogWriter);
      for (let i = 0; i < 50; i++) writer.write(logEntry({ requestBody: '{"q":1}', responseBody: '{"a":2}' }));
      const deadline = Date.now() + 5000;
      while ((await rows(t, 'SELECT request_id FROM request_logs')).length < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await rows(t, 'SELECT request_id FROM request_logs')).toHaveLength(50);
      const [withBody] = await rows<{ request_body: string; response_body: string }>(t, 'SELECT request_body, response_body FROM request_logs LIMIT 1');
      expect(withBody).toEqual({ request_body: '{"q":1}', response_body: '{"a":2}' });

      // past the queue limit: the writer counts the overflow and keeps every row
      const burst = Array.from({ length: 160 }, () => logEntry());
      for (const e of burst) writer.write(e);
      await writer.flushAll();
      expect(await rows(t, 'SELECT request_id FROM request_logs')).toHaveLength(210);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/gophergate_request_log_overflow_total [1-9]\d*/);
      expect(metrics).toMatch(/gophergate_request_log_rows_written_total 210/);
    } finally {
      await t.close();
    }
  });

  it('never stores bodies when logs.bodies is off; a row written twice counts once in the rollups', async () => {
    const t = await startTestApp({ db });
    try {
      const writer = t.app.get(RequestLogWriter);
      const e = logEntry({ requestBody: 'secret prompt', responseBody: 'secret answer' });
      writer.write(e);
      await writer.flushAll();
      writer.write(e);
      await writer.flushAll();
      const stored = await rows<{ request_body: unknown; response_body: unknown }>(t, 'SELECT request_body, response_body FROM request_logs');
      expect(stored).toEqual([{ request_body: null, response_body: null }]);
      const [r] = await rows<{ requests: unknown }>(t, 'SELECT SUM(requests) AS requests FROM usage_rollups');
      expect(Number(r.requests)).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('retention deletes logs older than logs.retention_days in chunks and keeps newer ones and the rollups', async () => {
    const t = await startTestApp({ db, yaml: 'logs: { retention_days: 7 }\n' });
    try {
      const writer = t.app.get(RequestLogWriter);
      const day = 86_400_000;
      const old = Array.from({ length: 30 }, (_, i) => logEntry({ createdAt: Date.now() - 8 * day - i * 1000 }));
      const fresh = Array.from({ length: 5 }, () => logEntry({ createdAt: Date.now() - 6 * day }));
      for (const e of [...old, ...fresh]) writer.write(e);
      await writer.flushAll();
      expect(await t.app.get(RequestLogRetention).purge()).toBe(30);
      const left = await rows<{ request_id: string }>(t, 'SELECT request_id FROM request_logs');
      expect(left.map((r) => r.request_id).sort()).toEqual(fresh.map((e) => e.requestId).sort());
      const usage = await t.app.get(UsageQuery).summarize('model');
      expect(usage).toEqual([expect.objectContaining({ key: 'gpt-5-mini', requests: 35 })]);
    } finally {
      await t.close();
    }
  });

  it('GET-side query: filters, status classes and keyset pagination without gaps or repeats', async () => {
    const t = await startTestApp({ db });
    try {
      const writer = t.app.get(RequestLogWriter);
      const base = Date.UTC(2026, 0, 5, 12);
      const all = Array.from({ length: 37 }, (_, i) =>
        logEntry({ createdAt: base + Math.floor(i / 3) * 1000, model: i % 2 ? 'gpt-5-mini' : 'claude-haiku-4-5', provider: i % 2 ? 'openai' : 'anthropic', status: i % 5 === 0 ? 502 : 200 }),
      );
      for (const e of all) writer.write(e);
      await writer.flushAll();
      const query = t.app.get(RequestLogQuery);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await query.list({ limit: 5, ...(cursor ? { cursor } : {}) });
        seen.push(...res.data.map((d) => d.request_id));
        if (!res.next_cursor) break;
        cursor = res.next_cursor;
      }
      expect(seen).toHaveLength(37);
      expect(new Set(seen).size).toBe(37);
      expect((await query.list({ limit: 500, model: 'gpt-5-mini' })).data).toHaveLength(18);
      expect((await query.list({ limit: 500, provider: 'anthropic', status: { exact: 502 } })).data.every((d) => d.status === 502 && d.provider === 'anthropic')).toBe(true);
      expect((await query.list({ limit: 500, status: { min: 500, max: 599 } })).data).toHaveLength(8);
      expect((await query.list({ limit: 500, from: base + 3000, to: base + 6000 })).data).toHaveLength(9);
    } finally {
      await t.close();
    }
  });
});
