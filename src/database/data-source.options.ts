import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { readMoneyExactly } from './sql/sqlite-money.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(config: AppConfig): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(config.database.url) ? 'postgres' : 'sqlite';
}

export function sqlitePath(config: AppConfig): string {
  return join(config.runtime.data_dir, 'gophergate.db');
}

/** SQLite pragmas for a server: WAL for concurrent readers, a busy timeout instead of instant SQLITE_BUSY, foreign keys on. */
export function prepareSqlite(db: BetterSqlite3.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  readMoneyExactly(db);
}

/** Data source options for the configured database. Migrations only: synchronize stays off. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = { migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (databaseKind(config) === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 20, connectionTimeoutMillis: 5000 } };
  }
  mkdirSync(config.runtime.data_dir, { recursive: true });
  return { ...common, type: 'better-sqlite3', database: sqlitePath(config), prepareDatabase: prepareSqlite };
}
