import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Money } from '../../common/index.js';
import { SqlTransactions, type TxBody } from '../../database/index.js';
import { CreditBook } from './credit-book.js';

/** How long an admission may stay only in memory when nothing else writes it first (first byte, settlement, release). */
export const JOURNAL_AFTER_MS = 50;

/** The hold + reservation row of one admission; `delivered` writes the row as already delivered (the first byte). */
export type JournalBody = (delivered: boolean) => TxBody<unknown>;

/**
 * Who granted an admission's hold in memory and follows its journal: the credit book (SQLite) or this instance's
 * credit leases (PostgreSQL). Told when the journal commits, when the hold is dropped unwritten, and when the database
 * refused what memory granted (memory was wrong about the client).
 */
export interface HoldKeeper {
  journaled(clientId: string, amount: Money): void;
  unhold(clientId: string, amount: Money): void;
  invalidate(clientId: string): void;
}

interface Journal {
  clientId: string;
  amount: Money;
  body: JournalBody;
  holds: HoldKeeper;
  /**
   * The body is one self-contained statement, sent alone (PostgreSQL: one round trip, no BEGIN/COMMIT), and written at
   * the first byte without the delivered flag: the caller marks the row delivered with its own statement, as PostgreSQL
   * always did.
   */
  single: boolean;
  /** waiting: in memory only; written: submitted, and `committed` settles with its outcome */
  state: 'waiting' | 'written';
  committed: Promise<unknown> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The deferred admissions of this process (SQLite: the credit book's; PostgreSQL: those taken from a credit lease) and whether their journal (the same hold + reservation row the transactional
 * admission writes) is in the database. A deferred admission waits in memory, off the request's path, until the first
 * of: its first byte (`delivered`: no byte reaches the client before the reservation is durable), its settlement
 * (journal and charge in one transaction), its release (never written: nothing to write), or JOURNAL_AFTER_MS (so a
 * long request's reservation reaches the database for crash reconciliation). Writing one writes every waiting one:
 * they share the group commit anyway. See src/billing/README.md for what a crash leaves at each step.
 */
@Injectable()
export class AdmissionJournal implements BeforeApplicationShutdown {
  private readonly open = new Map<string, Journal>();

  constructor(private readonly sqlTx: SqlTransactions, private readonly book: CreditBook) {}

  /** A hold granted by the book, journaled later. */
  defer(requestId: string, clientId: string, amount: Money, body: JournalBody, holds: HoldKeeper = this.book, single = false): void {
    const journal: Journal = { clientId, amount, body, holds, single, state: 'waiting', committed: null, timer: null };
    journal.timer = setTimeout(() => this.writeWaiting(), JOURNAL_AFTER_MS);
    journal.timer.unref();
    this.open.set(requestId, journal);
  }

  /** A hold granted by the book, journaled now: the caller awaits it before the provider is called. */
  now<T>(requestId: string, clientId: string, amount: Money, body: () => TxBody<T>): Promise<T> {
    const journal: Journal = { clientId, amount, body, holds: this.book, single: false, state: 'waiting', committed: null, timer: null };
    this.open.set(requestId, journal);
    return (this.write(journal, false) as Promise<T>).catch((err: unknown) => {
      this.open.delete(requestId); // refused at admission: there is nothing to settle or release
      throw err;
    });
  }

  /**
   * The first byte is about to reach the client: `durable` settles once the admission is in the database (at once when
   * it already is), rejecting when it could not be written. A waiting journal is written with its row marked
   * delivered; `alreadyWritten` = it was written before, so the caller marks the row delivered itself.
   */
  delivered(requestId: string): { durable: Promise<unknown>; alreadyWritten: boolean } {
    const journal = this.open.get(requestId);
    if (!journal) return { durable: Promise.resolve(), alreadyWritten: true };
    if (journal.state === 'waiting') {
      const durable = this.write(journal, !journal.single);
      this.writeWaiting();
      return { durable, alreadyWritten: journal.single };
    }
    return { durable: journal.committed ?? Promise.resolve(), alreadyWritten: true };
  }

  /**
   * For the settlement: a waiting journal is handed over (the caller writes it in the charging transaction and keeps
   * the book right); otherwise null, once the written journal's outcome is known.
   */
  async takeWaiting(requestId: string): Promise<{ clientId: string; amount: Money; body: TxBody<unknown>; holds: HoldKeeper } | null> {
    const journal = this.open.get(requestId);
    if (!journal) return null;
    if (journal.state === 'waiting') {
      this.stopTimer(journal);
      this.open.delete(requestId);
      return { clientId: journal.clientId, amount: journal.amount, body: journal.body(false), holds: journal.holds };
    }
    await journal.committed?.catch(() => undefined);
    return null;
  }

  /**
   * For the release: true when the journal was never written (the hold is returned in memory; nothing to write);
   * false when it was, once its outcome is known (the caller releases the row as always).
   */
  async cancel(requestId: string): Promise<boolean> {
    const journal = this.open.get(requestId);
    if (!journal) return false;
    if (journal.state === 'waiting') {
      this.stopTimer(journal);
      this.open.delete(requestId);
      journal.holds.unhold(journal.clientId, journal.amount);
      return true;
    }
    await journal.committed?.catch(() => undefined);
    return false;
  }

  /**
   * Write this request's journal now if it waits (without the delivered flag) and resolve once its outcome is known,
   * never rejecting (a failed journal has already returned its hold). For a settlement that cannot share a transaction
   * with it (PostgreSQL: two single statements, the journal first).
   */
  async written(requestId: string): Promise<void> {
    const journal = this.open.get(requestId);
    if (!journal) return;
    if (journal.state === 'waiting') void this.write(journal, false);
    await journal.committed?.catch(() => undefined);
  }

  /** The request is over (settled or released). */
  forget(requestId: string): void {
    if (this.open.get(requestId)?.state === 'written') this.open.delete(requestId);
  }

  /** A clean stop writes what waits, so the next start finds (and releases) every hold this process granted. */
  async beforeApplicationShutdown(): Promise<void> {
    this.writeWaiting();
    await Promise.allSettled([...this.open.values()].map((j) => j.committed));
  }

  private writeWaiting(): void {
    for (const journal of this.open.values()) if (journal.state === 'waiting') void this.write(journal, false);
  }

  private write(journal: Journal, delivered: boolean): Promise<unknown> {
    this.stopTimer(journal);
    journal.state = 'written';
    const { clientId, amount, holds } = journal;
    const body = journal.body(delivered);
    const run = journal.single
      ? oneStatement(this.sqlTx, body).then((value) => (holds.journaled(clientId, amount), value))
      : this.sqlTx.run(body, () => holds.journaled(clientId, amount));
    const committed = run.catch((err: unknown) => {
      // never written: the hold is gone, and the book reads the client again (deleted, or changed outside the book?).
      // The journal stays `open` with this rejection, so a first byte asked for later hears of it, never "durable".
      holds.unhold(clientId, amount);
      holds.invalidate(clientId);
      throw err;
    });
    committed.catch(() => undefined); // whoever asks gets the rejection; nobody asking is not an unhandled one
    journal.committed = committed;
    return committed;
  }

  private stopTimer(journal: Journal): void {
    if (journal.timer) clearTimeout(journal.timer);
    journal.timer = null;
  }
}

/**
 * Run a body of exactly one self-contained statement as that statement alone (atomic on its own, one round trip): its
 * rows go back into the body, which returns or throws as it would inside a transaction.
 */
async function oneStatement<T>(sqlTx: SqlTransactions, body: TxBody<T>): Promise<T> {
  const gen = body();
  const first = gen.next();
  if (first.done) return first.value;
  const rows = await sqlTx.atomic(first.value);
  const next = gen.next(rows);
  if (!next.done) throw new Error('a single-statement journal yielded a second statement');
  return next.value;
}
