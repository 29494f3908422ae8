import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { SessionsService } from './sessions.service.js';

export const SESSIONS_CLEANUP_JOB = 'sessions-cleanup';

/** Deletes expired sessions every `sessions.cleanup_minutes`, on one replica at a time. */
@Injectable()
export class SessionsCleanupJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('Sessions');
  readonly intervalMs: number;
  private running = false;

  constructor(
    private readonly sessions: SessionsService,
    private readonly jobs: ScheduledJobs,
    config: AppConfig,
  ) {
    this.intervalMs = Math.max(100, Math.round(config.sessions.cleanup_minutes * 60_000));
  }

  onApplicationBootstrap(): void {
    this.jobs.every({ name: SESSIONS_CLEANUP_JOB, everyMs: this.intervalMs, exclusive: true, run: () => this.run() });
  }

  /** One cleanup pass (overlapping runs are skipped). Returns how many sessions were deleted. */
  async run(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const removed = await this.sessions.cleanupExpired();
      if (removed > 0) this.logger.log({ removed }, 'expired sessions deleted');
      return removed;
    } catch (err) {
      this.logger.warn({ err }, 'session cleanup failed; will retry on the next run');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
