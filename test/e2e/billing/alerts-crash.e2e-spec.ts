import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, databaseTargets } from '../../support/test-database.js';
import { ensureBuilt, startProcessApp, type ProcessApp } from '../../support/process-app.js';
import { api, login } from './support/billing.js';
import { startReceiver, type Receiver } from './support/webhook-receiver.js';

const EVENTS = 5;

describe.each(databaseTargets())('alert outbox across kill -9 on %s', (db) => {
  let receiver: Receiver;
  let dataDir: string;
  let pgdb: { url: string; drop: () => Promise<void> } | null = null;
  const procs: ProcessApp[] = [];

  beforeAll(async () => {
    ensureBuilt();
    receiver = await startReceiver();
    dataDir = mkdtempSync(join(tmpdir(), 'gg-alerts-crash-'));
    pgdb = db === 'postgres' ? await createPostgresDatabase() : null;
    writeFileSync(join(dataDir, 'config.yaml'), 'alerts: { retry_backoff_seconds: [1], poll_ms: 100 }\n');
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await receiver?.close();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('events not yet delivered when the process is killed are all delivered after the restart, with their ids', async () => {
    const env = { GOPHERGATE_CONFIG: join(dataDir, 'config.yaml'), ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
    receiver.setDefault(500);
    const first = await startProcessApp(env, { dataDir });
    procs.push(first);
    const admin = await login(first);
    const hook = await api(first, admin, 'POST', '/api/webhooks', { url: receiver.url, secret: 'crash-test-secret-0123', events: ['credit.low'] });
    expect(hook.status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const sent = await api(first, admin, 'POST', `/api/webhooks/${hook.body.id}/test`);
      expect(sent.status).toBe(202);
      ids.push(sent.body.event_id);
    }
    // at least one attempt failed, so the outbox holds undelivered events at the kill
    await receiver.waitFor((r) => r.some((x) => x.answered === 500), 15_000, 'a failed attempt');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    receiver.setDefault(200);
    const second = await startProcessApp(env, { dataDir });
    procs.push(second);
    await receiver.waitFor((r) => ids.every((id) => r.some((x) => x.body.id === id && x.answered === 200)), 30_000, 'every event delivered after the restart');
    const delivered = receiver.received.filter((x) => x.answered === 200).map((x) => x.body.id);
    expect(delivered.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    const admin2 = await login(second);
    const log = await api(second, admin2, 'GET', `/api/webhooks/${hook.body.id}/deliveries`);
    for (let i = 0; i < 40 && log.body.data.some((d: { status: string }) => d.status !== 'delivered'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      Object.assign(log, await api(second, admin2, 'GET', `/api/webhooks/${hook.body.id}/deliveries`));
    }
    expect(log.body.data.map((d: { event_id: string; status: string }) => [d.event_id, d.status]).sort()).toEqual(ids.map((id) => [id, 'delivered']).sort());
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
