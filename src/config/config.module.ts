import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './config.schema.js';

/** Provides the validated AppConfig (inject it by its class). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
