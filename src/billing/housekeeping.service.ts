import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { SqlTransactions, sql } from '../database/index.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';

const EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const BILLING_HOUSEKEEPING_JOB = 'billing-housekeeping';

/**
 * Hourly, on one replica at a time: Idempotency-Keys older than 24 h are deleted; closed reservations older than
 * `logs.retention_days` too (the ledger keeps every charge forever, and admission also refuses a request id that was ever charged).
 */
@Injectable()
export class BillingHousekeeping implements OnApplicationBootstrap {
  constructor(private readonly config: AppConfig, private readonly sqlTx: SqlTransactions, private readonly idempotency: IdempotencyService, private readonly jobs: ScheduledJobs) {}

  onApplicationBootstrap(): void {
    this.jobs.every({ name: BILLING_HOUSEKEEPING_JOB, everyMs: EVERY_MS, exclusive: true, run: () => this.runOnce() });
  }

  async runOnce(now = Date.now()): Promise<{ idempotencyKeys: number; reservations: number }> {
    const idempotencyKeys = await this.idempotency.purge(now);
    let reservations = 0;
    const before = now - this.config.logs.retention_days * DAY_MS;
    for (let i = 0; i < 1000; i++) {
      const rows = await this.sqlTx.query(
        sql(
          `DELETE FROM reservations WHERE request_id IN
             (SELECT request_id FROM reservations WHERE status <> 'open' AND updated_at < $1 LIMIT 5000) RETURNING request_id`,
          before,
        ),
      );
      reservations += rows.length;
      if (rows.length < 5000) break;
    }
    return { idempotencyKeys, reservations };
  }
}
