import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { randomBase62 } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { SqlTransactions, bool, sql } from '../../database/index.js';

/** Advisory-lock namespace for "this gateway process is alive" (PostgreSQL). */
const LOCK_NAMESPACE = 735_560;
/** Instances of this OS process that are running (several apps can share one process in tests). */
const LIVE_IN_THIS_PROCESS = new Set<string>();

/**
 * Who owns an open reservation, and whether that owner still runs — so crash reconciliation on one replica never touches
 * another live replica's in-flight requests.
 *
 * Id: `<host>:<pid>:<random>`, new at every start. Liveness:
 * - PostgreSQL: each instance holds a session advisory lock keyed by its id on a dedicated connection for its whole life;
 *   (its own connection, outside the pool, so shutdown order never matters); a killed process's connection closes and the lock goes with it, so `pg_try_advisory_xact_lock` succeeding = dead.
 * - SQLite (one host): same pid → alive only if that instance is registered in this process; another pid → `kill(pid, 0)`;
 *   another host name → dead (a SQLite file is not shared between hosts).
 */
@Injectable()
export class BillingInstance implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('BillingInstance');
  readonly id = `${hostname().slice(0, 40)}:${process.pid}:${randomBase62(8)}`;
  readonly startedAt = Date.now();
  private lockClient: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly config: AppConfig, private readonly sqlTx: SqlTransactions) {}

  async onModuleInit(): Promise<void> {
    LIVE_IN_THIS_PROCESS.add(this.id);
    if (this.sqlTx.dialect === 'postgres') await this.holdLock();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    LIVE_IN_THIS_PROCESS.delete(this.id);
    if (this.retry) clearTimeout(this.retry);
    const client = this.lockClient;
    this.lockClient = null;
    if (client) {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, this.id]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  /** Is the instance that wrote `instanceId` still running? null (no owner recorded) counts as not running. */
  async isAlive(instanceId: string | null): Promise<boolean> {
    if (!instanceId) return false;
    if (instanceId === this.id) return true;
    if (this.sqlTx.dialect === 'postgres') {
      return !(await this.sqlTx.run(function* () {
        const rows = yield sql('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got', LOCK_NAMESPACE, instanceId);
        return bool(rows[0]?.got);
      }));
    }
    const [host, pidText] = instanceId.split(':');
    const pid = Number(pidText);
    if (host !== hostname().slice(0, 40) || !Number.isInteger(pid) || pid <= 0) return false;
    if (pid === process.pid) return LIVE_IN_THIS_PROCESS.has(instanceId);
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  private async holdLock(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.database.url, connectionTimeoutMillis: 5000 });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'liveness connection lost; re-acquiring');
      if (this.lockClient === client) this.lockClient = null;
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    });
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.id]);
      this.lockClient = client;
    } catch (err) {
      void client.end().catch(() => undefined);
      this.logger.warn({ err }, 'could not take the liveness lock; retrying');
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.holdLock();
    }, 5000);
    this.retry.unref();
  }
}
