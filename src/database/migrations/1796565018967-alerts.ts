import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Alerts (owner: billing's outbox, the alerts module's delivery):
 * - alert_events: the outbox; an event is written in the same transaction as the fact it reports (a threshold claimed),
 *   so a crash loses none; `dispatched` once a delivery row exists for each subscribed webhook; `target` limits a test
 *   event to one webhook;
 * - webhooks: the admin API's webhooks (the secret sealed with the secrets key);
 * - webhook_deliveries: one row per (event, webhook): attempts, the next attempt's time, the last answer.
 */
export class Alerts1796565018967 implements MigrationInterface {
  name = 'Alerts1796565018967';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'alert_events',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true }, { name: 'type', type: 'varchar', length: '32' },
        { name: 'body', type: 'text' }, { name: 'target', type: 'varchar', length: '64', isNullable: true },
        { name: 'dispatched', type: 'boolean', default: false }, { name: 'created_at', type: 'bigint' },
      ],
      indices: [new TableIndex({ name: 'ix_alert_events_dispatched', columnNames: ['dispatched', 'created_at'] })],
    }));
    await q.createTable(new Table({
      name: 'webhooks',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true }, { name: 'url', type: 'varchar', length: '2000' },
        { name: 'secret_enc', type: 'text', isNullable: true }, { name: 'events', type: 'text' },
        { name: 'created_at', type: 'bigint' }, { name: 'updated_at', type: 'bigint' },
      ],
    }));
    await q.createTable(new Table({
      name: 'webhook_deliveries',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true }, { name: 'event_id', type: 'varchar', length: '64' },
        { name: 'webhook_id', type: 'varchar', length: '64' }, { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 }, { name: 'next_attempt_at', type: 'bigint' },
        { name: 'last_status', type: 'integer', isNullable: true }, { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        { name: 'created_at', type: 'bigint' }, { name: 'delivered_at', type: 'bigint', isNullable: true },
      ],
      uniques: [{ name: 'uq_webhook_deliveries_event_webhook', columnNames: ['event_id', 'webhook_id'] }],
      indices: [
        new TableIndex({ name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
        new TableIndex({ name: 'ix_webhook_deliveries_webhook', columnNames: ['webhook_id', 'created_at'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_deliveries', 'webhooks', 'alert_events']) await q.dropTable(table, true);
  }
}
