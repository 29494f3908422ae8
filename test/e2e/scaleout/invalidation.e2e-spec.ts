import { DataSource } from 'typeorm';
import { InvalidationBus, LISTENER_APPLICATION_NAME, parseInvalidation, type InvalidationMessage } from '../../../src/scaleout/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import { describeWithPostgres, sleep, within } from './support/scaleout.js';

describe('parseInvalidation', () => {
  it('accepts the four kinds and refuses anything else', () => {
    expect(parseInvalidation('{"kind":"key","id":"k1"}')).toEqual({ kind: 'key', id: 'k1' });
    expect(parseInvalidation('{"kind":"client","id":"c1"}')).toEqual({ kind: 'client', id: 'c1' });
    expect(parseInvalidation('{"kind":"provider","id":"p1"}')).toEqual({ kind: 'provider', id: 'p1' });
    expect(parseInvalidation('{"kind":"all"}')).toEqual({ kind: 'all' });
    for (const bad of ['', 'null', '[]', '{"kind":"key"}', '{"kind":"key","id":""}', '{"kind":"drop","id":"x"}', `{"kind":"key","id":"${'x'.repeat(201)}"}`]) {
      expect(parseInvalidation(bad)).toBeNull();
    }
  });
});

describe('InvalidationBus on SQLite (one process)', () => {
  it('applies a published message locally and has no transport', async () => {
    const app = await startTestApp({ db: 'sqlite' });
    try {
      const bus = app.app.get(InvalidationBus);
      const got: InvalidationMessage[] = [];
      bus.subscribe((m) => got.push(m));
      await bus.publish({ kind: 'client', id: 'c1' });
      expect(got).toEqual([{ kind: 'client', id: 'c1' }]);
      expect(bus.distributed).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describeWithPostgres('cross-replica invalidation through PostgreSQL LISTEN/NOTIFY', () => {
  let drop: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  const received = { a: [] as InvalidationMessage[], b: [] as InvalidationMessage[] };
  let sql: DataSource;

  beforeAll(async () => {
    const db = await createPostgresDatabase();
    drop = db.drop;
    a = await startTestApp({ databaseUrl: db.url });
    b = await startTestApp({ databaseUrl: db.url });
    a.app.get(InvalidationBus).subscribe((m) => received.a.push(m));
    b.app.get(InvalidationBus).subscribe((m) => received.b.push(m));
    sql = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const now = Date.now();
    await sql.query(`INSERT INTO clients (id, name, allowed_models, rpm, tpm, balance_usd_e10, reserved_usd_e10, created_at, updated_at) VALUES ('c1', 'acme', NULL, NULL, NULL, 0, 0, $1, $1)`, [now]);
    await sql.query(`INSERT INTO client_keys (id, client_id, name, key_hash, prefix, created_at) VALUES ('k1', 'c1', 'main', $1, 'gg-abc', $2), ('k2', 'c1', 'other', $3, 'gg-def', $2)`, ['a'.repeat(64), now, 'b'.repeat(64)]);
  });
  afterAll(async () => {
    await sql?.destroy();
    await a?.close({ keepData: true });
    await b?.close({ keepData: true });
    await drop?.();
  });

  const reset = () => {
    received.a.length = 0;
    received.b.length = 0;
  };
  const both = (m: InvalidationMessage) => () => [received.a, received.b].every((list) => list.some((x) => JSON.stringify(x) === JSON.stringify(m)));

  it('tells every replica, within a second, that a key was revoked — whoever wrote the row', async () => {
    reset();
    await sql.query(`UPDATE client_keys SET revoked_at = $1 WHERE id = 'k1'`, [Date.now()]);
    const took = await within(1_000, both({ kind: 'key', id: 'k1' }));
    expect(took).not.toBeNull();
  });

  it('tells every replica about a changed or deleted client and a deleted key', async () => {
    reset();
    await sql.query(`UPDATE clients SET rpm = 5 WHERE id = 'c1'`);
    expect(await within(1_000, both({ kind: 'client', id: 'c1' }))).not.toBeNull();
    await sql.query(`DELETE FROM client_keys WHERE id = 'k2'`);
    expect(await within(1_000, both({ kind: 'key', id: 'k2' }))).not.toBeNull();
  });

  it('stays silent on hot writes: balances and reservations on clients, last_used_at on keys', async () => {
    reset();
    await sql.query(`UPDATE clients SET balance_usd_e10 = balance_usd_e10 + 5, reserved_usd_e10 = reserved_usd_e10 + 1 WHERE id = 'c1'`);
    await sql.query(`UPDATE client_keys SET last_used_at = $1 WHERE id = 'k1'`, [Date.now()]);
    // A marker after them: once it arrives, anything the hot writes had sent would have arrived before it.
    await sql.query(`UPDATE clients SET tpm = 1000 WHERE id = 'c1'`);
    expect(await within(1_000, both({ kind: 'client', id: 'c1' }))).not.toBeNull();
    expect(received.a).toEqual([{ kind: 'client', id: 'c1' }]);
    expect(received.b).toEqual([{ kind: 'client', id: 'c1' }]);
  });

  it('notifies only at commit: a rolled-back revoke tells nobody', async () => {
    reset();
    await sql.transaction(async (tx) => {
      await tx.query(`UPDATE client_keys SET expires_at = 1 WHERE id = 'k1'`);
      await sleep(200);
      expect(received.a).toEqual([]);
      throw new Error('rollback');
    }).catch(() => undefined);
    await sql.query(`UPDATE clients SET name = 'acme2' WHERE id = 'c1'`);
    expect(await within(1_000, both({ kind: 'client', id: 'c1' }))).not.toBeNull();
    expect(received.a.some((m) => m.kind === 'key')).toBe(false);
  });

  it('carries a message published on one replica to the other', async () => {
    reset();
    await a.app.get(InvalidationBus).publish({ kind: 'provider', id: 'p-42' });
    expect(received.a).toContainEqual({ kind: 'provider', id: 'p-42' }); // applied locally at once
    expect(await within(1_000, () => received.b.some((m) => m.kind === 'provider' && m.id === 'p-42'))).not.toBeNull();
  });

  it('reconnects after losing its listening connection and then drops everything it may have missed', async () => {
    reset();
    const killed = await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [LISTENER_APPLICATION_NAME]);
    expect(killed).toHaveLength(2);
    // Both replicas notice, reconnect, and invalidate everything (a notification may have been lost meanwhile).
    expect(await within(5_000, both({ kind: 'all' }), 50)).not.toBeNull();
    reset();
    await sql.query(`UPDATE client_keys SET revoked_at = $1 WHERE id = 'k1'`, [Date.now()]);
    expect(await within(1_000, both({ kind: 'key', id: 'k1' }))).not.toBeNull();
  }, 15_000);
});
