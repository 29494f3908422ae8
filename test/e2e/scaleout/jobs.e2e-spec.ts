import pg from 'pg';
import { BillingHousekeeping, ReconciliationService } from '../../../src/billing/index.js';
import { RequestLogRetention } from '../../../src/logging/index.js';
import { SessionsCleanupJob } from '../../../src/sessions/index.js';
import type { TestApp } from '../../support/test-app.js';
import { startTestApp } from '../../support/test-app.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import { describeWithPostgres } from './support/scaleout.js';

const DAY = 86_400_000;

/**
 * The scheduler runs these jobs on one replica at a time (a cross-replica lock), but a run may still meet another's
 * (a manual or start-up run, a lock released between two runs). Here both replicas run each job at the same moment over the same rows
 * (several chunks' worth, so their deletes overlap) and the outcome must be what one run would give: no error,
 * nothing deleted that should stay, and crash reconciliation applied exactly once.
 */
describeWithPostgres('scheduled jobs run by two replicas at once on one PostgreSQL database', () => {
  let drop: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let db: pg.Client;
  const now = Date.now();

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    a = await startTestApp({ databaseUrl: created.url });
    b = await startTestApp({ databaseUrl: created.url });
    db = new pg.Client({ connectionString: created.url });
    await db.connect();
    await db.query(`INSERT INTO clients (id, name, balance_usd_e10, reserved_usd_e10, created_at, updated_at) VALUES ('c1', 'acme', 1000000, 0, $1, $1)`, [now]);
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await a?.close({ keepData: true });
    await b?.close({ keepData: true });
    await drop?.();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  it('request-log retention: both purge concurrently, old logs all go, recent ones all stay', async () => {
    const old = now - 40 * DAY;
    await db.query(
      `INSERT INTO request_logs (request_id, created_at, client_id, model, status, latency_ms, stream, cost_usd_e10, estimated)
       SELECT 'old-' || g, $1::bigint + g, 'c1', 'm', 200, 1, false, 0, false FROM generate_series(1, 12000) g`,
      [old],
    );
    await db.query(
      `INSERT INTO request_logs (request_id, created_at, client_id, model, status, latency_ms, stream, cost_usd_e10, estimated)
       SELECT 'new-' || g, $1, 'c1', 'm', 200, 1, false, 0, false FROM generate_series(1, 50) g`,
      [now],
    );
    const [da, dbb] = await Promise.all([a.app.get(RequestLogRetention).purge(now), b.app.get(RequestLogRetention).purge(now)]);
    expect(da + dbb).toBe(12000);
    expect(await count(`SELECT count(*) AS n FROM request_logs WHERE request_id LIKE 'old-%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM request_logs WHERE request_id LIKE 'new-%'`)).toBe(50);
  }, 60_000);

  it('session cleanup: both run concurrently, expired sessions go, live ones stay', async () => {
    await db.query(
      `INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at)
       SELECT 'exp-' || g, (SELECT id FROM users LIMIT 1), md5('exp' || g) || md5('x' || g), $1, $1, $1 FROM generate_series(1, 3000) g`,
      [now - DAY],
    );
    await db.query(`INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at) VALUES ('live-1', (SELECT id FROM users LIMIT 1), $2, $1, $1, $3)`, [now, 'f'.repeat(64), now + DAY]);
    const removed = await Promise.all([a.app.get(SessionsCleanupJob).run(), b.app.get(SessionsCleanupJob).run()]);
    expect(removed[0] + removed[1]).toBe(3000);
    expect(await count(`SELECT count(*) AS n FROM sessions WHERE id LIKE 'exp-%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM sessions WHERE id = 'live-1'`)).toBe(1);
  });

  it('billing housekeeping: both purge idempotency keys and closed reservations concurrently, open ones stay', async () => {
    await db.query(
      `INSERT INTO idempotency_keys (client_id, idem_key, request_id, status, created_at)
       SELECT 'c1', 'old-' || g, 'r-old-' || g, 'done', $1 FROM generate_series(1, 7000) g`,
      [now - 3 * DAY],
    );
    await db.query(`INSERT INTO idempotency_keys (client_id, idem_key, request_id, status, created_at) VALUES ('c1', 'fresh', 'r-fresh', 'done', $1)`, [now]);
    await db.query(
      `INSERT INTO reservations (request_id, client_id, model, amount_usd_e10, status, delivered, created_at, updated_at)
       SELECT 'closed-' || g, 'c1', 'm', 10, 'settled', true, $1, $1 FROM generate_series(1, 6000) g`,
      [now - 40 * DAY],
    );
    const results = await Promise.all([a.app.get(BillingHousekeeping).runOnce(now), b.app.get(BillingHousekeeping).runOnce(now)]);
    expect(results[0].idempotencyKeys + results[1].idempotencyKeys).toBe(7000);
    expect(results[0].reservations + results[1].reservations).toBe(6000);
    expect(await count(`SELECT count(*) AS n FROM idempotency_keys`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM reservations WHERE request_id LIKE 'closed-%'`)).toBe(0);
  }, 60_000);

  it('crash reconciliation: both sweep at once, a dead process’s reservations are settled exactly once, live ones untouched', async () => {
    const dead = 'gone-host:999999:deadbeef';
    await db.query(
      `INSERT INTO reservations (request_id, client_id, model, amount_usd_e10, estimate_usd_e10, status, delivered, instance_id, created_at, updated_at)
       VALUES ('crash-undelivered', 'c1', 'm', 300, 100, 'open', false, $1, $2, $2),
              ('crash-delivered', 'c1', 'm', 500, 200, 'open', true, $1, $2, $2)`,
      [dead, now - 60_000],
    );
    // A request in flight on replica B right now (its owner is alive): nobody may touch it.
    await db.query(
      `INSERT INTO reservations (request_id, client_id, model, amount_usd_e10, estimate_usd_e10, status, delivered, instance_id, created_at, updated_at)
       VALUES ('in-flight-on-b', 'c1', 'm', 700, 300, 'open', true, $1, $2, $2)`,
      [(b.app.get(ReconciliationService) as unknown as { instance: { id: string } }).instance.id, now],
    );
    await db.query(`UPDATE clients SET reserved_usd_e10 = 1500 WHERE id = 'c1'`);

    const [ra, rb] = await Promise.all([a.app.get(ReconciliationService).reconcileOpen(), b.app.get(ReconciliationService).reconcileOpen()]);
    expect(ra.released + rb.released).toBe(1);
    expect(ra.charged + rb.charged).toBe(1);

    const statuses = Object.fromEntries((await db.query(`SELECT request_id, status FROM reservations WHERE request_id IN ('crash-undelivered', 'crash-delivered', 'in-flight-on-b')`)).rows.map((r) => [r.request_id, r.status]));
    expect(statuses).toEqual({ 'crash-undelivered': 'released', 'crash-delivered': 'settled', 'in-flight-on-b': 'open' });
    const charges = (await db.query(`SELECT amount_usd_e10 FROM ledger_entries WHERE request_id = 'crash-delivered'`)).rows;
    expect(charges.map((r) => Number(r.amount_usd_e10))).toEqual([-200]);
    const client = (await db.query(`SELECT balance_usd_e10, reserved_usd_e10 FROM clients WHERE id = 'c1'`)).rows[0];
    expect(Number(client.reserved_usd_e10)).toBe(700);
    expect(Number(client.balance_usd_e10)).toBe(1000000 - 200);
  });
});
