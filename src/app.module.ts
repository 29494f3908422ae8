import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { DestinationStream } from 'pino';
import { CommonModule } from './common/index.js';
import { AppConfig, ConfigModule } from './config/index.js';
import { DatabaseModule } from './database/index.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { FEATURE_MODULES } from './feature-modules.js';
import { REGISTRY_OPTION_OVERRIDES, type RegistryOptions } from './registry/index.js';

export interface AppOptions {
  /** Where JSON log lines go (default stdout); tests capture them. */
  logDestination?: DestinationStream;
  /** Replaces some registry knobs (tests: a small bundled snapshot). */
  registry?: Partial<RegistryOptions>;
}

/** Carries the application options to the modules that read them. */
@Module({})
class AppOptionsModule {}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        { module: AppOptionsModule, global: true, providers: [{ provide: REGISTRY_OPTION_OVERRIDES, useValue: options.registry ?? {} }], exports: [REGISTRY_OPTION_OVERRIDES] },
        CommonModule,
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule,
        ScheduleModule.forRoot(),
        HealthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
