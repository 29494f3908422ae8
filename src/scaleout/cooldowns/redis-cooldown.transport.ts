import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CooldownBoard, type CooldownMessage, type CooldownReason, type CooldownTransport } from '../../providers/index.js';
import { RedisConnections } from '../redis/redis.connections.js';
import { ReplicaIdentity } from '../replica.identity.js';

export const COOLDOWN_CHANNEL = 'gophergate:cooldowns';
/** Each active cooldown is also a key with the cooldown's TTL, so a replica that starts later learns it too. */
const KEY_PREFIX = 'gophergate:cooldown:';
const REASONS = new Set<CooldownReason>(['rate_limited', 'revoked', 'breaker_open']);
/** Keys read at start (a bound: one scan of a few pages). */
const MAX_LOADED = 10_000;

/** A received message from another replica, or null (own echo, malformed). */
export function parseCooldown(raw: string, self: string): CooldownMessage | null {
  let m: Partial<CooldownMessage>;
  try {
    m = JSON.parse(raw) as Partial<CooldownMessage>;
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object' || m.origin === self) return null;
  if (typeof m.provider !== 'string' || typeof m.key !== 'string' || typeof m.ms !== 'number' || !Number.isFinite(m.ms)) return null;
  if (!REASONS.has(m.reason as CooldownReason)) return null;
  return { provider: m.provider, key: m.key, ms: Math.max(0, m.ms), reason: m.reason as CooldownReason };
}

/**
 * Cooldowns of provider keys and targets across replicas (REDIS_URL): each one is published on a channel (a replica
 * learns within milliseconds) and kept as a key with its TTL (a replica that starts later loads them). Without
 * REDIS_URL this does nothing and every replica keeps its own.
 */
@Injectable()
export class RedisCooldownTransport implements CooldownTransport, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cooldowns');
  private readonly onMessage = (channel: string, payload: string) => {
    if (channel !== COOLDOWN_CHANNEL) return;
    const message = parseCooldown(payload, this.replica.id);
    if (message) this.board.apply(message);
  };

  constructor(
    private readonly redis: RedisConnections,
    private readonly board: CooldownBoard,
    private readonly replica: ReplicaIdentity,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!subscriber) return;
    subscriber.on('message', this.onMessage);
    await subscriber.subscribe(COOLDOWN_CHANNEL).catch(() => undefined);
    this.board.useTransport(this);
    await this.load().catch((err: unknown) => this.logger.warn({ reason: (err as Error)?.message }, 'could not load the shared cooldowns'));
  }

  onApplicationShutdown(): void {
    this.redis.subscriber?.off('message', this.onMessage);
    this.board.useTransport(null);
  }

  async send(message: CooldownMessage): Promise<void> {
    const client = this.redis.command;
    if (!client || !this.redis.ready) throw new Error('Redis is not connected');
    const payload = JSON.stringify({ ...message, origin: this.replica.id });
    await Promise.all([
      client.publish(COOLDOWN_CHANNEL, payload),
      client.set(`${KEY_PREFIX}${message.provider}:${message.key}`, payload, 'PX', Math.max(1, Math.round(message.ms))),
    ]);
  }

  /** The cooldowns other replicas set before this one started. */
  private async load(): Promise<void> {
    const client = this.redis.command;
    if (!client || !this.redis.ready) return;
    let cursor = '0';
    let seen = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const [payload, ttl] = await Promise.all([client.get(key), client.pttl(key)]);
        const message = payload && ttl > 0 ? parseCooldown(payload, this.replica.id) : null;
        if (message) this.board.apply({ ...message, ms: ttl });
      }
      seen += keys.length;
    } while (cursor !== '0' && seen < MAX_LOADED);
  }
}
