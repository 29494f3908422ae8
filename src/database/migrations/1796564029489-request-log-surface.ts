import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The /v1 surface of each request-log row (chat, embeddings, messages, responses); rows before it were chat. */
export class RequestLogSurface1796564029489 implements MigrationInterface {
  name = 'RequestLogSurface1796564029489';

  async up(q: QueryRunner): Promise<void> {
    if (await q.hasColumn('request_logs', 'surface')) return;
    await q.addColumn('request_logs', new TableColumn({ name: 'surface', type: 'varchar', length: '32', isNullable: false, default: "'chat'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    if (await q.hasColumn('request_logs', 'surface')) await q.dropColumn('request_logs', 'surface');
  }
}
