import { CreditBook } from '../../../../src/billing/admission/credit-book.js';
import { FRESH_WINDOW_MS, FreshRequestIds } from '../../../../src/billing/admission/fresh-request-ids.js';
import { newRequestId } from '../../../../src/common/http/request-id.js';
import type { SqlRow, SqlTransactions, TxBody } from '../../../../src/database/index.js';

/**
 * A stand-in for SqlTransactions on SQLite: bodies are queued and committed in order by `commit()`, each body's
 * commit hook running right after it, as the group commit does. `clients` is the database's clients table.
 */
class FakeSqlite {
  readonly dialect = 'sqlite' as const;
  clients = new Map<string, { balance: number; reserved: number; deleted: boolean }>();
  private queue: Array<() => void> = [];

  run<T>(body: TxBody<T>, onCommit?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve) => {
      this.queue.push(() => {
        const gen = body();
        let next = gen.next();
        while (!next.done) {
          const id = String(next.value.params[0]);
          const c = this.clients.get(id);
          const rows: SqlRow[] = c ? [{ balance_usd_e10: c.balance, reserved_usd_e10: c.reserved, deleted_at: c.deleted ? 1 : null }] : [];
          next = gen.next(rows);
        }
        onCommit?.(next.value);
        resolve(next.value);
      });
    });
  }

  commit(): void {
    const batch = this.queue;
    this.queue = [];
    for (const run of batch) run();
  }
}

function bookOn(db: FakeSqlite): CreditBook {
  return new CreditBook(db as unknown as SqlTransactions);
}

describe('credit book (SQLite admission authority)', () => {
  it('grants holds synchronously while they fit what is left, counting holds not yet journaled', async () => {
    const db = new FakeSqlite();
    db.clients.set('c', { balance: 100, reserved: 30, deleted: false });
    const book = bookOn(db);
    const loading = book.load('c');
    db.commit();
    await loading;
    expect(book.tryHold('c', 50n)).toBeNull();
    expect(book.tryHold('c', 21n)).toBe(20n); // 100 − 30 − 50 left: refused, nothing held
    expect(book.tryHold('c', 20n)).toBeNull();
    expect(book.tryHold('c', 1n)).toBe(0n);
  });

  it('follows journal, settlement, release and top-up commits; a load between commits counts each exactly once', async () => {
    const db = new FakeSqlite();
    db.clients.set('c', { balance: 100, reserved: 0, deleted: false });
    const book = bookOn(db);
    const first = book.load('c');
    db.commit();
    await first;
    expect(book.tryHold('c', 60n)).toBeNull();
    // the journal commits (the database now holds 60), a reload is queued after it, then a settlement after that
    db.clients.get('c')!.reserved = 60;
    book.journaled('c', 60n);
    book.invalidate('c');
    const reload = book.load('c');
    db.commit(); // reads 100/60: the journal is in it, and pending no longer counts it
    await reload;
    expect(book.tryHold('c', 41n)).toBe(40n);
    book.charged('c', 25n, 60n); // settled for 25: balance 75, nothing held
    book.credited('c', 10n); // top-up: 85
    expect(book.tryHold('c', 86n)).toBe(85n);
    expect(book.tryHold('c', 85n)).toBeNull();
    book.unhold('c', 85n);
    book.released('c', 0n);
    expect(book.tryHold('c', 85n)).toBeNull();
  });

  it('refuses a deleted or unknown client, and needs a load first', async () => {
    const db = new FakeSqlite();
    db.clients.set('gone', { balance: 100, reserved: 0, deleted: true });
    const book = bookOn(db);
    expect(() => book.tryHold('gone', 1n)).toThrow(/not loaded/);
    const loads = [book.load('gone'), book.load('nobody')];
    db.commit();
    await Promise.all(loads);
    expect(book.tryHold('gone', 1n)).toBe(0n);
    expect(book.tryHold('nobody', 1n)).toBe(0n);
  });
});

describe('fresh request ids (reuse decided in memory when it can be)', () => {
  const started = Date.parse('2026-12-06T12:00:00Z');

  it('a minted id is fresh once, then reused; ids of other shapes, from before the start or too old are the database’s to check', () => {
    const ids = new FreshRequestIds(started);
    const now = started + 60_000;
    const id = newRequestId(now - 5);
    expect(ids.claim(id, now)).toBe('fresh');
    expect(ids.claim(id, now + 1)).toBe('reused');
    expect(ids.claim('my-own-id', now)).toBe('unknown');
    expect(ids.claim(newRequestId(started - 1), now)).toBe('unknown');
    expect(ids.claim(newRequestId(now - FRESH_WINDOW_MS - 1), now)).toBe('unknown');
    expect(ids.claim(newRequestId(now + 1000), now)).toBe('unknown'); // from the future: not one of ours
  });

  it('forgets ids once they leave the window (their reuse then goes to the database)', () => {
    const ids = new FreshRequestIds(started);
    const id = newRequestId(started + 10);
    expect(ids.claim(id, started + 20)).toBe('fresh');
    expect(ids.claim(id, started + 10 + FRESH_WINDOW_MS + 1)).toBe('unknown');
  });
});
