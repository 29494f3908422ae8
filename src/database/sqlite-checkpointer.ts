import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource } from 'typeorm';

/** How often the background connection folds the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 200;
/** The request path's own connection only checkpoints if the background one has fallen this far behind (pages). */
const BACKSTOP_PAGES = 20_000;
/** SQLite's default, restored at shutdown. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
const STOP_TIMEOUT_MS = 2000;

/** The worker: its own connection to the same file, PASSIVE checkpoints on a timer (they never block writers). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 50');
// inside a worker thread, where there is no Nest scheduler
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch { /* already gone */ }
  parentPort.close();
});
`;

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) every 1000 pages by default, on the
 * connection that happens to commit: with fsyncs, on the event loop, in the middle of a request. Here a worker thread
 * with its own connection runs PASSIVE checkpoints every 200 ms instead, so commits on the request path only append
 * to the WAL; the request path's connection keeps a far-off automatic checkpoint as a backstop. Nothing changes for
 * PostgreSQL. If the worker cannot start, SQLite's default behaviour stays.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SqliteCheckpointer');
  private worker: Worker | null = null;
  private db: BetterSqlite3.Database | null = null;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    const db = (this.dataSource.driver as unknown as { databaseConnection?: BetterSqlite3.Database }).databaseConnection;
    if (!db?.open || db.memory) return;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, everyMs: CHECKPOINT_EVERY_MS } });
      worker.on('error', (err) => {
        this.logger.warn({ err }, 'background checkpoints stopped; the request path checkpoints again');
        this.restore();
      });
      worker.unref();
      this.worker = worker;
      this.db = db;
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    } catch (err) {
      this.logger.warn({ err }, 'background checkpoints unavailable; SQLite checkpoints on commit');
      this.restore();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.restore();
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    await worker.terminate().catch(() => undefined);
  }

  private restore(): void {
    const db = this.db;
    this.db = null;
    if (db?.open) {
      try {
        db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      } catch {
        // closing
      }
    }
  }
}
