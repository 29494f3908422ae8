import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/index.js';
import { DatabaseInfo } from '../../database/index.js';
import { InvalidationBus, type InvalidationTransport } from './invalidation.bus.js';
import { INVALIDATION_CHANNEL, parseInvalidation, type InvalidationMessage } from './invalidation.types.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
const PING_EVERY_MS = 15_000;
/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'gophergate-invalidation-listener';

/**
 * On PostgreSQL: LISTEN on one dedicated connection (outside the pool) for invalidations — from the database
 * triggers on client_keys / clients / providers, and from InvalidationBus.publish on any replica (pg_notify).
 * If the connection drops, it reconnects with backoff and then invalidates everything, since notifications sent
 * meanwhile are lost. A periodic ping finds half-open connections.
 */
@Injectable()
export class PgNotifyListener implements InvalidationTransport, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PgNotifyListener');
  private client: pg.Client | null = null;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private connectedOnce = false;

  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseInfo,
    private readonly bus: InvalidationBus,
  ) {}

  get listening(): boolean {
    return this.client !== null;
  }

  async onModuleInit(): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    this.bus.useTransport(this);
    await this.connect();
    // a connection heartbeat, not a scheduled job: it belongs to this listener's own connection and reconnect logic
    this.pingTimer = setInterval(() => void this.ping(), PING_EVERY_MS);
    this.pingTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  /** Broadcast through the database (every replica's listener, this one included, receives it). */
  async send(message: InvalidationMessage): Promise<void> {
    await this.database.dataSource.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, JSON.stringify(message)]);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.database.url, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
    client.on('notification', (n) => {
      if (n.channel !== INVALIDATION_CHANNEL || !n.payload) return;
      const message = parseInvalidation(n.payload);
      if (message) this.bus.dispatch(message);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => undefined);
      this.logger.warn({ reason: (err as Error)?.message }, 'cannot LISTEN for invalidations yet; retrying');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    // Anything may have changed while this replica was not listening.
    if (this.connectedOnce) this.bus.dispatch({ kind: 'all' });
    this.connectedOnce = true;
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ reason: err?.message ?? 'connection ended' }, 'invalidation listener disconnected; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private async ping(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 5_000).unref()),
      ]);
    } catch (err) {
      this.lost(client, err as Error);
    }
  }
}
