import { Injectable, Logger } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { forDialect, isPostgresRetryable, isSqliteBusy, sqliteForm, sqliteParams, type SqliteForm } from './sql.dialect.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { SqlStatementListeners } from './sql-statement.listeners.js';
import type { SqlDialect, SqlRow, SqlStep, TxBody } from './sql.types.js';

const MAX_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Short, portable transactions in raw parameterized SQL for the hot money paths (admission, settlement, log batches).
 *
 * SQLite: the body runs synchronously inside a better-sqlite3 `BEGIN IMMEDIATE` transaction (in its own savepoint when
 * several bodies of one event-loop turn share the commit: see SqliteGroupCommit), so no other statement of this process
 * can interleave with it; other processes wait on the write lock (busy_timeout) and SQLITE_BUSY is retried.
 * PostgreSQL: one pooled connection, BEGIN … COMMIT (READ COMMITTED); serialization failures and deadlocks are retried.
 */
@Injectable()
export class SqlTransactions {
  private readonly logger = new Logger('SqlTransactions');
  readonly dialect: SqlDialect;
  /** Every statement this service sends, for whoever subscribes (see SqlStatementListeners). */
  readonly statementListeners = new SqlStatementListeners();
  /** Prepared statements by their original ($n) text, for the connection they were prepared on. */
  private readonly statements = new Map<string, { form: SqliteForm; statement: BetterSqlite3.Statement; db: BetterSqlite3.Database }>();
  /** SQLite: the bodies of one event-loop turn share one transaction (each in its own savepoint). */
  private readonly group = new SqliteGroupCommit(() => this.sqlite(), (step, db) => this.execSqlite(step, db));

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /**
   * Run a transaction body; retried as a whole on SQLITE_BUSY / serialization failure. `onCommit` runs synchronously
   * right after the COMMIT that made the body's work durable, before any other code: on SQLite, the commits of this
   * process's bodies and their `onCommit` calls happen in the same order, so an in-memory mirror of the database kept
   * by them (the credit book) never sees a commit out of order.
   */
  async run<T>(body: TxBody<T>, onCommit?: (value: T) => void): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.dialect === 'sqlite' ? await this.runSqlite(body, onCommit) : await this.runPostgres(body, onCommit);
      } catch (err) {
        const retryable = this.dialect === 'sqlite' ? isSqliteBusy(err) : isPostgresRetryable(err);
        if (!retryable || attempt >= MAX_ATTEMPTS) throw err;
        this.logger.warn({ attempt, code: (err as { code?: string }).code }, 'transaction conflict; retrying');
        await sleep(Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** One statement outside an explicit transaction (reads, single-row writes). */
  async query(step: SqlStep): Promise<SqlRow[]> {
    return this.run(function* (): Generator<SqlStep, SqlRow[], SqlRow[]> {
      return yield step;
    });
  }

  /** One statement without an explicit transaction (reads; idempotent single-row writes). */
  async exec(step: SqlStep): Promise<SqlRow[]> {
    if (this.dialect === 'sqlite') {
      // a write never joins someone else's open TypeORM transaction on the shared connection (its rollback would undo it)
      if (this.sqlite().inTransaction && !/^\s*select\b/i.test(step.sql)) return this.query(step);
      for (let attempt = 1; ; attempt++) {
        try {
          return this.execSqlite(step);
        } catch (err) {
          if (!isSqliteBusy(err) || attempt >= MAX_ATTEMPTS) throw err;
          await sleep(10 * 2 ** attempt);
        }
      }
    }
    const { sql, params } = forDialect('postgres', step);
    this.statementListeners.emit('postgres', sql);
    const result = await this.pool().query(sql, params);
    return result.rows as SqlRow[];
  }

  /**
   * PostgreSQL: one self-contained statement (atomic on its own, data-modifying CTEs included) in ONE round trip on
   * the pool — no BEGIN/COMMIT; retried on serialization failure or deadlock. SQLite: the same as `query`.
   */
  async atomic(step: SqlStep): Promise<SqlRow[]> {
    if (this.dialect === 'sqlite') return this.query(step);
    const { sql, params } = forDialect('postgres', step);
    for (let attempt = 1; ; attempt++) {
      try {
        this.statementListeners.emit('postgres', sql);
        const result = await this.pool().query(sql, params);
        return result.rows as SqlRow[];
      } catch (err) {
        if (!isPostgresRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
        this.logger.warn({ attempt, code: (err as { code?: string }).code }, 'statement conflict; retrying');
        await sleep(Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  private sqlite(): BetterSqlite3.Database {
    const db = (this.dataSource.driver as unknown as { databaseConnection?: BetterSqlite3.Database }).databaseConnection;
    if (!db || !db.open) throw new Error('the SQLite database is closed');
    return db;
  }

  private pool(): pg.Pool {
    const pool = (this.dataSource.driver as unknown as { master?: pg.Pool }).master;
    if (!pool) throw new Error('the PostgreSQL pool is closed');
    return pool;
  }

  private execSqlite(step: SqlStep, db = this.sqlite()): SqlRow[] {
    let cached = this.statements.get(step.sql);
    if (!cached || cached.db !== db) {
      const form = sqliteForm(step.sql);
      cached = { form, statement: db.prepare(form.sql), db };
      if (this.statements.size >= 500) this.statements.clear();
      this.statements.set(step.sql, cached);
    }
    const params = sqliteParams(cached.form, step.params);
    this.statementListeners.emit('sqlite', step.sql);
    if (cached.statement.reader) return cached.statement.all(...params) as SqlRow[];
    cached.statement.run(...params);
    return [];
  }

  private runSqlite<T>(body: TxBody<T>, onCommit?: (value: T) => void): Promise<T> {
    return this.group.submit(body, onCommit);
  }

  private async runPostgres<T>(body: TxBody<T>, onCommit?: (value: T) => void): Promise<T> {
    const client = await this.pool().connect();
    let broken = false;
    try {
      this.statementListeners.emit('postgres', 'BEGIN');
      await client.query('BEGIN');
      const gen = body();
      let next = gen.next();
      while (!next.done) {
        const { sql, params } = forDialect('postgres', next.value);
        this.statementListeners.emit('postgres', sql);
        const result = await client.query(sql, params);
        next = gen.next(result.rows as SqlRow[]);
      }
      this.statementListeners.emit('postgres', 'COMMIT');
      await client.query('COMMIT');
      onCommit?.(next.value);
      return next.value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken ? true : undefined);
    }
  }
}
