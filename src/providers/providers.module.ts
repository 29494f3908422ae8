import { Module } from '@nestjs/common';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { ProviderRegistry } from './registry/provider.registry.js';

/**
 * Provider kinds at run time: the registry of provider runtimes (undici pool, cockatiel policy per provider) and
 * their metrics.
 */
@Module({
  providers: [GatewayMetrics, ProviderRegistry],
  exports: [ProviderRegistry, GatewayMetrics],
})
export class ProvidersModule {}
