import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EventBus, MONEY_MAX, creditEvent, moneyToDecimal, moneyToUsd, type Money } from '../../common/index.js';
import { decodeCursor, encodeCursor } from '../../logging/index.js';
import { SqlTransactions, bool, money, num, sql, type SqlRow } from '../../database/index.js';
import type { LedgerKind } from '../billing.types.js';
import { ledgerEntryId } from './ledger.ids.js';
import { CreditBook } from '../admission/credit-book.js';
import { CreditLeases } from '../admission/credit-leases.js';

export interface LedgerEntryView {
  id: string;
  amount_usd: number;
  /** the exact decimal of amount_usd (a JSON number cannot carry every amount exactly) */
  amount_usd_exact: string;
  kind: LedgerKind;
  request_id: string | null;
  note: string | null;
  estimated: boolean;
  created_at: string;
}

export interface BalanceMismatch {
  clientId: string;
  balanceE10: Money;
  ledgerE10: Money;
  reservedE10: Money;
  openReservationsE10: Money;
  /** what credit leases (PostgreSQL) hold: also in reservedE10 */
  leasesE10: Money;
}

/**
 * The credit ledger: the truth about money. Every entry moves clients.balance_usd_e10 in the same transaction, so a
 * balance always equals the sum of its client's entries (verify() proves it). Charges are written by BillingService.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly sqlTx: SqlTransactions, private readonly events: EventBus, private readonly book: CreditBook, private readonly leases: CreditLeases) {}

  /**
   * Add a credit (> 0), a correction (either sign) or the initial credit. Unknown or deleted client → NotFoundException.
   * A negative amount may not take the balance below what open reservations hold (→ BadRequestException).
   */
  async addEntry(clientId: string, amountE10: Money, kind: 'credit' | 'correction' | 'initial', note: string | null = null): Promise<{ entryId: string; balanceE10: Money }> {
    const entryId = ledgerEntryId();
    const now = Date.now();
    const book = this.book;
    const amount = amountE10;
    // SQLite: a correction may not take away what the book has granted but not journaled yet, so it holds what it
    // removes until its commit, exactly as an admission would (the database's own check below cannot see those holds)
    let held = 0n;
    // PostgreSQL: this replica's unspent lease for the client goes back first, so a correction can take it (another
    // replica's lease is held until it is used up, returned idle, or reclaimed: the check below counts it as held)
    if (this.leases.enabled && amount < 0n) await this.leases.giveBack(clientId);
    if (book.enabled && amount < 0n && (await this.clientExists(clientId))) {
      if (!book.isLoaded(clientId)) await book.load(clientId);
      if (book.tryHold(clientId, -amount) !== null) throw new BadRequestException('this correction would take the balance below zero (or below what in-flight requests hold)');
      held = -amount;
    }
    const settleBook = (committed: boolean) => {
      if (!book.enabled) return;
      if (held) book.unhold(clientId, held);
      if (committed) book.credited(clientId, amount);
    };
    const result = await this.sqlTx.run(function* () {
      const exists = yield sql('SELECT id FROM clients WHERE id = $1 AND deleted_at IS NULL', clientId);
      if (exists.length === 0) return 'missing' as const;
      const updated = yield sql(
        // CAST: PostgreSQL would infer integer (int4) for $2 from `$2 >= 0`
        `UPDATE clients SET balance_usd_e10 = balance_usd_e10 + CAST($2 AS bigint), updated_at = $3
         WHERE id = $1 AND (CAST($2 AS bigint) >= 0 OR balance_usd_e10 - reserved_usd_e10 + CAST($2 AS bigint) >= 0)
           AND (CAST($2 AS bigint) <= 0 OR balance_usd_e10 <= CAST($4 AS bigint) - CAST($2 AS bigint))
         RETURNING balance_usd_e10`,
        clientId, amountE10, now, MONEY_MAX,
      );
      if (updated.length === 0) return amountE10 > 0n ? ('too_large' as const) : ('negative' as const);
      yield sql(
        `INSERT INTO ledger_entries (id, client_id, amount_usd_e10, kind, request_id, note, estimated, created_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)`,
        entryId, clientId, amountE10, kind, note, false, now,
      );
      // credit.low fires again after the next fall below the threshold once the balance is back above it
      yield sql(
        `UPDATE clients SET low_balance_alerted = $2 WHERE id = $1 AND low_balance_alerted = $3
         AND (low_balance_usd_e10 IS NULL OR balance_usd_e10 >= low_balance_usd_e10)`,
        clientId, false, true,
      );
      return money(updated[0].balance_usd_e10);
    }, (r) => settleBook(typeof r === 'bigint')).catch((err: unknown) => {
      settleBook(false);
      throw err;
    });
    if (result === 'missing') throw new NotFoundException(`client ${clientId} not found`);
    if (result === 'too_large') throw new BadRequestException(`this credit would take the balance beyond $${moneyToDecimal(MONEY_MAX)}, the most the books hold`);
    if (result === 'negative') throw new BadRequestException('this correction would take the balance below zero (or below what in-flight requests hold)');
    this.events.publish(creditEvent(clientId, result));
    return { entryId, balanceE10: result };
  }

  /** Newest first, keyset-paginated by (created_at, id). */
  async list(clientId: string, options: { limit?: number; cursor?: string | null } = {}): Promise<{ data: LedgerEntryView[]; next_cursor: string | null }> {
    const limit = Math.max(1, Math.min(1000, Math.floor(options.limit ?? 100)));
    const c = options.cursor ? decodeCursor(options.cursor) : null;
    if (options.cursor && !c) throw new BadRequestException('cursor is not valid');
    const rows = await this.sqlTx.exec(
      c
        ? sql(
            `SELECT id, amount_usd_e10, kind, request_id, note, estimated, created_at FROM ledger_entries
             WHERE client_id = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3)) ORDER BY created_at DESC, id DESC LIMIT $4`,
            clientId, c.createdAt, c.id, limit + 1,
          )
        : sql(
            `SELECT id, amount_usd_e10, kind, request_id, note, estimated, created_at FROM ledger_entries
             WHERE client_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
            clientId, limit + 1,
          ),
    );
    const data = rows.slice(0, limit).map(toView);
    const last = rows.length > limit ? rows[limit - 1] : null;
    return { data, next_cursor: last ? encodeCursor(num(last.created_at), String(last.id)) : null };
  }

  async entry(entryId: string): Promise<LedgerEntryView | null> {
    const rows = await this.sqlTx.exec(sql('SELECT id, amount_usd_e10, kind, request_id, note, estimated, created_at FROM ledger_entries WHERE id = $1', entryId));
    return rows.length ? toView(rows[0]) : null;
  }

  async clientExists(clientId: string): Promise<boolean> {
    return (await this.sqlTx.exec(sql('SELECT id FROM clients WHERE id = $1 AND deleted_at IS NULL', clientId))).length > 0;
  }

  async balances(clientId: string): Promise<{ balanceE10: Money; reservedE10: Money } | null> {
    const rows = await this.sqlTx.exec(sql('SELECT balance_usd_e10, reserved_usd_e10 FROM clients WHERE id = $1', clientId));
    return rows.length ? { balanceE10: money(rows[0].balance_usd_e10), reservedE10: money(rows[0].reserved_usd_e10) } : null;
  }

  /** Clients whose balance ≠ Σ ledger or whose hold ≠ Σ open reservations + Σ credit leases (empty when the books are right). */
  async verify(clientId?: string): Promise<BalanceMismatch[]> {
    const rows = await this.sqlTx.exec({
      sql: `SELECT c.id, c.balance_usd_e10, c.reserved_usd_e10,
          COALESCE((SELECT SUM(l.amount_usd_e10) FROM ledger_entries l WHERE l.client_id = c.id), 0) AS ledger_usd_e10,
          COALESCE((SELECT SUM(r.amount_usd_e10) FROM reservations r WHERE r.client_id = c.id AND r.status = 'open'), 0) AS open_usd_e10,
          COALESCE((SELECT SUM(cl.amount_usd_e10) FROM credit_leases cl WHERE cl.client_id = c.id), 0) AS leases_usd_e10
        FROM clients c ${clientId ? 'WHERE c.id = $1' : ''}`,
      params: clientId ? [clientId] : [],
    });
    return rows
      .map((r) => ({
        clientId: String(r.id),
        balanceE10: money(r.balance_usd_e10),
        ledgerE10: money(r.ledger_usd_e10),
        reservedE10: money(r.reserved_usd_e10),
        openReservationsE10: money(r.open_usd_e10),
        leasesE10: money(r.leases_usd_e10),
      }))
      .filter((m) => m.balanceE10 !== m.ledgerE10 || m.reservedE10 !== m.openReservationsE10 + m.leasesE10);
  }
}

function toView(row: SqlRow): LedgerEntryView {
  const amount = money(row.amount_usd_e10);
  return {
    id: String(row.id),
    amount_usd: moneyToUsd(amount),
    amount_usd_exact: moneyToDecimal(amount),
    kind: String(row.kind) as LedgerKind,
    request_id: (row.request_id as string | null) ?? null,
    note: (row.note as string | null) ?? null,
    estimated: bool(row.estimated),
    created_at: new Date(num(row.created_at)).toISOString(),
  };
}
