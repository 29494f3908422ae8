import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../src/database/migrations/index.js';
import { prepareSqlite } from '../../../../src/database/index.js';
import { ClientEntity } from '../../../../src/auth/entities/client.entity.js';
import { ClientKeyEntity } from '../../../../src/auth/entities/client-key.entity.js';
import { UserEntity } from '../../../../src/auth/entities/user.entity.js';
import { newClientKey } from '../../../../src/auth/keys/key-format.js';

/** A real, migrated, in-memory SQLite database (the real schema, no mocks of TypeORM). */
export async function memoryDb(): Promise<DataSource> {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    prepareDatabase: prepareSqlite,
    entities: [UserEntity, ClientEntity, ClientKeyEntity],
    migrations: MIGRATIONS,
    logging: false,
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

export async function insertClient(ds: DataSource, fields: Partial<ClientEntity> = {}): Promise<ClientEntity> {
  const now = Date.now();
  const client = ds.getRepository(ClientEntity).create({
    id: randomUUID(), name: 'test-client', allowed_models: null, rpm: null, tpm: null,
    balance_usd_e10: 0n, reserved_usd_e10: 0n, created_at: now, updated_at: now, deleted_at: null, ...fields,
  });
  await ds.getRepository(ClientEntity).insert(client);
  return client;
}

export async function insertKey(ds: DataSource, clientId: string, fields: Partial<ClientKeyEntity> = {}): Promise<{ key: string; row: ClientKeyEntity }> {
  const { key, hash, prefix } = newClientKey();
  const row = ds.getRepository(ClientKeyEntity).create({
    id: randomUUID(), client_id: clientId, name: null, key_hash: hash, prefix, created_at: Date.now(),
    expires_at: null, revoked_at: null, last_used_at: null, ...fields,
  });
  await ds.getRepository(ClientKeyEntity).insert(row);
  return { key, row };
}
