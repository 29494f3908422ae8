import type { Money } from '../../common/index.js';
import { money, sql, type SqlRow, type SqlStep } from '../../database/index.js';
import { BUDGET_HOLD, CLIENT_BUDGET, KEY_BUDGET } from './budget.sql.js';
import { isBudgetPeriod, periodStart, type BudgetPeriod } from './budget.period.js';
import type { BudgetHold, BudgetScope } from './budget.types.js';

/** A budget could not hold the request's worst case: the transaction rolls back and the request gets 402. */
export class BudgetRefused extends Error {
  constructor(
    readonly scope: BudgetScope,
    readonly ownerId: string,
    readonly period: BudgetPeriod,
    readonly periodStart: number,
    readonly limitE10: Money,
  ) {
    super(`${scope} budget exceeded`);
  }
}

export type BudgetedOutcome = { kind: 'ok'; hold: BudgetHold } | { kind: 'quota' } | { kind: 'reused' };

const HOLD_CREDIT = `UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 + $2
  WHERE id = $1 AND deleted_at IS NULL AND balance_usd_e10 - reserved_usd_e10 >= $2 RETURNING id`;
const ALREADY_CHARGED = 'SELECT 1 AS used FROM ledger_entries WHERE request_id = $1';
const RESERVE = `INSERT INTO reservations (request_id, client_id, key_id, model, provider, amount_usd_e10, estimate_usd_e10, status, delivered,
  prompt_estimate, idempotency_key, instance_id, created_at, updated_at, client_budget_period, key_budget_period)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $12, $13, $14)`;

export interface BudgetedAdmitInput {
  /** the 12 reservation parameters of BillingService (request id, client, key, model, provider, amount, estimate, delivered, prompt estimate, idempotency key, instance, now) */
  params: readonly unknown[];
  clientId: string;
  keyId: string;
  reserveE10: Money;
  /** the budget clock's now (which period the request falls in) */
  now: number;
}

/**
 * Admission for a client or key with a budget, as ONE transaction on either database: the credit hold, then a
 * conditional hold on each budget's current period (BUDGET_HOLD), then the reservation row remembering those periods.
 * Any refusal throws, so nothing of it stays. The budget settings are read inside the transaction, not from a cache.
 */
export function budgetedAdmitBody(input: BudgetedAdmitInput): () => Generator<SqlStep, BudgetedOutcome, SqlRow[]> {
  return function* () {
    const used = yield sql(ALREADY_CHARGED, input.params[0]);
    if (used.length > 0) return { kind: 'reused' };
    const held = yield sql(HOLD_CREDIT, input.clientId, input.reserveE10);
    if (held.length === 0) return { kind: 'quota' };
    const hold: BudgetHold = { clientPeriod: null, keyPeriod: null };
    const scopes: Array<[BudgetScope, string, string]> = [['client', input.clientId, CLIENT_BUDGET], ['key', input.keyId, KEY_BUDGET]];
    for (const [scope, ownerId, query] of scopes) {
      const rows = yield sql(query, ownerId);
      const limit = rows[0]?.budget_limit_usd_e10;
      const period = rows[0]?.budget_period;
      if (limit === null || limit === undefined || !isBudgetPeriod(period)) continue;
      const limitE10 = money(limit);
      const start = periodStart(period, input.now);
      if (input.reserveE10 > limitE10) throw new BudgetRefused(scope, ownerId, period, start, limitE10);
      const ok = yield sql(BUDGET_HOLD, ownerId, start, input.reserveE10, limitE10);
      if (ok.length === 0) throw new BudgetRefused(scope, ownerId, period, start, limitE10);
      if (scope === 'client') hold.clientPeriod = start;
      else hold.keyPeriod = start;
    }
    yield sql(RESERVE, ...input.params, hold.clientPeriod, hold.keyPeriod);
    return { kind: 'ok', hold };
  };
}
