import { Global, Module } from '@nestjs/common';
import { DrainState } from './lifecycle/drain.state.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { EventBus } from './events/event-bus.js';
import { ReadinessRegistry } from './lifecycle/readiness.registry.js';
import { SecretKeyProvider } from './crypto/secret-key.provider.js';
import { Tracing } from './telemetry/tracing.service.js';

@Global()
@Module({
  providers: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider, Tracing],
  exports: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider, Tracing],
})
export class CommonModule {}
