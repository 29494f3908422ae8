import { closeSync, createReadStream, mkdirSync, openSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { randomToken } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { DatabaseInfo } from './database-info.service.js';

export interface BackupDownload {
  stream: ReadStream;
  filename: string;
  size: number;
}

type SqliteHandle = { backup(destination: string): Promise<unknown> };

function isSqliteHandle(value: unknown): value is SqliteHandle {
  return typeof (value as SqliteHandle | null)?.backup === 'function';
}

/** `2025-01-31T12-00-05Z`: sortable and safe in a file name. */
export function backupTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/**
 * A consistent online snapshot of the SQLite database through SQLite's backup API (writers keep going). The
 * snapshot is written to a temporary file in DATA_DIR/backups, opened, and unlinked at once: the download streams
 * from the open descriptor and nothing is left behind, whether the client reads it all or goes away.
 */
@Injectable()
export class BackupService {
  private readonly logger = new Logger('Backup');
  private readonly folder: string;

  constructor(
    private readonly database: DatabaseInfo,
    config: AppConfig,
  ) {
    this.folder = join(config.runtime.data_dir, 'backups');
  }

  async snapshot(now = new Date()): Promise<BackupDownload> {
    if (this.database.kind !== 'sqlite' || !this.database.sqliteFile) {
      throw new BadRequestException(
        'Backups from the dashboard are for SQLite. This gateway runs on PostgreSQL: back it up with pg_dump (for example `pg_dump --format=custom "$DATABASE_URL" > gophergate.dump`).',
      );
    }
    mkdirSync(this.folder, { recursive: true });
    const tmp = join(this.folder, `.backup-${randomToken(9)}.db.tmp`);
    let fd: number | null = null;
    try {
      await this.backupTo(tmp);
      fd = openSync(tmp, 'r');
      const size = statSync(tmp).size;
      rmSync(tmp, { force: true });
      const stream = createReadStream('', { fd, autoClose: true });
      fd = null;
      this.logger.log({ size_bytes: size }, 'database snapshot taken for download');
      return { stream, filename: `gophergate-${backupTimestamp(now)}.db`, size };
    } finally {
      if (fd !== null) closeSync(fd);
      rmSync(tmp, { force: true });
      rmSync(`${tmp}-journal`, { force: true });
    }
  }

  private async backupTo(destination: string): Promise<void> {
    const driver = this.database.dataSource.driver as { databaseConnection?: unknown };
    if (isSqliteHandle(driver.databaseConnection)) {
      await driver.databaseConnection.backup(destination);
      return;
    }
    // No native handle exposed: a second, read-only connection to the same file (WAL allows it alongside writers).
    const db = new Database(this.database.sqliteFile!, { readonly: true, fileMustExist: true });
    try {
      await db.backup(destination);
    } finally {
      db.close();
    }
  }
}
