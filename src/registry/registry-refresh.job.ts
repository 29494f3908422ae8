import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs, type ScheduledJob } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { RegistryRefreshError } from './registry.errors.js';
import { RegistryService } from './registry.service.js';

export const REGISTRY_REFRESH_JOB = 'registry-refresh';

/**
 * When registry.url is set and refresh_minutes > 0: one refresh right after start (in the background: the instance
 * serves the cached or bundled catalog meanwhile), then one every refresh_minutes, each with retry and backoff.
 * Every replica refreshes (not exclusive): each serves the catalog it holds in memory.
 */
@Injectable()
export class RegistryRefreshJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('Registry');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: RegistryService,
    private readonly jobs: ScheduledJobs,
  ) {}

  onApplicationBootstrap(): void {
    const { url, refresh_minutes: minutes } = this.config.registry;
    if (!url || !(minutes > 0)) return;
    const job: ScheduledJob = { name: REGISTRY_REFRESH_JOB, everyMs: Math.max(1000, Math.round(minutes * 60_000)), exclusive: false, run: () => this.run() };
    void this.jobs.tick(job);
    this.jobs.every(job);
  }

  private async run(): Promise<void> {
    try {
      const info = await this.registry.refresh({ retry: true });
      this.logger.log({ models: info.models }, 'model catalog refreshed');
    } catch (err) {
      // shutting down: not a failure worth a line
      if (err instanceof RegistryRefreshError && err.reason === 'aborted') return;
      throw err;
    }
  }
}
