import { Module } from '@nestjs/common';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { ProviderRegistry } from './runtime/provider.registry.js';
import { CooldownBoard } from './targets/cooldown.board.js';
import { TargetStats } from './targets/target.stats.js';

/**
 * Provider kinds at run time: the registry of provider runtimes (undici pool, cockatiel policy per provider) and
 * their metrics.
 */
@Module({
  providers: [GatewayMetrics, ProviderRegistry, CooldownBoard, TargetStats],
  exports: [ProviderRegistry, GatewayMetrics, CooldownBoard, TargetStats],
})
export class ProvidersModule {}
