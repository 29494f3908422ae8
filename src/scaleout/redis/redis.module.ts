import { Module } from '@nestjs/common';
import { ReplicaIdentity } from '../replica.identity.js';
import { RedisConnections } from './redis.connections.js';

/** The Redis connections (none without REDIS_URL) and this replica's identity: what shared state across replicas builds on. */
@Module({
  providers: [RedisConnections, ReplicaIdentity],
  exports: [RedisConnections, ReplicaIdentity],
})
export class RedisModule {}
