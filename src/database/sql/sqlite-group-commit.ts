import type BetterSqlite3 from 'better-sqlite3';
import type { SqlRow, SqlStep, TxBody } from './sql.types.js';

/** Bodies per shared transaction (a bound; a busy second keeps flushing in later turns). */
const MAX_GROUP = 256;
const WAIT_FOR_FOREIGN_TX_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Pending {
  body: TxBody<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  value: unknown;
  /** called synchronously right after the COMMIT, before `resolve` (see SqlTransactions.run) */
  committed?: (value: unknown) => void;
}

/** One body of a shared transaction threw: the transaction is rolled back and run again without it. */
class BodyFailed extends Error {
  constructor(
    readonly pending: Pending,
    override readonly cause: unknown,
  ) {
    super('a transaction body failed');
  }
}

type Exec = (step: SqlStep, db: BetterSqlite3.Database) => SqlRow[];

/** After the COMMIT: the commit hook (in commit order, before any other code runs), then the caller's promise. */
function settle(p: Pending, value: unknown): void {
  try {
    p.committed?.(value);
  } catch {
    // the work is committed whatever a hook does: its caller still hears so, and the other bodies' hooks still run
  }
  p.resolve(value);
}

/**
 * Group commit for SQLite. Transaction bodies submitted during one turn of the event loop run back to back, in order,
 * inside ONE `BEGIN IMMEDIATE … COMMIT`; a body that throws is taken out (the transaction is rolled back and the rest
 * run again), so only its caller gets the error and it has no effect. Every caller's promise settles after the COMMIT
 * (nothing is reported done before it is committed), and if the shared transaction fails every caller gets that error
 * (nothing of it was committed).
 * A commit costs far more than the statements of a short body (it writes every changed page to the WAL): under load,
 * admissions, settlements and log batches of many requests share one.
 */
export class SqliteGroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private runner: {
    db: BetterSqlite3.Database;
    one: BetterSqlite3.Transaction<(body: TxBody<unknown>) => unknown>;
    group: BetterSqlite3.Transaction<(batch: Pending[]) => void>;
  } | null = null;

  constructor(
    private readonly connection: () => BetterSqlite3.Database,
    private readonly exec: Exec,
  ) {}

  submit<T>(body: TxBody<T>, committed?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        body: body as TxBody<unknown>, resolve: resolve as (value: unknown) => void, reject, value: undefined,
        ...(committed ? { committed: committed as (value: unknown) => void } : {}),
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    let db: BetterSqlite3.Database;
    try {
      db = this.connection();
      // TypeORM shares this one connection: never nest inside someone else's open (async) transaction — wait it out.
      if (db.inTransaction) {
        const deadline = Date.now() + WAIT_FOR_FOREIGN_TX_MS;
        while (db.inTransaction && Date.now() < deadline) await sleep(1);
        if (db.inTransaction) throw Object.assign(new Error('SQLite connection busy in another transaction'), { code: 'SQLITE_BUSY' });
      }
    } catch (err) {
      this.scheduled = false;
      const failed = this.queue;
      this.queue = [];
      for (const p of failed) p.reject(err);
      return;
    }
    const batch = this.queue.length <= MAX_GROUP ? this.queue : this.queue.slice(0, MAX_GROUP);
    this.queue = batch === this.queue ? [] : this.queue.slice(MAX_GROUP);
    this.scheduled = false;
    if (this.queue.length > 0) this.schedule();

    const runner = this.runnerFor(db);
    if (batch.length === 1) {
      const [p] = batch;
      let value: unknown;
      try {
        value = runner.one.immediate(p.body);
      } catch (err) {
        p.reject(err);
        return;
      }
      settle(p, value);
      return;
    }
    // Optimistic: no savepoint per body (a savepoint copies every page it touches to a sub-journal first). When a
    // body throws, the whole transaction is rolled back and run again without it: the failed body has no effect,
    // exactly as if it had run alone. Bodies only yield statements, so running one again is safe.
    let pending = batch;
    for (let round = 0; pending.length > 0 && round <= batch.length; round++) {
      try {
        runner.group.immediate(pending);
        for (const p of pending) settle(p, p.value);
        return;
      } catch (err) {
        if (!(err instanceof BodyFailed)) {
          for (const p of pending) p.reject(err);
          return;
        }
        err.pending.reject(err.cause);
        pending = pending.filter((p) => p !== err.pending);
      }
    }
  }

  private runnerFor(db: BetterSqlite3.Database): NonNullable<SqliteGroupCommit['runner']> {
    if (this.runner?.db === db) return this.runner;
    const drive = (body: TxBody<unknown>): unknown => {
      const gen = body();
      let next = gen.next();
      while (!next.done) next = gen.next(this.exec(next.value, db));
      return next.value;
    };
    const one = db.transaction(drive);
    const group = db.transaction((batch: Pending[]) => {
      for (const p of batch) {
        try {
          p.value = drive(p.body);
        } catch (err) {
          throw new BodyFailed(p, err);
        }
      }
    });
    this.runner = { db, one, group };
    return this.runner;
  }
}
