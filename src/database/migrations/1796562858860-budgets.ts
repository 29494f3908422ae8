import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Budgets (owner: billing):
 * - clients and client_keys may carry a budget: a limit in micro-dollars, a period (day | week | month | total) and the
 *   alert thresholds (a JSON array of percentages); clients may carry `low_balance_micros` (the credit.low alert);
 * - budget_spend: what each budget spent and holds per period, keyed by the period's start (epoch ms, UTC), so a new
 *   period starts at zero without any job; `alerted_pct` / `exceeded` make each alert fire once per period;
 * - reservations remember which budget periods they hold, so settlement and release move the right rows;
 * - PostgreSQL: a budget change drops the cached key lookups on every replica (the existing NOTIFY function).
 */
export class Budgets1796562858860 implements MigrationInterface {
  name = 'Budgets1796562858860';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['clients', 'client_keys']) {
      await q.query(`ALTER TABLE "${table}" ADD COLUMN "budget_limit_micros" bigint`);
      await q.query(`ALTER TABLE "${table}" ADD COLUMN "budget_period" varchar(8)`);
      await q.query(`ALTER TABLE "${table}" ADD COLUMN "budget_alert_pct" varchar(200)`);
    }
    await q.query('ALTER TABLE "clients" ADD COLUMN "low_balance_micros" bigint');
    await q.query('ALTER TABLE "clients" ADD COLUMN "low_balance_alerted" boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE "reservations" ADD COLUMN "client_budget_period" bigint');
    await q.query('ALTER TABLE "reservations" ADD COLUMN "key_budget_period" bigint');
    await q.createTable(new Table({
      name: 'budget_spend',
      columns: [
        { name: 'owner_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'period_start', type: 'bigint', isPrimary: true },
        { name: 'spent_micros', type: 'bigint', default: 0 },
        { name: 'reserved_micros', type: 'bigint', default: 0 },
        { name: 'alerted_pct', type: 'integer', default: 0 },
        { name: 'exceeded', type: 'boolean', default: false },
      ],
    }));
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE TRIGGER gophergate_invalidate_client_budgets
        AFTER UPDATE OF budget_limit_micros, budget_period, budget_alert_pct, low_balance_micros ON clients
        FOR EACH ROW EXECUTE FUNCTION gophergate_notify_invalidation()`);
      await q.query(`CREATE TRIGGER gophergate_invalidate_key_budgets
        AFTER UPDATE OF budget_limit_micros, budget_period, budget_alert_pct ON client_keys
        FOR EACH ROW EXECUTE FUNCTION gophergate_notify_invalidation()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP TRIGGER IF EXISTS gophergate_invalidate_key_budgets ON client_keys');
      await q.query('DROP TRIGGER IF EXISTS gophergate_invalidate_client_budgets ON clients');
    }
    await q.dropTable('budget_spend', true);
    for (const [table, column] of [
      ['reservations', 'key_budget_period'], ['reservations', 'client_budget_period'], ['clients', 'low_balance_alerted'], ['clients', 'low_balance_micros'],
      ['client_keys', 'budget_alert_pct'], ['client_keys', 'budget_period'], ['client_keys', 'budget_limit_micros'],
      ['clients', 'budget_alert_pct'], ['clients', 'budget_period'], ['clients', 'budget_limit_micros'],
    ]) {
      await q.dropColumn(table, column);
    }
  }
}
