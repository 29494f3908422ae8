import { Global, Module } from '@nestjs/common';
import { DrainState } from './lifecycle/drain.state.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { EventBus } from './events/event-bus.js';
import { ReadinessRegistry } from './lifecycle/readiness.registry.js';

@Global()
@Module({ providers: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry], exports: [DrainState, MetricsRegistry, EventBus, ReadinessRegistry] })
export class CommonModule {}
