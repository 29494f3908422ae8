import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing (owner: gateway routing): request_logs.served_model, the model id the provider served, next to `model`
 * (what the client asked for: an alias, or a name a rule rewrites). Plain ADD COLUMN: the same statement on both
 * databases, no table rebuild on SQLite; old rows keep NULL.
 */
export class ServedModel1796563809296 implements MigrationInterface {
  name = 'ServedModel1796563809296';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "request_logs" ADD COLUMN "served_model" varchar(200)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('request_logs', 'served_model');
  }
}
