import { Injectable } from '@nestjs/common';
import type { Money } from '../../common/index.js';
import { SqlTransactions, money, sql, type SqlRow, type SqlStep } from '../../database/index.js';

/** The client's committed balance and hold, read when the book first needs the client (or after an invalidation). */
const LOAD = 'SELECT balance_usd_e10, reserved_usd_e10, deleted_at FROM clients WHERE id = $1';

interface Entry {
  /** The database's committed balance and hold (meaningful while `loaded`). */
  balance: Money;
  reserved: Money;
  deleted: boolean;
  loaded: boolean;
  /** Holds this process granted whose journal has not committed yet (always kept, loaded or not). */
  pending: Money;
}

/**
 * SQLite mode's authority for credit admission: per client, what the database holds (`balance`, `reserved`, kept
 * exact by the commit hooks of every transaction that moves them, in commit order) plus what this process granted
 * and has not journaled yet (`pending`). A hold is granted synchronously when `balance − reserved − pending` covers it,
 * so two admissions can never both take the last credit, and the database's own conditional hold (the journal) can
 * never refuse what the book granted: the database's `reserved` is the book's minus `pending`, its balance the same.
 *
 * Only SQLite: there the process owns the database (DESIGN.md, hot path step 4). Amounts are Money (1e-10 USD, bigint).
 */
@Injectable()
export class CreditBook {
  readonly enabled: boolean;
  private readonly entries = new Map<string, Entry>();
  private readonly loads = new Map<string, Promise<void>>();

  constructor(private readonly sqlTx: SqlTransactions) {
    this.enabled = sqlTx.dialect === 'sqlite';
  }

  isLoaded(clientId: string): boolean {
    return this.entries.get(clientId)?.loaded === true;
  }

  /**
   * Read the client's committed figures, as one transaction body: commits before it are in what it reads, and the
   * commit hooks of bodies after it apply on top (they run after this one's). Concurrent loads share one read.
   */
  load(clientId: string): Promise<void> {
    let loading = this.loads.get(clientId);
    if (!loading) {
      loading = this.sqlTx
        .run(function* (): Generator<SqlStep, SqlRow[], SqlRow[]> {
          return yield sql(LOAD, clientId);
        }, (rows) => this.loaded(clientId, rows))
        .then(() => undefined)
        .finally(() => this.loads.delete(clientId));
      this.loads.set(clientId, loading);
    }
    return loading;
  }

  /**
   * Grant a hold of `amount` when what is left covers it. Returns null when granted, else what is left (≥ 0 unless an
   * overrun took the balance below zero). The client must be loaded.
   */
  tryHold(clientId: string, amount: Money): Money | null {
    const e = this.entries.get(clientId);
    if (!e?.loaded) throw new Error(`credit book: client ${clientId} is not loaded`);
    const left = e.deleted ? 0n : e.balance - e.reserved - e.pending;
    if (e.deleted || left < amount) return left;
    e.pending += amount;
    return null;
  }

  /** A granted hold's journal committed: it moves from pending to the database's hold. */
  journaled(clientId: string, amount: Money): void {
    const e = this.entry(clientId);
    e.pending -= amount;
    if (e.loaded) e.reserved += amount;
  }

  /** A granted hold will never be journaled (cancelled before it was written, or its journal failed). */
  unhold(clientId: string, amount: Money): void {
    this.entry(clientId).pending -= amount;
  }

  /** Committed: a charge of `cost` that closed a hold of `held` (0 when no open reservation was closed). */
  charged(clientId: string, cost: Money, held: Money): void {
    const e = this.entries.get(clientId);
    if (!e?.loaded) return; // not mirrored: the next load reads it
    e.balance -= cost;
    e.reserved -= held;
  }

  /** Committed: a reservation's hold was returned. */
  released(clientId: string, held: Money): void {
    const e = this.entries.get(clientId);
    if (e?.loaded) e.reserved -= held;
  }

  /** Committed: a ledger entry (top-up, correction, initial credit) moved the balance. */
  credited(clientId: string, amount: Money): void {
    const e = this.entries.get(clientId);
    if (e?.loaded) e.balance += amount;
  }

  /** Forget the committed figures (something outside the book changed them); the next admission reads them again. */
  invalidate(clientId: string): void {
    const e = this.entries.get(clientId);
    if (e) e.loaded = false;
  }

  private loaded(clientId: string, rows: SqlRow[]): void {
    const e = this.entry(clientId);
    const row = rows[0];
    e.balance = money(row?.balance_usd_e10);
    e.reserved = money(row?.reserved_usd_e10);
    e.deleted = !row || (row.deleted_at !== null && row.deleted_at !== undefined);
    e.loaded = true;
  }

  private entry(clientId: string): Entry {
    let e = this.entries.get(clientId);
    if (!e) {
      e = { balance: 0n, reserved: 0n, deleted: false, loaded: false, pending: 0n };
      this.entries.set(clientId, e);
    }
    return e;
  }
}
