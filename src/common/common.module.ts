import { Global, Module } from '@nestjs/common';
import { DrainState } from './lifecycle/drain.state.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { EventBus } from './events/event-bus.js';
import { ReadinessRegistry } from './lifecycle/readiness.registry.js';
import { SecretKeyProvider } from './crypto/secret-key.provider.js';

@Global()
@Module({
  providers: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider],
  exports: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider],
})
export class CommonModule {}
