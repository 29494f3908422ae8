import { statSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/index.js';
import { databaseKind, sqlitePath, type DatabaseKind } from './data-source.options.js';

/** What the database is and how big, for /api/system and the backup endpoint. */
@Injectable()
export class DatabaseInfo {
  readonly kind: DatabaseKind;
  readonly sqliteFile: string | null;

  constructor(config: AppConfig, readonly dataSource: DataSource) {
    this.kind = databaseKind(config);
    this.sqliteFile = this.kind === 'sqlite' ? sqlitePath(config) : null;
  }

  async sizeBytes(): Promise<number | null> {
    if (this.sqliteFile) {
      try {
        return statSync(this.sqliteFile).size;
      } catch {
        return null;
      }
    }
    const rows = (await this.dataSource.query('SELECT pg_database_size(current_database()) AS size')) as Array<{ size: string }>;
    return rows.length ? Number(rows[0].size) : null;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
