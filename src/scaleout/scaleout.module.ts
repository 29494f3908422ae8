import { Global, Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/index.js';
import { RedisCooldownTransport } from './cooldowns/redis-cooldown.transport.js';
import { CacheInvalidator } from './invalidation/cache-invalidator.js';
import { InvalidationBus } from './invalidation/invalidation.bus.js';
import { PgNotifyListener } from './invalidation/pg-notify.listener.js';
import { RedisInvalidationTransport } from './invalidation/redis-invalidation.transport.js';
import { LiveFeedFanout } from './live/live-feed.fanout.js';
import { RedisRateLimitStore, SHARED_RATE_LIMIT_STORE } from './limits/redis-rate-limit.store.js';
import { AdvisoryLocks } from './locks/advisory-lock.js';
import { RedisConnections } from './redis/redis.connections.js';
import { ReplicaIdentity } from './replica.identity.js';

/**
 * Running several replicas (CONTRACT.md sections 1 and 5): cache invalidation across replicas (PostgreSQL
 * LISTEN/NOTIFY, or Redis pub/sub), advisory locks for scheduled jobs, and with REDIS_URL a shared rate-limit
 * store and the live feed fanned out to every replica. With neither PostgreSQL nor Redis it changes nothing.
 */
@Global()
@Module({
  imports: [ProvidersModule],
  providers: [
    RedisCooldownTransport,
    ReplicaIdentity,
    RedisConnections,
    InvalidationBus,
    PgNotifyListener,
    RedisInvalidationTransport,
    CacheInvalidator,
    LiveFeedFanout,
    AdvisoryLocks,
    RedisRateLimitStore,
    {
      provide: SHARED_RATE_LIMIT_STORE,
      inject: [RedisConnections, RedisRateLimitStore],
      useFactory: (redis: RedisConnections, store: RedisRateLimitStore) => (redis.enabled ? store : null),
    },
  ],
  exports: [ReplicaIdentity, InvalidationBus, AdvisoryLocks, SHARED_RATE_LIMIT_STORE, RedisRateLimitStore, RedisConnections],
})
export class ScaleoutModule {}
