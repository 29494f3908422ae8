import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/index.js';
import { ProvidersModule } from '../providers/index.js';
import { ProviderStoreModule } from '../providers/store/index.js';
import { RedisCooldownTransport } from './cooldowns/redis-cooldown.transport.js';
import { CacheInvalidator } from './invalidation/cache-invalidator.js';
import { InvalidationBus } from './invalidation/invalidation.bus.js';
import { PgNotifyListener } from './invalidation/pg-notify.listener.js';
import { RedisInvalidationTransport } from './invalidation/redis-invalidation.transport.js';
import { LiveFeedFanout } from './live/live-feed.fanout.js';
import { RedisModule } from './redis/index.js';

/**
 * Running several replicas (CONTRACT.md sections 1 and 5): cache invalidation across replicas (PostgreSQL
 * LISTEN/NOTIFY, or Redis pub/sub) applied to auth's key cache and the stored providers, and with REDIS_URL the live feed fanned out to every replica (the shared rate-limit store is
 * auth's). With neither PostgreSQL nor Redis it changes nothing.
 */
@Module({
  imports: [RedisModule, AuthModule, ProvidersModule, ProviderStoreModule],
  providers: [InvalidationBus, PgNotifyListener, RedisInvalidationTransport, CacheInvalidator, LiveFeedFanout, RedisCooldownTransport],
  exports: [InvalidationBus, RedisModule],
})
export class ScaleoutModule {}
