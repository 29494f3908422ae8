import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../src/database/migrations/index.js';
import { createPostgresDatabase, databaseTargets } from '../../support/test-database.js';

// Today's schema is every migration before the money one: the test builds a database with it, fills it in
// micro-dollars, runs the money migration and checks that every amount is the same money in 1e-10 USD.
// (named, not "the last one": migrations added after it must not move what "before" means)
const MONEY_AT = MIGRATIONS.findIndex((m) => m.name === 'MoneyUsdE101796566000000');
const BEFORE = MIGRATIONS.slice(0, MONEY_AT);
const AFTER = MIGRATIONS.slice(0, MONEY_AT + 1);

const T = 1_790_000_000_000;
const P = (n: number) => `$${n}`;

describe.each(databaseTargets())('money migration: micro-dollars → 1e-10 USD (%s)', (target) => {
  let base: DataSourceOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (target === 'postgres') {
      const db = await createPostgresDatabase();
      base = { type: 'postgres', url: db.url };
      cleanup = db.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'gg-money-'));
      base = { type: 'better-sqlite3', database: join(dir, 'gophergate.db') };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => cleanup?.());

  async function open(migrations: DataSourceOptions['migrations']): Promise<DataSource> {
    const ds = new DataSource({ ...base, migrations, synchronize: false, logging: false } as DataSourceOptions);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  }

  /** Amounts as exact decimal text, whatever the driver does with int64. */
  async function text(ds: DataSource, query: string): Promise<string[]> {
    const rows = (await ds.query(query)) as Array<{ v: string | null }>;
    return rows.map((r) => (r.v === null ? 'null' : String(r.v)));
  }

  it('multiplies every amount by 10,000, renames the columns, and balance == Σ ledger still holds', async () => {
    const old = await open(BEFORE);
    const q = (sql: string, params: unknown[]) => old.query(target === 'sqlite' ? sql.replace(/\$\d+/g, '?') : sql, params);
    // a client whose balance is the sum of its ledger: 2 USD initial, one charge of $0.765433, one of $0.000001
    await q(`INSERT INTO clients (id, name, balance_micros, reserved_micros, created_at, updated_at, budget_limit_micros, budget_period, low_balance_micros)
      VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(P).join(', ')})`, ['c1', 'acme', 1_234_566, 500, T, T, 10_000_000, 'month', 2_000_000]);
    // $900,000,000.123456: near the top of what int64 holds in 1e-10 USD ($922M), beyond 2^53 once migrated
    await q(`INSERT INTO clients (id, name, balance_micros, reserved_micros, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`, ['c2', 'big', 900_000_000_123_456, 0, T, T]);
    await q(`INSERT INTO client_keys (id, client_id, key_hash, prefix, created_at, budget_limit_micros, budget_period) VALUES ($1, $2, $3, $4, $5, $6, $7)`, ['k1', 'c1', 'h1', 'gg-abc', T, 3_000_000, 'day']);
    const ledger: Array<[string, string, number, string, string | null]> = [
      ['l1', 'c1', 2_000_000, 'initial', null], ['l2', 'c1', -765_433, 'charge', 'r1'], ['l3', 'c1', -1, 'charge', 'r2'], ['l4', 'c2', 900_000_000_123_456, 'initial', null],
    ];
    for (const [id, client, amount, kind, requestId] of ledger) {
      await q(`INSERT INTO ledger_entries (id, client_id, amount_micros, kind, request_id, estimated, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [id, client, amount, kind, requestId, false, T]);
    }
    await q(`INSERT INTO reservations (request_id, client_id, model, amount_micros, estimate_micros, status, delivered, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ['r3', 'c1', 'gpt-5-mini', 500, 250, 'open', false, T, T]);
    await q(`INSERT INTO request_logs (request_id, created_at, client_id, model, status, latency_ms, stream, cost_micros, estimated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ['r1', T, 'c1', 'gpt-5-mini', 200, 10, false, 765_433, false]);
    await q(`INSERT INTO usage_rollups (bucket, client_id, model, provider, requests, cost_micros) VALUES ($1, $2, $3, $4, $5, $6)`, [T, 'c1', 'gpt-5-mini', 'openai', 2, 765_434]);
    await q(`INSERT INTO budget_spend (owner_id, period_start, spent_micros, reserved_micros) VALUES ($1, $2, $3, $4)`, ['c1', T, 765_434, 500]);
    await old.destroy();

    const ds = await open(AFTER);
    try {
      expect(await text(ds, `SELECT CAST(balance_usd_e10 AS TEXT) AS v FROM clients ORDER BY id`)).toEqual(['12345660000', '9000000001234560000']);
      expect(await text(ds, `SELECT CAST(reserved_usd_e10 AS TEXT) AS v FROM clients WHERE id = 'c1'`)).toEqual(['5000000']);
      expect(await text(ds, `SELECT CAST(budget_limit_usd_e10 AS TEXT) AS v FROM clients ORDER BY id`)).toEqual(['100000000000', 'null']);
      expect(await text(ds, `SELECT CAST(low_balance_usd_e10 AS TEXT) AS v FROM clients WHERE id = 'c1'`)).toEqual(['20000000000']);
      expect(await text(ds, `SELECT CAST(budget_limit_usd_e10 AS TEXT) AS v FROM client_keys`)).toEqual(['30000000000']);
      expect(await text(ds, `SELECT CAST(amount_usd_e10 AS TEXT) AS v FROM ledger_entries ORDER BY id`)).toEqual(['20000000000', '-7654330000', '-10000', '9000000001234560000']);
      expect(await text(ds, `SELECT CAST(amount_usd_e10 AS TEXT) || '/' || CAST(estimate_usd_e10 AS TEXT) AS v FROM reservations`)).toEqual(['5000000/2500000']);
      expect(await text(ds, `SELECT CAST(cost_usd_e10 AS TEXT) AS v FROM request_logs`)).toEqual(['7654330000']);
      expect(await text(ds, `SELECT CAST(cost_usd_e10 AS TEXT) AS v FROM usage_rollups`)).toEqual(['7654340000']);
      expect(await text(ds, `SELECT CAST(spent_usd_e10 AS TEXT) || '/' || CAST(reserved_usd_e10 AS TEXT) AS v FROM budget_spend`)).toEqual(['7654340000/5000000']);
      // the books still balance, client by client, computed by the database on the new columns
      expect(await text(ds, `SELECT c.id || ':' || CAST(c.balance_usd_e10 - (SELECT SUM(l.amount_usd_e10) FROM ledger_entries l WHERE l.client_id = c.id) AS TEXT) AS v FROM clients c ORDER BY c.id`))
        .toEqual(['c1:0', 'c2:0']);
      expect(await text(ds, `SELECT CAST(c.reserved_usd_e10 - (SELECT SUM(r.amount_usd_e10) FROM reservations r WHERE r.client_id = c.id AND r.status = 'open') AS TEXT) AS v FROM clients c WHERE c.id = 'c1'`)).toEqual(['0']);
    } finally {
      await ds.destroy();
    }
  });
});
