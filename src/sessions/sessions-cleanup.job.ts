import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/index.js';
import { SessionsService } from './sessions.service.js';

export const SESSIONS_CLEANUP_JOB = 'sessions-cleanup';

/** Deletes expired sessions every `sessions.cleanup_minutes` (registered dynamically so the configured value is used). */
@Injectable()
export class SessionsCleanupJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  readonly intervalMs: number;
  private running = false;

  constructor(
    private readonly sessions: SessionsService,
    private readonly scheduler: SchedulerRegistry,
    config: AppConfig,
  ) {
    this.intervalMs = Math.max(100, Math.round(config.sessions.cleanup_minutes * 60_000));
  }

  onApplicationBootstrap(): void {
    if (this.scheduler.doesExist('interval', SESSIONS_CLEANUP_JOB)) return;
    const timer = setInterval(() => void this.run(), this.intervalMs);
    timer.unref();
    this.scheduler.addInterval(SESSIONS_CLEANUP_JOB, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', SESSIONS_CLEANUP_JOB)) this.scheduler.deleteInterval(SESSIONS_CLEANUP_JOB);
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
