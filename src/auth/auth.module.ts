import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/index.js';
import { ClientEntity } from './entities/client.entity.js';
import { ClientKeyEntity } from './entities/client-key.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { AccessGuard } from './guards/access.guard.js';
import { ApiKeyGuard } from './guards/api-key.guard.js';
import { KeyCache } from './keys/key-cache.js';
import { KeyLookupService } from './keys/key-lookup.service.js';
import { KeyUsageTracker } from './keys/key-usage.tracker.js';
import { ClientLimiter } from './limits/client-limiter.js';
import { MemoryRateLimitStore, RateLimitStore } from './limits/rate-limit.store.js';
import { RedisRateLimitStore } from './limits/redis-rate-limit.store.js';
import { RedisConnections, RedisModule } from '../scaleout/redis/index.js';
import { BillingModule } from '../billing/index.js';
import { AuthService } from './login/auth.service.js';
import { LOGIN_THROTTLE_REDIS, LoginThrottle } from './login/login-throttle.js';
import { SessionAuthService } from './login/session-auth.service.js';
import { AdminBootstrap } from './users/admin-bootstrap.js';
import { UsersService } from './users/users.service.js';
import { PasswordHasher } from './users/password-hasher.js';
import { ClientsService } from './clients/clients.service.js';

const EXPORTED = [
  ApiKeyGuard, KeyCache, KeyLookupService, KeyUsageTracker, RateLimitStore, ClientLimiter,
  AuthService, LoginThrottle, SessionAuthService, UsersService, ClientsService, AdminBootstrap,
];

/**
 * Users, client keys and the guards. ApiKeyGuard checks the client key of every /v1 route before its body is parsed;
 * AccessGuard runs on every route (sessions + roles on /api, the key's principal on /v1); rate limits use the Redis
 * store shared by the replicas when REDIS_URL is set, memory otherwise.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ClientEntity, ClientKeyEntity]), SessionsModule, RedisModule, BillingModule],
  providers: [
    ApiKeyGuard, KeyCache, KeyLookupService, KeyUsageTracker,
    RedisRateLimitStore,
    { provide: RateLimitStore, inject: [RedisConnections, RedisRateLimitStore], useFactory: (redis: RedisConnections, shared: RedisRateLimitStore) => (redis.enabled ? shared : new MemoryRateLimitStore()) },
    // sign-in throttling counts failures in Redis too, so every replica sees them
    { provide: LOGIN_THROTTLE_REDIS, inject: [RedisConnections], useFactory: (redis: RedisConnections) => (redis.enabled ? () => redis.command : null) },
    ClientLimiter, AuthService, LoginThrottle, SessionAuthService, UsersService, ClientsService, AdminBootstrap, PasswordHasher,
    AccessGuard,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [...EXPORTED, SessionsModule],
})
export class AuthModule {}
