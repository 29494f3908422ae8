import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import { MemoryRateLimitStore, type BucketSpec } from './rate-limit.store.js';
import { MetricsRegistry } from '../../common/index.js';
import { RedisConnections } from '../../scaleout/redis/index.js';
import { ADJUST_SCRIPT, TAKE_SCRIPT } from './rate-limit.scripts.js';

/** auth's RateLimitStore contract, asynchronous (a shared store needs a round trip). */
export interface AsyncRateLimitStore {
  take(requests: Array<BucketSpec & { cost: number }>, now?: number): Promise<number>;
  adjust(bucket: BucketSpec, delta: number, now?: number): Promise<void>;
}

interface RateCommands {
  gophergateRateTake(numKeys: number, ...keysAndArgs: Array<string | number>): Promise<string>;
  gophergateRateAdjust(key: string, capacity: number, refillPerSecond: number, delta: number): Promise<string>;
}

const PREFIX = 'gophergate:rl:';
const prepared = new WeakSet<Redis>();

/** Redis key of a bucket; the hash tag (the part after the first ':', i.e. the client id) keeps a client's rpm and tpm buckets in one cluster slot. */
export function bucketKey(key: string): string {
  const colon = key.indexOf(':');
  const tag = colon >= 0 ? key.slice(colon + 1) : key;
  return `${PREFIX}{${tag}}:${key}`;
}

/**
 * rpm/tpm token buckets shared by every replica through Redis: a limit of N per minute holds for all replicas
 * together. While Redis is unreachable it falls back to a per-replica in-memory store (logged and counted), so
 * an outage degrades limits instead of refusing or stalling traffic.
 */
@Injectable()
export class RedisRateLimitStore implements AsyncRateLimitStore {
  private readonly logger = new Logger('RedisRateLimitStore');
  private readonly local = new MemoryRateLimitStore();
  private readonly fallbacks: Counter<'op'>;
  private lastWarn = 0;

  constructor(private readonly redis: RedisConnections, metrics: MetricsRegistry) {
    this.fallbacks = metrics.counter('gophergate_rate_limit_local_fallback_total', 'Rate-limit operations served by the per-replica store because Redis was unreachable', ['op']);
  }

  async take(requests: Array<BucketSpec & { cost: number }>, now = Date.now()): Promise<number> {
    if (requests.length === 0) return 0;
    const client = this.client();
    if (client) {
      try {
        const args: Array<string | number> = requests.map((r) => bucketKey(r.key));
        for (const r of requests) args.push(r.capacity, r.refillPerSecond, r.cost);
        const wait = Number(await commands(client).gophergateRateTake(requests.length, ...args));
        if (Number.isFinite(wait)) return wait;
        throw new Error(`unexpected reply ${wait}`);
      } catch (err) {
        this.degraded('take', err);
      }
    } else if (this.redis.enabled) this.degraded('take', null);
    return this.local.take(requests, now);
  }

  async adjust(bucket: BucketSpec, delta: number, now = Date.now()): Promise<void> {
    if (!Number.isFinite(delta) || delta === 0) return;
    const client = this.client();
    if (client) {
      try {
        await commands(client).gophergateRateAdjust(bucketKey(bucket.key), bucket.capacity, bucket.refillPerSecond, delta);
        return;
      } catch (err) {
        this.degraded('adjust', err);
      }
    } else if (this.redis.enabled) this.degraded('adjust', null);
    this.local.adjust(bucket, delta, now);
  }

  private client(): Redis | null {
    const client = this.redis.command;
    if (!client || !this.redis.ready) return null;
    if (!prepared.has(client)) {
      client.defineCommand('gophergateRateTake', { lua: TAKE_SCRIPT });
      client.defineCommand('gophergateRateAdjust', { lua: ADJUST_SCRIPT, numberOfKeys: 1 });
      prepared.add(client);
    }
    return client;
  }

  private degraded(op: 'take' | 'adjust', err: unknown): void {
    this.fallbacks.inc({ op });
    if (Date.now() - this.lastWarn < 30_000) return;
    this.lastWarn = Date.now();
    this.logger.warn({ reason: err instanceof Error ? err.message : 'not connected' }, 'Redis unavailable: rate limits are per replica until it is back');
  }
}

function commands(client: Redis): RateCommands {
  return client as unknown as RateCommands;
}
