import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { EventBus, MetricsRegistry, type LiveEvent } from '../../common/index.js';
import { RedisConnections } from '../redis/redis.connections.js';
import { ReplicaIdentity } from '../replica.identity.js';

export const LIVE_FEED_CHANNEL = 'gophergate:live';

interface Envelope {
  origin: string;
  event: LiveEvent;
}

const EVENT_TYPES = new Set(['request', 'provider', 'credit']);

/** A received message as an event from another replica, or null (own echo, malformed, unknown type). */
export function parseRemote(raw: string, self: string): LiveEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const { origin, event } = parsed as Partial<Envelope>;
  if (typeof origin !== 'string' || origin === self) return null;
  if (!event || typeof event !== 'object' || !EVENT_TYPES.has((event as { type?: string }).type ?? '')) return null;
  if (!(event as { data?: unknown }).data || typeof (event as { data?: unknown }).data !== 'object') return null;
  return event as LiveEvent;
}

/**
 * The live feed across replicas (REDIS_URL): every event published on this replica's EventBus goes to one Redis
 * channel tagged with this replica's id; every event from another replica is re-published on the local EventBus,
 * so a dashboard connected to any replica sees the traffic of all of them. Remote events are remembered (by
 * identity) so they are never sent back out: no echo loops. Best effort, like the feed itself: nothing is queued
 * while Redis is away. Without REDIS_URL this does nothing.
 */
@Injectable()
export class LiveFeedFanout implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveFeedFanout');
  private readonly remote = new WeakSet<object>();
  private unsubscribe: (() => void) | null = null;
  private readonly received: Counter<never>;
  private readonly dropped: Counter<never>;
  private readonly onMessage = (channel: string, message: string) => this.receive(channel, message);

  constructor(
    private readonly bus: EventBus,
    private readonly redis: RedisConnections,
    private readonly replica: ReplicaIdentity,
    metrics: MetricsRegistry,
  ) {
    this.received = metrics.counter('gophergate_live_feed_remote_events_total', 'Live events received from other replicas', []);
    this.dropped = metrics.counter('gophergate_live_feed_publish_dropped_total', 'Live events not sent to other replicas (Redis unavailable)', []);
  }

  async onApplicationBootstrap(): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!subscriber) return;
    subscriber.on('message', this.onMessage);
    await subscriber.subscribe(LIVE_FEED_CHANNEL).catch((err: Error) => this.logger.warn({ reason: err.message }, 'live feed subscription pending'));
    this.unsubscribe = this.bus.subscribe((event) => this.send(event));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.redis.subscriber?.off('message', this.onMessage);
  }

  private send(event: LiveEvent): void {
    if (this.remote.has(event)) return;
    const client = this.redis.command;
    if (!client || !this.redis.ready) {
      this.dropped.inc();
      return;
    }
    const envelope: Envelope = { origin: this.replica.id, event };
    client.publish(LIVE_FEED_CHANNEL, JSON.stringify(envelope)).catch(() => this.dropped.inc());
  }

  private receive(channel: string, message: string): void {
    if (channel !== LIVE_FEED_CHANNEL) return;
    const event = parseRemote(message, this.replica.id);
    if (!event) return;
    this.remote.add(event);
    this.received.inc();
    this.bus.publish(event);
  }
}
