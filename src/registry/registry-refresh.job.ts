import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/index.js';
import { RegistryRefreshError } from './registry.errors.js';
import { RegistryService } from './registry.service.js';

export const REGISTRY_REFRESH_JOB = 'registry-refresh';

/**
 * When registry.url is set and refresh_minutes > 0: one refresh right after start (in the background: the instance
 * serves the cached or bundled catalog meanwhile), then one every refresh_minutes, each with retry and backoff.
 */
@Injectable()
export class RegistryRefreshJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Registry');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: RegistryService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { url, refresh_minutes: minutes } = this.config.registry;
    if (!url || !(minutes > 0)) return;
    void this.run('start');
    const timer = setInterval(() => void this.run('scheduled'), Math.max(1000, Math.round(minutes * 60_000)));
    timer.unref();
    this.scheduler.addInterval(REGISTRY_REFRESH_JOB, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', REGISTRY_REFRESH_JOB)) this.scheduler.deleteInterval(REGISTRY_REFRESH_JOB);
  }

  private async run(trigger: 'start' | 'scheduled'): Promise<void> {
    try {
      const info = await this.registry.refresh({ retry: true });
      this.logger.log({ trigger, models: info.models }, 'model catalog refreshed');
    } catch (err) {
      if (err instanceof RegistryRefreshError && err.reason === 'aborted') return;
      this.logger.warn({ trigger, error: (err as Error).message }, 'model catalog refresh failed; keeping the loaded catalog');
    }
  }
}
