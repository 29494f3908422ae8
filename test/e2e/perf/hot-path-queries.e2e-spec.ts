import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { RequestLogWriter } from '../../../src/logging/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets, type DbTarget } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { chat, clientWithKey, gatewayYaml, login, rows } from '../billing/support/billing.js';

/**
 * Every SQL statement the application's own database connection(s) run, recorded by wrapping the driver itself
 * (better-sqlite3's Statement methods; pg's Client#query on the pool's clients), so nothing that bypasses TypeORM
 * escapes it. Other connections (the PostgreSQL liveness lock, LISTEN) are not the request's and are left out.
 */
class QueryRecorder {
  statements: string[] = [];
  private restore: Array<() => void> = [];

  constructor(private readonly ds: DataSource, private readonly db: DbTarget) {}

  start(): void {
    this.statements = [];
    const record = (sql: string) => this.statements.push(sql.replace(/\s+/g, ' ').trim());
    if (this.db === 'sqlite') {
      const conn = (this.ds.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
      const proto = Object.getPrototypeOf(conn.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
      for (const method of ['run', 'all', 'get', 'iterate']) {
        const original = proto[method];
        proto[method] = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
          if (this.database === conn) record(this.source);
          return original.apply(this, args);
        };
        this.restore.push(() => (proto[method] = original));
      }
      for (const method of ['exec', 'pragma'] as const) {
        const original = conn[method].bind(conn) as (sql: string, ...rest: unknown[]) => unknown;
        (conn as unknown as Record<string, unknown>)[method] = (sql: string, ...rest: unknown[]) => {
          record(method === 'pragma' ? `PRAGMA ${sql}` : sql);
          return original(sql, ...rest);
        };
        this.restore.push(() => delete (conn as unknown as Record<string, unknown>)[method]);
      }
    } else {
      const pool = (this.ds.driver as unknown as { master: pg.Pool & { _clients: pg.Client[] } }).master;
      const proto = Object.getPrototypeOf(pool._clients[0]) as { query: (...args: unknown[]) => unknown };
      const original = proto.query;
      proto.query = function (this: pg.Client, ...args: unknown[]) {
        if (pool._clients.includes(this)) {
          const first = args[0] as string | { text: string };
          record(typeof first === 'string' ? first : first.text);
        }
        return original.apply(this, args);
      };
      this.restore.push(() => (proto.query = original));
    }
  }

  stop(): string[] {
    for (const undo of this.restore.reverse()) undo();
    this.restore = [];
    return this.statements;
  }
}

/** A read: a SELECT (or a WITH … that changes nothing) or a PRAGMA. INSERT … SELECT and UPDATE … RETURNING are writes. */
const isRead = (sql: string) => /^(SELECT|PRAGMA)\b/i.test(sql) || (/^WITH\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql));

/** The statements of one warm request, as short labels. */
function labels(statements: string[]): string[] {
  return statements.map((s) => {
    if (/^BEGIN/i.test(s)) return 'BEGIN';
    if (/^COMMIT/i.test(s)) return 'COMMIT';
    if (/^WITH used AS/i.test(s) && /INSERT INTO reservations/i.test(s)) return 'admission (one statement)';
    if (/^WITH ins AS/i.test(s) && /INSERT INTO ledger_entries/i.test(s)) return 'settlement (one statement)';
    if (/^UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 \+/i.test(s)) return 'hold';
    if (/^INSERT INTO reservations/i.test(s)) return 'reservation';
    if (/^UPDATE reservations SET delivered/i.test(s)) return 'delivered';
    if (/^INSERT INTO ledger_entries/i.test(s)) return 'charge';
    if (/^UPDATE reservations SET status = 'settled'/i.test(s)) return 'close reservation';
    if (/^UPDATE clients SET balance_usd_e10 = balance_usd_e10 -/i.test(s)) return 'move balance';
    return s.slice(0, 120);
  });
}

const EXPECTED: Record<DbTarget, { json: string[][]; stream: string[][] }> = {
  // SQLite: the admission's journal (hold + reservation) is written with the settlement in ONE transaction for a JSON
  // answer, and at the first byte (the row marked delivered as it is written) for a stream
  sqlite: {
    json: [['BEGIN', 'hold', 'reservation', 'charge', 'close reservation', 'move balance', 'COMMIT']],
    stream: [['BEGIN', 'hold', 'reservation', 'COMMIT', 'BEGIN', 'charge', 'close reservation', 'move balance', 'COMMIT']],
  },
  // PostgreSQL: one statement (one round trip) each, no BEGIN/COMMIT
  postgres: {
    json: [['admission (one statement)', 'settlement (one statement)']],
    stream: [
      ['admission (one statement)', 'delivered', 'settlement (one statement)'],
      ['admission (one statement)', 'settlement (one statement)', 'delivered'],
    ],
  },
};

describe.each(databaseTargets())('the /v1 hot path on %s: no database reads, only the admission and settlement writes', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let key: string;
  let recorder: QueryRecorder;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    // the request log is written in batches off the hot path: a long flush interval keeps its timer out of the window
    t = await startTestApp({ db, yaml: gatewayYaml(mock.baseUrl, 'logs: { flush_ms: 60000 }') });
    const admin = await login(t);
    ({ key } = await clientWithKey(t, admin, 10));
    recorder = new QueryRecorder(t.app.get(DataSource), db);
    // warm: the key, route, price and limits are loaded into memory by the first requests
    for (let i = 0; i < 3; i++) {
      expect((await chat(t.url, key, {})).status).toBe(200);
      await (await chat(t.url, key, { stream: true })).text();
    }
    await t.app.get(RequestLogWriter).flushAll();
  });
  afterAll(async () => {
    recorder?.stop();
    await t?.close();
    await mock?.close();
  });

  /**
   * Runs one warm request with the recorder on. A per-request read would show in every attempt; a background job
   * (a periodic sync or flush) only by chance in one: so the request is tried up to three times and must come out
   * clean at least once, while a read in every attempt fails the test (and shows the statements).
   */
  async function warmRequest(stream: boolean): Promise<{ statements: string[] }> {
    const attempts: string[][] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      recorder.start();
      let statements: string[];
      try {
        const res = await chat(t.url, key, stream ? { stream: true } : {});
        const text = await res.text();
        expect(res.status).toBe(200);
        expect(text).toContain(stream ? 'data: [DONE]' : '"usage"');
      } finally {
        statements = recorder.stop();
      }
      attempts.push(statements);
      const clean = !statements.some(isRead) && EXPECTED[db][stream ? 'stream' : 'json'].some((e) => JSON.stringify(e) === JSON.stringify(labels(statements)));
      if (clean) return { statements };
    }
    return { statements: attempts[attempts.length - 1] };
  }

  it('a JSON request runs no read: the admission and the settlement, nothing else', async () => {
    const { statements } = await warmRequest(false);
    expect(statements.filter(isRead)).toEqual([]);
    expect(EXPECTED[db].json).toContainEqual(labels(statements));
  });

  it('a streamed request runs no read: the admission, the first-byte mark and the settlement', async () => {
    const { statements } = await warmRequest(true);
    expect(statements.filter(isRead)).toEqual([]);
    expect(EXPECTED[db].stream).toContainEqual(labels(statements));
  });

  it('the recorder sees what the driver runs (positive control): a read through TypeORM and the batched log write', async () => {
    recorder.start();
    let statements: string[];
    try {
      await rows(t, 'SELECT count(*) AS n FROM request_logs');
      await t.app.get(RequestLogWriter).flushAll();
    } finally {
      statements = recorder.stop();
    }
    expect(statements.some((s) => /^SELECT count\(\*\) AS n FROM request_logs/i.test(s))).toBe(true);
    expect(statements.some((s) => /^INSERT INTO request_logs/i.test(s))).toBe(true);
  });
});
