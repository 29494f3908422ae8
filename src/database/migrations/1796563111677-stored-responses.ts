import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Stored Responses-API responses (owner: gateway/responses): what `previous_response_id`, `GET` and `DELETE
 * /v1/responses/{id}` read, owned by one client and kept until `expires_at` (`responses.retention_days`).
 * `upstream_id` is set when an OpenAI provider keeps the same response on its side (a relay with store on).
 */
export class StoredResponses1796563111677 implements MigrationInterface {
  name = 'StoredResponses1796563111677';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'stored_responses',
      columns: [
        { name: 'id', type: 'varchar', length: '128', isPrimary: true },
        { name: 'client_id', type: 'varchar', length: '64' },
        { name: 'provider', type: 'varchar', length: '64', isNullable: true },
        { name: 'upstream_id', type: 'varchar', length: '128', isNullable: true },
        { name: 'model', type: 'varchar', length: '200' },
        { name: 'input_items', type: 'text' },
        { name: 'response', type: 'text' },
        { name: 'created_at', type: 'bigint' },
        { name: 'expires_at', type: 'bigint' },
      ],
      indices: [new TableIndex({ name: 'ix_stored_responses_expires_at', columnNames: ['expires_at'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('stored_responses', true);
  }
}
