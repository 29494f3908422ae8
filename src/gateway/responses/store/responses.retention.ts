import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../config/index.js';
import { StoredResponsesStore } from './stored-responses.store.js';

export const RESPONSES_RETENTION_JOB = 'responses-retention';
const CHUNK = 1_000;
const MAX_CHUNKS_PER_RUN = 1_000;

/**
 * Deletes stored responses past `responses.retention_days` every `responses.cleanup_minutes`, in short chunks. Every
 * replica may run it at the same time: each chunk is one DELETE of expired rows, so concurrent runs only share the work.
 */
@Injectable()
export class ResponsesRetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StoredResponses');
  readonly intervalMs: number;
  private running = false;

  constructor(
    private readonly store: StoredResponsesStore,
    private readonly scheduler: SchedulerRegistry,
    config: AppConfig,
  ) {
    this.intervalMs = Math.max(100, Math.round(config.responses.cleanup_minutes * 60_000));
  }

  onApplicationBootstrap(): void {
    if (this.scheduler.doesExist('interval', RESPONSES_RETENTION_JOB)) return;
    const timer = setInterval(() => void this.run(), this.intervalMs);
    timer.unref();
    this.scheduler.addInterval(RESPONSES_RETENTION_JOB, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', RESPONSES_RETENTION_JOB)) this.scheduler.deleteInterval(RESPONSES_RETENTION_JOB);
  }

  /** One pass (overlapping runs in this process are skipped). Returns how many responses were deleted. */
  async run(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let total = 0;
    try {
      for (let i = 0; i < MAX_CHUNKS_PER_RUN; i++) {
        const deleted = await this.store.deleteExpired(now, CHUNK);
        total += deleted;
        if (deleted < CHUNK) break;
      }
      if (total > 0) this.logger.log({ deleted: total }, 'expired stored responses deleted');
    } catch (err) {
      this.logger.warn({ err }, 'stored-response retention failed; will retry on the next run');
    } finally {
      this.running = false;
    }
    return total;
  }
}
