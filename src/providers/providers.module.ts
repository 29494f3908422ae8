import { Module } from '@nestjs/common';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { ProviderRegistry } from './registry/provider.registry.js';
import { CooldownBoard } from './routing/cooldown.board.js';
import { TargetStats } from './routing/target.stats.js';

/**
 * Provider kinds at run time: the registry of provider runtimes (undici pool, cockatiel policy per provider) and
 * their metrics.
 */
@Module({
  providers: [GatewayMetrics, ProviderRegistry, CooldownBoard, TargetStats],
  exports: [ProviderRegistry, GatewayMetrics, CooldownBoard, TargetStats],
})
export class ProvidersModule {}
