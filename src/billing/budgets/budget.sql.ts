import type { Money } from '../../common/index.js';
import { num, sql, type SqlRow, type SqlStep } from '../../database/index.js';

/**
 * Hold `$3` against the budget of owner `$1` in the period starting `$2`, only if spend + holds + `$3` stay within the
 * limit `$4`. One conditional upsert: atomic on SQLite and PostgreSQL, across processes. (A hold larger than the whole
 * limit is refused before this runs, so a fresh row never starts over it.) No row returned = refused.
 */
export const BUDGET_HOLD = `INSERT INTO budget_spend (owner_id, period_start, spent_usd_e10, reserved_usd_e10) VALUES ($1, $2, 0, $3)
  ON CONFLICT (owner_id, period_start) DO UPDATE SET reserved_usd_e10 = budget_spend.reserved_usd_e10 + excluded.reserved_usd_e10
  WHERE budget_spend.spent_usd_e10 + budget_spend.reserved_usd_e10 + excluded.reserved_usd_e10 <= $4
  RETURNING owner_id`;

/** Settle or release one budget's part of a reservation: spend moves by the exact cost, the hold is returned. */
export const BUDGET_MOVE = `UPDATE budget_spend SET spent_usd_e10 = spent_usd_e10 + $3, reserved_usd_e10 = reserved_usd_e10 - $4
  WHERE owner_id = $1 AND period_start = $2`;

/** The budget settings of a client and of a key, read inside the admission transaction (the truth, not the cache). */
export const CLIENT_BUDGET = 'SELECT budget_limit_usd_e10, budget_period FROM clients WHERE id = $1';
export const KEY_BUDGET = 'SELECT budget_limit_usd_e10, budget_period FROM client_keys WHERE id = $1';

/** The columns a closed reservation returns so its budget periods can be moved (see budgetMoves). */
export const RESERVATION_BUDGET_COLUMNS = 'client_id, key_id, client_budget_period, key_budget_period';

/**
 * The statements that move the budgets a reservation row held: spend by `spent` (the exact cost; 0 on release), hold
 * by `held`. Nothing when the reservation held no budget.
 */
export function budgetMoves(row: SqlRow, spent: Money, held: Money): SqlStep[] {
  const steps: SqlStep[] = [];
  if (row.client_budget_period !== null && row.client_budget_period !== undefined) {
    steps.push(sql(BUDGET_MOVE, String(row.client_id), num(row.client_budget_period), spent, held));
  }
  if (row.key_budget_period !== null && row.key_budget_period !== undefined && row.key_id) {
    steps.push(sql(BUDGET_MOVE, String(row.key_id), num(row.key_budget_period), spent, held));
  }
  return steps;
}
