import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseInfo } from '../../database/index.js';
import { RedisConnections } from '../redis/redis.connections.js';
import { InvalidationBus, type InvalidationTransport } from './invalidation.bus.js';
import { INVALIDATION_CHANNEL, parseInvalidation, type InvalidationMessage } from './invalidation.types.js';

/**
 * Invalidations over Redis pub/sub, used only when the database is not PostgreSQL (PostgreSQL has LISTEN/NOTIFY
 * and triggers that catch every write, so Redis adds nothing there).
 */
@Injectable()
export class RedisInvalidationTransport implements InvalidationTransport, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly onMessage = (channel: string, payload: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    const message = parseInvalidation(payload);
    if (message) this.bus.dispatch(message);
  };

  constructor(
    private readonly redis: RedisConnections,
    private readonly database: DatabaseInfo,
    private readonly bus: InvalidationBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!subscriber || this.database.kind === 'postgres') return;
    subscriber.on('message', this.onMessage);
    await subscriber.subscribe(INVALIDATION_CHANNEL).catch(() => undefined);
    this.bus.useTransport(this);
  }

  onApplicationShutdown(): void {
    this.redis.subscriber?.off('message', this.onMessage);
  }

  async send(message: InvalidationMessage): Promise<void> {
    const client = this.redis.command;
    if (!client || !this.redis.ready) throw new Error('Redis is not connected');
    await client.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
  }
}
