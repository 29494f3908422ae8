import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every money column: [table, name in micro-dollars, name in the new unit]. */
export const MONEY_COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  ['clients', 'balance_micros', 'balance_usd_e10'],
  ['clients', 'reserved_micros', 'reserved_usd_e10'],
  ['clients', 'budget_limit_micros', 'budget_limit_usd_e10'],
  ['clients', 'low_balance_micros', 'low_balance_usd_e10'],
  ['client_keys', 'budget_limit_micros', 'budget_limit_usd_e10'],
  ['ledger_entries', 'amount_micros', 'amount_usd_e10'],
  ['reservations', 'amount_micros', 'amount_usd_e10'],
  ['reservations', 'estimate_micros', 'estimate_usd_e10'],
  ['request_logs', 'cost_micros', 'cost_usd_e10'],
  ['usage_rollups', 'cost_micros', 'cost_usd_e10'],
  ['budget_spend', 'spent_micros', 'spent_usd_e10'],
  ['budget_spend', 'reserved_micros', 'reserved_usd_e10'],
];

/** Micro-dollars → 1e-10 USD. */
const FACTOR = 10_000;
/** The largest micro-dollar amount that still fits int64 once multiplied (SQLite would silently turn it into a REAL). */
const LARGEST_MICROS = '922337203685477';

/**
 * Money moves from integer micro-dollars to integer 1e-10 USD (see common/money.ts), so costs are exact at the catalog's
 * precision. Each column is renamed to say its unit and multiplied by 10,000 in the same transaction: every amount is
 * the same money, so balance == Σ ledger and every total still hold. Types stay bigint. Triggers that name these columns
 * follow the rename on both databases (SQLite rewrites them; PostgreSQL refers to columns by number).
 * Refused, before anything changes, when an amount is too large to multiply inside int64 (|x| > $922,337,203).
 * down() divides by 10,000 rounding toward zero: sub-micro-dollar amounts recorded since are lost.
 */
export class MoneyUsdE101796566000000 implements MigrationInterface {
  name = 'MoneyUsdE101796566000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, from] of MONEY_COLUMNS) {
      const rows = (await q.query(`SELECT COUNT(*) AS n FROM "${table}" WHERE "${from}" > ${LARGEST_MICROS} OR "${from}" < -${LARGEST_MICROS}`)) as Array<{ n: number | string }>;
      if (Number(rows[0]?.n ?? 0) > 0) throw new Error(`${table}.${from} holds an amount beyond $922,337,203: it cannot move to 1e-10 USD in int64`);
    }
    for (const [table, from, to] of MONEY_COLUMNS) {
      await q.query(`ALTER TABLE "${table}" RENAME COLUMN "${from}" TO "${to}"`);
      await q.query(`UPDATE "${table}" SET "${to}" = "${to}" * ${FACTOR} WHERE "${to}" <> 0`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, from, to] of MONEY_COLUMNS) {
      await q.query(`UPDATE "${table}" SET "${to}" = "${to}" / ${FACTOR} WHERE "${to}" <> 0`);
      await q.query(`ALTER TABLE "${table}" RENAME COLUMN "${to}" TO "${from}"`);
    }
  }
}
