import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Gauge } from 'prom-client';
import { MetricsRegistry } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';

const CONNECT_WAIT_MS = 3_000;

/**
 * The Redis connections when REDIS_URL is set (none otherwise): one for commands, one for subscriptions (a
 * subscribed connection cannot run commands). Commands fail fast while Redis is unreachable (no offline
 * queue), so callers fall back to local behaviour instead of piling up; ioredis reconnects on its own.
 * Redis is optional: an unreachable Redis never fails start-up or readiness, it degrades to per-replica behaviour.
 */
@Injectable()
export class RedisConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly url: string | null;
  private commandClient: Redis | null = null;
  private subscriberClient: Redis | null = null;
  private readonly up: Gauge<'connection'>;

  constructor(config: AppConfig, metrics: MetricsRegistry) {
    this.url = config.runtime.redis_url ?? null;
    this.up = metrics.gauge('gophergate_redis_up', 'Whether the Redis connection is ready (1) or not (0); absent without REDIS_URL', ['connection']);
  }

  get enabled(): boolean {
    return this.url !== null;
  }

  /** The command connection, or null without REDIS_URL. */
  get command(): Redis | null {
    return this.commandClient;
  }

  /** The subscriber connection, or null without REDIS_URL. */
  get subscriber(): Redis | null {
    return this.subscriberClient;
  }

  /** Is the command connection usable right now? */
  get ready(): boolean {
    return this.commandClient?.status === 'ready';
  }

  async onModuleInit(): Promise<void> {
    if (!this.url) return;
    this.commandClient = this.open('command');
    this.subscriberClient = this.open('subscriber');
    const waits = [this.commandClient, this.subscriberClient].map((client) => waitReady(client, CONNECT_WAIT_MS));
    const results = await Promise.all(waits);
    if (results.includes(false)) this.logger.warn({ redis: redact(this.url) }, 'Redis is not reachable yet; running per-replica until it is');
    else this.logger.log({ redis: redact(this.url) }, 'Redis connected');
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = [this.subscriberClient, this.commandClient].filter((c): c is Redis => c !== null);
    this.subscriberClient = null;
    this.commandClient = null;
    await Promise.all(clients.map((c) => close(c)));
  }

  private open(role: 'command' | 'subscriber'): Redis {
    const client = new Redis(this.url!, {
      connectionName: `gophergate-${role}`,
      enableOfflineQueue: role === 'subscriber', // subscriptions are re-sent on reconnect; commands fail fast instead
      maxRetriesPerRequest: role === 'command' ? 0 : null,
      commandTimeout: role === 'command' ? 1_000 : undefined,
      connectTimeout: 5_000,
      retryStrategy: (attempt) => Math.min(200 * attempt, 5_000),
      lazyConnect: false,
    });
    let lastError = 0;
    client.on('error', (err: Error) => {
      // ioredis reports every failed reconnect; log at most every 30 s.
      if (Date.now() - lastError > 30_000) this.logger.warn({ role, reason: err.message }, 'Redis connection error');
      lastError = Date.now();
    });
    client.on('ready', () => this.up.set({ connection: role }, 1));
    client.on('end', () => this.up.set({ connection: role }, 0));
    client.on('close', () => this.up.set({ connection: role }, 0));
    return client;
  }
}

/** QUIT when connected (clean), else stop reconnecting at once; never waits more than a second. */
async function close(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  const timer = setTimeout(() => client.disconnect(), 1_000);
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

function waitReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    timer.unref();
    client.on('ready', onReady);
  });
}

/** The URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparsable)';
  }
}
