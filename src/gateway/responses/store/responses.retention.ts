import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../../../common/index.js';
import { AppConfig } from '../../../config/index.js';
import { StoredResponsesStore } from './stored-responses.store.js';

export const RESPONSES_RETENTION_JOB = 'responses-retention';
const CHUNK = 1_000;
const MAX_CHUNKS_PER_RUN = 1_000;

/**
 * Deletes stored responses past `responses.retention_days` every `responses.cleanup_minutes`, in short chunks, on one
 * replica at a time. A direct run() may still meet another replica's: each chunk is one DELETE of expired rows, so
 * concurrent runs only share the work.
 */
@Injectable()
export class ResponsesRetentionJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('StoredResponses');
  readonly intervalMs: number;
  private running = false;

  constructor(
    private readonly store: StoredResponsesStore,
    private readonly jobs: ScheduledJobs,
    config: AppConfig,
  ) {
    this.intervalMs = Math.max(100, Math.round(config.responses.cleanup_minutes * 60_000));
  }

  onApplicationBootstrap(): void {
    this.jobs.every({ name: RESPONSES_RETENTION_JOB, everyMs: this.intervalMs, exclusive: true, run: () => this.run() });
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
