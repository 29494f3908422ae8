import { Module } from '@nestjs/common';
import { RegistryRefreshJob } from './registry-refresh.job.js';
import { DEFAULT_REGISTRY_OPTIONS, REGISTRY_OPTIONS, REGISTRY_OPTION_OVERRIDES, type RegistryOptions } from './registry.options.js';
import { RegistryService } from './registry.service.js';
import { RoutingService } from './routing/routing.service.js';

/** The model catalog (prices, limits) and model → provider routing. */
@Module({
  providers: [
    {
      provide: REGISTRY_OPTIONS,
      useFactory: (overrides?: Partial<RegistryOptions>): RegistryOptions => ({ ...DEFAULT_REGISTRY_OPTIONS, ...overrides }),
      inject: [{ token: REGISTRY_OPTION_OVERRIDES, optional: true }],
    },
    RegistryService,
    RoutingService,
    RegistryRefreshJob,
  ],
  exports: [RegistryService, RoutingService],
})
export class RegistryModule {}
