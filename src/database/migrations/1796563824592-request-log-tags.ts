import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Spend attribution (owner: logging):
 * - request_logs.tags: the request's `x-gophergate-tags`, comma-joined (for display and the logs filter);
 * - request_logs.surface: which /v1 surface answered (chat, embeddings, messages, responses), added only if missing;
 * - request_log_tags: one row per (request, tag), so usage can be summed by tag with plain SQL on both databases.
 */
export class RequestLogTags1796563824592 implements MigrationInterface {
  name = 'RequestLogTags1796563824592';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "request_logs" ADD COLUMN "tags" varchar(700)');
    if (!(await q.hasColumn('request_logs', 'surface'))) {
      await q.query(`ALTER TABLE "request_logs" ADD COLUMN "surface" varchar(16) NOT NULL DEFAULT 'chat'`);
    }
    await q.createTable(new Table({
      name: 'request_log_tags',
      columns: [
        { name: 'request_id', type: 'varchar', length: '128', isPrimary: true },
        { name: 'tag', type: 'varchar', length: '64', isPrimary: true },
        { name: 'created_at', type: 'bigint' },
      ],
      indices: [new TableIndex({ name: 'ix_request_log_tags_tag_created', columnNames: ['tag', 'created_at'] }), new TableIndex({ name: 'ix_request_log_tags_created', columnNames: ['created_at'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('request_log_tags', true);
    await q.dropColumn('request_logs', 'tags');
  }
}
