import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { DestinationStream } from 'pino';
import { CommonModule } from './common/index.js';
import { AppConfig, ConfigModule } from './config/index.js';
import { DatabaseModule } from './database/index.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { FEATURE_MODULES } from './feature-modules.js';

export interface AppOptions {
  /** Where JSON log lines go (default stdout); tests capture them. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
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
