import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsRegistry } from '../../common/index.js';
import type { InvalidationMessage } from './invalidation.types.js';

type Handler = (message: InvalidationMessage) => void;

/** How a published message reaches the other replicas (PostgreSQL NOTIFY or Redis pub/sub). */
export interface InvalidationTransport {
  send(message: InvalidationMessage): Promise<void>;
}

/**
 * Cache invalidation across replicas. Handlers (CacheInvalidator) drop cached copies; `publish` runs them here at
 * once and tells every other replica. Changes to keys, clients and providers in PostgreSQL need no publish call:
 * database triggers notify every replica themselves. Without a transport (SQLite: one process) it is local only.
 */
@Injectable()
export class InvalidationBus {
  private readonly logger = new Logger('InvalidationBus');
  private readonly handlers = new Set<Handler>();
  private transport: InvalidationTransport | null = null;
  private readonly counter: Counter<'kind'>;

  constructor(metrics: MetricsRegistry) {
    this.counter = metrics.counter('gophergate_cache_invalidations_total', 'Cache invalidations applied on this replica, by kind', ['kind']);
  }

  /** Set by the transport that is active (PostgreSQL listener or Redis), once it is. */
  useTransport(transport: InvalidationTransport | null): void {
    this.transport = transport;
  }

  get distributed(): boolean {
    return this.transport !== null;
  }

  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Apply here now, then tell the other replicas. Resolves once the message is handed to the transport. */
  async publish(message: InvalidationMessage): Promise<void> {
    this.dispatch(message);
    if (!this.transport) return;
    try {
      await this.transport.send(message);
    } catch (err) {
      this.logger.warn({ reason: (err as Error)?.message, kind: message.kind }, 'could not broadcast an invalidation; other replicas catch up when their cache entries expire');
    }
  }

  /** Apply a message on this replica only (what transports call for received messages). */
  dispatch(message: InvalidationMessage): void {
    this.counter.inc({ kind: message.kind });
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (err) {
        this.logger.warn({ reason: (err as Error)?.message }, 'an invalidation handler failed');
      }
    }
  }
}
