import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Credit leases (owner: billing, PostgreSQL mode): a slice of a client's balance one gateway instance holds so that it
 * can admit requests in memory. A lease's amount is counted in clients.reserved_usd_e10, like an open reservation's, so
 * `reserved = Σ open reservations + Σ leases`. One row per (client, instance); the instance id is the one reservations
 * carry, so crash reconciliation reclaims a dead instance's leases with the same liveness test as its reservations.
 * SQLite has the table too (same schema everywhere) and leaves it empty: there the process itself is the authority.
 */
export class CreditLeases1796567000000 implements MigrationInterface {
  name = 'CreditLeases1796567000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'credit_leases',
      columns: [
        { name: 'client_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'instance_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'amount_usd_e10', type: 'bigint', default: 0 },
        { name: 'expires_at', type: 'bigint' },
        { name: 'updated_at', type: 'bigint' },
      ],
    }), true);
    await q.createIndex('credit_leases', new TableIndex({ name: 'idx_credit_leases_instance', columnNames: ['instance_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('credit_leases', true);
  }
}
