import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = (name = 'id') => ({ name, type: 'varchar', length: '64', isPrimary: true });
const ts = (name: string, nullable = false) => ({ name, type: 'bigint', isNullable: nullable });
const str = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string, nullable = false, dflt?: number) => ({ name, type: 'integer', isNullable: nullable, ...(dflt === undefined ? {} : { default: dflt }) });
const big = (name: string, dflt = 0) => ({ name, type: 'bigint', default: dflt });
const bool = (name: string, dflt = false) => ({ name, type: 'boolean', default: dflt });
const text = (name: string, nullable = true) => ({ name, type: 'text', isNullable: nullable });

/** The whole first schema, written with TypeORM's Table API so SQLite and PostgreSQL get the same tables. */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [id(), str('username', 64), str('password_hash', 255), str('role', 16), bool('disabled'), ts('created_at'), ts('updated_at')],
      uniques: [{ name: 'uq_users_username', columnNames: ['username'] }],
    }));
    await q.createTable(new Table({
      name: 'sessions',
      columns: [id(), str('user_id', 64), str('token_hash', 64), ts('created_at'), ts('last_seen_at'), ts('expires_at'), str('ip', 64, true), str('user_agent', 512, true)],
      uniques: [{ name: 'uq_sessions_token_hash', columnNames: ['token_hash'] }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [new TableIndex({ name: 'ix_sessions_expires_at', columnNames: ['expires_at'] }), new TableIndex({ name: 'ix_sessions_user_id', columnNames: ['user_id'] })],
    }));
    await q.createTable(new Table({
      name: 'clients',
      columns: [id(), str('name', 200), text('allowed_models'), int('rpm', true), int('tpm', true), big('balance_micros'), big('reserved_micros'), ts('created_at'), ts('updated_at'), ts('deleted_at', true)],
    }));
    await q.createTable(new Table({
      name: 'client_keys',
      columns: [id(), str('client_id', 64), str('name', 200, true), str('key_hash', 64), str('prefix', 24), ts('created_at'), ts('expires_at', true), ts('revoked_at', true), ts('last_used_at', true)],
      uniques: [{ name: 'uq_client_keys_key_hash', columnNames: ['key_hash'] }],
      foreignKeys: [{ columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [new TableIndex({ name: 'ix_client_keys_client_id', columnNames: ['client_id'] })],
    }));
    await q.createTable(new Table({
      name: 'ledger_entries',
      columns: [id(), str('client_id', 64), { name: 'amount_micros', type: 'bigint' }, str('kind', 16), str('request_id', 128, true), str('note', 500, true), bool('estimated'), ts('created_at')],
      uniques: [{ name: 'uq_ledger_request_id', columnNames: ['request_id'] }],
      foreignKeys: [{ columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [new TableIndex({ name: 'ix_ledger_client_created', columnNames: ['client_id', 'created_at'] })],
    }));
    await q.createTable(new Table({
      name: 'reservations',
      columns: [
        id('request_id'), str('client_id', 64), str('key_id', 64, true), str('model', 200), str('provider', 64, true),
        { name: 'amount_micros', type: 'bigint' }, str('status', 16), bool('delivered'), int('prompt_estimate', false, 0),
        str('idempotency_key', 255, true), ts('created_at'), ts('updated_at'),
      ],
      foreignKeys: [{ columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      indices: [new TableIndex({ name: 'ix_reservations_status', columnNames: ['status'] })],
    }));
    await q.createTable(new Table({
      name: 'idempotency_keys',
      columns: [
        { name: 'client_id', type: 'varchar', length: '64', isPrimary: true }, { name: 'idem_key', type: 'varchar', length: '255', isPrimary: true },
        str('request_id', 128), str('status', 16), int('response_status', true), text('response_body'), ts('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_idempotency_created', columnNames: ['created_at'] })],
    }));
    await q.createTable(new Table({
      name: 'request_logs',
      columns: [
        id('request_id'), ts('created_at'), str('client_id', 64, true), str('key_id', 64, true), str('model', 200), str('provider', 64, true),
        int('status'), str('error_code', 64, true), str('error_message', 500, true), int('latency_ms'), int('ttfb_ms', true), bool('stream'),
        int('input_tokens', false, 0), int('cache_read_tokens', false, 0), int('cache_write_tokens', false, 0), int('output_tokens', false, 0),
        int('reasoning_tokens', false, 0), big('cost_micros'), bool('estimated'), text('request_body'), text('response_body'),
      ],
      indices: [
        new TableIndex({ name: 'ix_request_logs_created', columnNames: ['created_at'] }),
        new TableIndex({ name: 'ix_request_logs_client_created', columnNames: ['client_id', 'created_at'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'usage_rollups',
      columns: [
        { name: 'bucket', type: 'bigint', isPrimary: true }, { name: 'client_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'model', type: 'varchar', length: '200', isPrimary: true }, { name: 'provider', type: 'varchar', length: '64', isPrimary: true },
        int('requests', false, 0), int('errors', false, 0), big('input_tokens'), big('cache_read_tokens'), big('cache_write_tokens'),
        big('output_tokens'), big('reasoning_tokens'), big('cost_micros'), big('latency_ms_sum'),
      ],
    }));
    await q.createTable(new Table({
      name: 'providers',
      columns: [id(), str('name', 64), str('kind', 32), str('base_url', 500, true), text('api_key_enc'), str('api_key_last4', 8, true), bool('enabled', true), text('settings'), ts('created_at'), ts('updated_at')],
      uniques: [{ name: 'uq_providers_name', columnNames: ['name'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['providers', 'usage_rollups', 'request_logs', 'idempotency_keys', 'reservations', 'ledger_entries', 'client_keys', 'clients', 'sessions', 'users']) {
      await q.dropTable(table, true);
    }
  }
}
