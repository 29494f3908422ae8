import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { RequestLogStore } from './request-log.store.js';

const DAY_MS = 86_400_000;
const CHUNK = 5_000;
const MAX_CHUNKS_PER_RUN = 2_000;
const EVERY_MS = 3_600_000;
export const REQUEST_LOG_RETENTION_JOB = 'request-log-retention';

/**
 * Deletes request logs older than `logs.retention_days`, in chunks (short transactions that never hold the write lock
 * for long), an hour after start and every hour, on one replica at a time. Usage rollups are kept: they are small and feed /api/usage.
 */
@Injectable()
export class RequestLogRetention implements OnApplicationBootstrap {
  private readonly logger = new Logger('RequestLogRetention');
  private running = false;

  constructor(private readonly config: AppConfig, private readonly store: RequestLogStore, private readonly jobs: ScheduledJobs) {}

  onApplicationBootstrap(): void {
    this.jobs.every({ name: REQUEST_LOG_RETENTION_JOB, everyMs: EVERY_MS, exclusive: true, run: () => this.purge() });
  }

  /** Delete what is past retention; returns the number of rows deleted. */
  async purge(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const before = now - this.config.logs.retention_days * DAY_MS;
      let total = 0;
      for (let i = 0; i < MAX_CHUNKS_PER_RUN; i++) {
        const deleted = await this.store.deleteOlderThan(before, CHUNK);
        total += deleted;
        if (deleted < CHUNK) break;
        await new Promise((r) => setImmediate(r));
      }
      if (total > 0) this.logger.log({ deleted: total, retention_days: this.config.logs.retention_days }, 'old request logs deleted');
      return total;
    } finally {
      this.running = false;
    }
  }
}
