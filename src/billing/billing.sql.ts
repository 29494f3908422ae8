// The SQL of BillingService's admission and charging transactions, and the transaction bodies built from it: the
// statements per database (SQLite step by step, PostgreSQL one statement per round trip), kept apart from the
// service's decisions (who admits, when the journal is written, what is mirrored in memory).
import type { Money } from '../common/index.js';
import { SqlTransactions, bool, money, sql, type SqlRow, type SqlStep, type TxBody } from '../database/index.js';
import { RESERVATION_BUDGET_COLUMNS, budgetMoves } from './budgets/budget.sql.js';
import { leaseJournal } from './admission/lease.sql.js';
import { JournalRefused } from './admission/journal.refusal.js';

/** The reservation's parameters; parameter 8 is the row's `delivered` flag (a journal written at the first byte says so). */
function withDelivered(params: readonly unknown[], delivered: boolean): readonly unknown[] {
  return delivered ? params.map((v, i) => (i === 7 ? true : v)) : params;
}

/** The SQLite admission (the credit book's journal): the conditional hold and the reservation row, as one body. */
export function sqliteAdmitBody(params: readonly unknown[], delivered: boolean): TxBody<'ok'> {
  const values = withDelivered(params, delivered);
  return function* () {
    const held = yield sql(SQLITE_HOLD, values[1], values[5]);
    if (held.length === 0) throw new JournalRefused('quota');
    const inserted = yield sql(SQLITE_RESERVE, ...values);
    if (inserted.length === 0) throw new JournalRefused('reused');
    return 'ok' as const;
  };
}

/** PostgreSQL's admission from a credit lease, journaled: one statement moving the amount from the lease to the row. */
export function pgLeaseJournalBody(params: readonly unknown[], delivered: boolean): TxBody<'ok'> {
  const values = withDelivered(params, delivered);
  return function* () {
    const [row] = yield sql(PG_LEASE_JOURNAL, ...values);
    if (bool(row?.used)) throw new JournalRefused('reused');
    if (!bool(row?.inserted)) throw new JournalRefused('quota');
    return 'ok' as const;
  };
}

/** PostgreSQL's awaited admission: one statement, one round trip (the conditional hold and the row commit together). */
export async function pgAdmit(sqlTx: SqlTransactions, params: readonly unknown[]): Promise<'ok' | 'quota' | 'reused'> {
  const [row] = await sqlTx.atomic(sql(PG_ADMIT, ...params));
  if (bool(row?.used)) return bool(row?.affordable) ? 'reused' : 'quota';
  return bool(row?.admitted) ? 'ok' : 'quota';
}

export interface SqliteCharge {
  duplicate: boolean;
  costE10: Money;
  balanceE10: Money;
  /** the open reservation's hold the charge closed (0: none was open) */
  heldE10: Money;
}

/** The SQLite charging transaction's statements (see BillingService.charge). */
export function* sqliteChargeSteps(
  entryId: string, requestId: string, clientId: string, cost: Money, estimated: boolean, note: string | null, now: number,
): Generator<SqlStep, SqliteCharge, SqlRow[]> {
  const inserted = yield sql(
    `INSERT INTO ledger_entries (id, client_id, amount_usd_e10, kind, request_id, note, estimated, created_at)
     VALUES ($1, $2, $3, 'charge', $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
    entryId, clientId, -cost, requestId, note, estimated, now,
  );
  if (inserted.length === 0) {
    const prior = yield sql(PRIOR_CHARGE, requestId);
    return { duplicate: true, costE10: -money(prior[0]?.amount_usd_e10), balanceE10: money(prior[0]?.balance_usd_e10), heldE10: 0n };
  }
  const closed = yield sql(
    `UPDATE reservations SET status = 'settled', updated_at = $2 WHERE request_id = $1 AND status = 'open' RETURNING amount_usd_e10, ${RESERVATION_BUDGET_COLUMNS}`,
    requestId, now,
  );
  const held = closed.length ? money(closed[0].amount_usd_e10) : 0n;
  if (closed.length) for (const step of budgetMoves(closed[0], cost, held)) yield step;
  const client = yield sql(
    `UPDATE clients SET balance_usd_e10 = balance_usd_e10 - $2, reserved_usd_e10 = reserved_usd_e10 - $3 WHERE id = $1 RETURNING balance_usd_e10`,
    clientId, cost, held,
  );
  if (client.length === 0) throw new Error(`client ${clientId} does not exist`);
  return { duplicate: false, costE10: cost, balanceE10: money(client[0].balance_usd_e10), heldE10: held };
}

const RESERVATION_VALUES = `CAST($1 AS varchar(128)), CAST($2 AS varchar(64)), CAST($3 AS varchar(64)), CAST($4 AS varchar(200)),
  CAST($5 AS varchar(64)), CAST($6 AS bigint), CAST($7 AS bigint), 'open', CAST($8 AS boolean), CAST($9 AS integer),
  CAST($10 AS varchar(255)), CAST($11 AS varchar(64)), CAST($12 AS bigint), CAST($12 AS bigint)`;
const RESERVATION_COLUMNS = `request_id, client_id, key_id, model, provider, amount_usd_e10, estimate_usd_e10, status, delivered,
  prompt_estimate, idempotency_key, instance_id, created_at, updated_at`;

/** SQLite admission, step 1: the conditional hold (`balance − reserved ≥ worst case`). */
const SQLITE_HOLD = `UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 + $2
  WHERE id = $1 AND deleted_at IS NULL AND balance_usd_e10 - reserved_usd_e10 >= $2 RETURNING id`;
/** SQLite admission, step 2: the reservation row, unless the request id was already charged (column affinity types it). */
const SQLITE_RESERVE = `INSERT INTO reservations (${RESERVATION_COLUMNS})
  SELECT $1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $12
  WHERE NOT EXISTS (SELECT 1 FROM ledger_entries WHERE request_id = $1)
  RETURNING request_id`;

/**
 * PostgreSQL admission in one statement. `used`: the request id was already charged (nothing changes; 409 unless the
 * client could not afford it anyway, then 402 as the step-by-step order would answer). `admitted`: hold + row written.
 */
const PG_ADMIT = `WITH used AS (
    SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE request_id = CAST($1 AS varchar(128))) AS used
  ), held AS (
    UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 + CAST($6 AS bigint)
    WHERE id = CAST($2 AS varchar(64)) AND deleted_at IS NULL AND balance_usd_e10 - reserved_usd_e10 >= CAST($6 AS bigint)
      AND NOT (SELECT used FROM used)
    RETURNING id
  ), inserted AS (
    INSERT INTO reservations (${RESERVATION_COLUMNS}) SELECT ${RESERVATION_VALUES} FROM held RETURNING request_id
  )
  SELECT (SELECT used FROM used) AS used, EXISTS (SELECT 1 FROM inserted) AS admitted,
    EXISTS (SELECT 1 FROM clients WHERE id = CAST($2 AS varchar(64)) AND deleted_at IS NULL
      AND balance_usd_e10 - reserved_usd_e10 >= CAST($6 AS bigint)) AS affordable`;

const PG_LEASE_JOURNAL = leaseJournal(RESERVATION_COLUMNS, RESERVATION_VALUES);

/**
 * PostgreSQL settlement in one statement: the charge row (unique request id), the reservation closed if open, balance
 * and hold moved — all only when the charge row was new. Otherwise the first charge is returned (from this snapshot).
 */
export const PG_CHARGE = `WITH ins AS (
    INSERT INTO ledger_entries (id, client_id, amount_usd_e10, kind, request_id, note, estimated, created_at)
    VALUES ($1, $2, $3, 'charge', $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING RETURNING id
  ), closed AS (
    UPDATE reservations SET status = 'settled', updated_at = $7
    WHERE request_id = $4 AND status = 'open' AND EXISTS (SELECT 1 FROM ins)
    RETURNING amount_usd_e10, client_id, key_id, client_budget_period, key_budget_period
  ), budgets_moved AS (
    UPDATE budget_spend b SET spent_usd_e10 = b.spent_usd_e10 - $3, reserved_usd_e10 = b.reserved_usd_e10 - c.amount_usd_e10
    FROM closed c WHERE (b.owner_id = c.client_id AND b.period_start = c.client_budget_period)
      OR (b.owner_id = c.key_id AND b.period_start = c.key_budget_period)
    RETURNING b.owner_id
  ), moved AS (
    UPDATE clients SET balance_usd_e10 = balance_usd_e10 + $3, reserved_usd_e10 = reserved_usd_e10 - COALESCE((SELECT amount_usd_e10 FROM closed), 0)
    WHERE id = $2 AND EXISTS (SELECT 1 FROM ins) RETURNING balance_usd_e10
  )
  SELECT EXISTS (SELECT 1 FROM ins) AS inserted, (SELECT balance_usd_e10 FROM moved) AS balance_usd_e10,
    (SELECT amount_usd_e10 FROM ledger_entries WHERE request_id = $4) AS prior_amount_usd_e10,
    (SELECT c.balance_usd_e10 FROM ledger_entries l JOIN clients c ON c.id = l.client_id WHERE l.request_id = $4) AS prior_balance_usd_e10`;

export const PRIOR_CHARGE = `SELECT l.amount_usd_e10, c.balance_usd_e10 FROM ledger_entries l JOIN clients c ON c.id = l.client_id WHERE l.request_id = $1`;
