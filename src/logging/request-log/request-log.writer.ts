import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Counter, Gauge } from 'prom-client';
import { EventBus, MetricsRegistry, moneyToUsd } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { isPostgresRetryable, isSqliteBusy } from '../../database/index.js';
import { toLogRow, type LogRow } from './request-log.rows.js';
import { RequestLogStore } from './request-log.store.js';
import type { RequestLogEntry } from './request-log.types.js';

const RETRY_DELAYS_MS = [50, 200, 1000, 5000];

/**
 * Batched, off-the-hot-path request-log writer. `write()` only enqueues (and publishes the live `request` event);
 * a flush runs every `logs.flush_ms` or as soon as `logs.batch_size` rows wait, each batch in one transaction with the
 * usage-rollup upserts. Transient database errors (SQLITE_BUSY, serialization failures, a database restart) keep the
 * rows queued and retry with backoff. Nothing is dropped silently: when the queue passes `logs.queue_limit` the overflow
 * is counted (`gophergate_request_log_overflow_total`) and logged, the row is still kept, and callers that can wait use
 * `drain()` for backpressure. A row the database rejects on its own is logged with its request id and counted.
 * The queue is flushed when the HTTP server has closed (after in-flight requests finished) and again at shutdown.
 */
@Injectable()
export class RequestLogWriter implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('RequestLogWriter');
  private queue: LogRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private lastOverflowLog = 0;
  private stopped = false;
  private readonly depth: Gauge<never>;
  private readonly overflow: Counter<never>;
  private readonly written: Counter<never>;
  private readonly rejected: Counter<never>;

  constructor(
    private readonly config: AppConfig,
    private readonly store: RequestLogStore,
    private readonly events: EventBus,
    metrics: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.depth = metrics.gauge('gophergate_request_log_queue_depth', 'Request-log rows waiting to be written', []);
    this.overflow = metrics.counter('gophergate_request_log_overflow_total', 'Request-log rows enqueued past logs.queue_limit', []);
    this.written = metrics.counter('gophergate_request_log_rows_written_total', 'Request-log rows written', []);
    this.rejected = metrics.counter('gophergate_request_log_rows_rejected_total', 'Request-log rows the database refused (logged)', []);
  }

  onModuleInit(): void {
    // a batch flush timer, not a scheduled job: it drains this replica's in-memory queue; its own hooks flush the rest
    this.timer = setInterval(() => void this.flushSome(), this.config.logs.flush_ms);
    this.timer.unref();
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as { addHook?: (name: string, fn: () => Promise<void>) => void } | undefined;
    try {
      // runs after in-flight requests finished and before the database is closed
      fastify?.addHook?.('onClose', () => this.flushAll());
    } catch (err) {
      this.logger.warn({ err }, 'could not hook the HTTP server close; flushing at shutdown only');
    }
  }

  /** Enqueue one request's log row. Never blocks, never throws. */
  write(entry: RequestLogEntry): void {
    let row: LogRow;
    try {
      row = toLogRow(entry, this.config.logs.bodies);
    } catch (err) {
      this.rejected.inc();
      this.logger.error({ err, request_id: entry?.requestId }, 'request log entry is malformed; not written');
      return;
    }
    this.queue.push(row);
    this.depth.set(this.queue.length);
    this.publish(entry);
    if (this.queue.length > this.config.logs.queue_limit) {
      this.overflow.inc();
      const now = Date.now();
      if (now - this.lastOverflowLog > 5000) {
        this.lastOverflowLog = now;
        this.logger.warn({ queued: this.queue.length, queue_limit: this.config.logs.queue_limit }, 'request-log queue over its limit; rows are kept, the database is behind');
      }
    }
    if (this.queue.length >= this.config.logs.batch_size && !this.running && !this.retryTimer) void this.flushSome();
  }

  get queued(): number {
    return this.queue.length;
  }

  /** True while the queue is over `logs.queue_limit`: callers that can wait should `await drain()`. */
  get saturated(): boolean {
    return this.queue.length > this.config.logs.queue_limit;
  }

  /** Backpressure: resolves once the queue is back under its limit (flushing now), or after `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.saturated && Date.now() < deadline) {
      await this.flushSome();
      if (this.saturated) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Write everything queued now (tests, shutdown). Bounded: stops after repeated failures and reports what is left. */
  async flushAll(): Promise<void> {
    for (let rounds = 0; (this.queue.length > 0 || this.running) && rounds < 10_000; rounds++) {
      if (this.running) await this.running.catch(() => undefined);
      if (this.queue.length === 0) break;
      const before = this.queue.length;
      await this.flushSome(true);
      if (this.queue.length < before) continue;
      if (this.failures > RETRY_DELAYS_MS.length) break;
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[Math.max(0, Math.min(this.failures - 1, 1))]));
    }
    if (this.queue.length > 0) this.logger.error({ unwritten: this.queue.length }, 'request-log rows could not be written');
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.flushAll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;
    if (this.queue.length > 0) await this.flushAll().catch(() => undefined);
  }

  private flushSome(force = false): Promise<void> {
    if (this.running) return force ? this.running.then(() => this.flushSome(true)) : this.running;
    if (this.queue.length === 0 || (this.retryTimer && !force)) return Promise.resolve();
    this.running = this.flushBatch().finally(() => {
      this.running = null;
      this.depth.set(this.queue.length);
      if (!this.stopped && !this.retryTimer && this.queue.length >= this.config.logs.batch_size) void this.flushSome();
    });
    return this.running;
  }

  private async flushBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.config.logs.batch_size);
    try {
      this.written.inc(await this.store.insert(batch));
      this.failures = 0;
    } catch (err) {
      if (isTransient(err)) {
        this.queue.unshift(...batch);
        this.failures += 1;
        const delay = RETRY_DELAYS_MS[Math.min(this.failures - 1, RETRY_DELAYS_MS.length - 1)];
        this.logger.warn({ err, rows: batch.length, retry_in_ms: delay }, 'request-log batch not written; retrying');
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.flushSome();
        }, delay);
        this.retryTimer.unref();
        return;
      }
      await this.writeOneByOne(batch, err);
    }
  }

  /** A batch the database refused for a non-transient reason: find the bad row(s), keep the rest. */
  private async writeOneByOne(batch: LogRow[], batchError: unknown): Promise<void> {
    this.logger.warn({ err: batchError, rows: batch.length }, 'request-log batch refused; writing rows one by one');
    for (const row of batch) {
      try {
        this.written.inc(await this.store.insert([row]));
      } catch (err) {
        if (isTransient(err)) {
          this.queue.unshift(row);
          continue;
        }
        this.rejected.inc();
        this.logger.error({ err, request_id: row.request_id }, 'request-log row refused by the database');
      }
    }
  }

  private publish(entry: RequestLogEntry): void {
    const u = entry.usage;
    this.events.publish({
      type: 'request',
      data: {
        request_id: entry.requestId,
        client: entry.clientName ?? '',
        client_id: entry.clientId ?? '',
        model: entry.model,
        provider: entry.provider,
        status: entry.status,
        latency_ms: entry.latencyMs,
        tokens: (u?.input ?? 0) + (u?.cacheRead ?? 0) + (u?.cacheWrite ?? 0) + (u?.output ?? 0),
        cost_usd: moneyToUsd(entry.costE10),
        ...(entry.surface ? { surface: entry.surface } : {}),
        ...(entry.tags?.length ? { tags: entry.tags } : {}),
      },
    });
  }
}

/** Errors worth retrying later: lock contention, serialization failures, lost or refused connections, a closed pool. */
function isTransient(err: unknown): boolean {
  if (isSqliteBusy(err) || isPostgresRetryable(err)) return true;
  const code = String((err as { code?: unknown })?.code ?? '');
  if (/^(08|53|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  const message = String((err as { message?: unknown })?.message ?? '');
  return /closed|terminat|timeout|Connection/i.test(message);
}
