import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which /v1 surface a request-log row came from (`chat`, `embeddings`, `messages`, `responses`); old rows are chat. */
export class RequestLogSurface1796563111678 implements MigrationInterface {
  name = 'RequestLogSurface1796563111678';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "request_logs" ADD COLUMN "surface" varchar(16) NOT NULL DEFAULT 'chat'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('request_logs', 'surface');
  }
}
