import { Global, Module } from '@nestjs/common';
import { DrainState } from './lifecycle/drain.state.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { EventBus } from './events/event-bus.js';
import { ReadinessRegistry } from './lifecycle/readiness.registry.js';
import { SecretKeyProvider } from './crypto/secret-key.provider.js';
import { Tracing } from './telemetry/tracing.service.js';
import { ScheduledJobs } from './schedule/scheduled-jobs.service.js';

@Global()
@Module({
  providers: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider, Tracing, ScheduledJobs],
  exports: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry, SecretKeyProvider, Tracing, ScheduledJobs],
})
export class CommonModule {}
