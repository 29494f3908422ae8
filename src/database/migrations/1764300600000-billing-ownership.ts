import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing additions (owner: billing):
 * - reservations.instance_id: which running process holds an open reservation, so crash reconciliation on one replica
 *   never touches another live replica's in-flight requests;
 * - reservations.estimate_micros: the charge for a request that crashed after bytes reached the client (`estimated`);
 * - idempotency_keys.content_type: replayed responses keep their content type;
 * - PostgreSQL: request ids may be 128 characters (x-request-id), so widen the 64-character request_id keys.
 */
export class BillingOwnership1764300600000 implements MigrationInterface {
  name = 'BillingOwnership1764300600000';

  async up(q: QueryRunner): Promise<void> {
    // plain ADD COLUMN: the same statement on both databases, no table rebuild on SQLite
    await q.query('ALTER TABLE "reservations" ADD COLUMN "instance_id" varchar(64)');
    await q.query('ALTER TABLE "reservations" ADD COLUMN "estimate_micros" bigint NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE "idempotency_keys" ADD COLUMN "content_type" varchar(100)');
    if (q.connection.options.type === 'postgres') {
      await q.query('ALTER TABLE "reservations" ALTER COLUMN "request_id" TYPE varchar(128)');
      await q.query('ALTER TABLE "request_logs" ALTER COLUMN "request_id" TYPE varchar(128)');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('idempotency_keys', 'content_type');
    await q.dropColumn('reservations', 'estimate_micros');
    await q.dropColumn('reservations', 'instance_id');
  }
}
