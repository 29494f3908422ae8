import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { ClientKeyEntity } from '../entities/client-key.entity.js';

/** A key's last_used_at is written at most this often. */
export const KEY_TOUCH_INTERVAL_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;
const MAX_BATCH = 500;

/**
 * Records key use off the hot path: touch() only marks the key in memory (at most once a minute per key);
 * a timer writes the marks in batches (one UPDATE per batch), and a final flush runs at shutdown.
 */
@Injectable()
export class KeyUsageTracker implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('KeyUsage');
  private readonly lastMarked = new Map<string, number>();
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    // a batch flush timer, not a scheduled job: it writes this replica's in-memory marks, and shutdown flushes the rest
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  touch(keyId: string, now = Date.now()): void {
    const last = this.lastMarked.get(keyId);
    if (last !== undefined && now - last < KEY_TOUCH_INTERVAL_MS) return;
    this.lastMarked.set(keyId, now);
    this.pending.set(keyId, now);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Write pending marks now (also what the timer does). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const now = Date.now();
    for (const [id, at] of this.lastMarked) if (now - at >= KEY_TOUCH_INTERVAL_MS) this.lastMarked.delete(id);
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const entries = [...batch.entries()];
    for (let i = 0; i < entries.length; i += MAX_BATCH) {
      const slice = entries.slice(i, i + MAX_BATCH);
      const at = Math.max(...slice.map(([, t]) => t));
      try {
        await this.dataSource.getRepository(ClientKeyEntity).update({ id: In(slice.map(([id]) => id)) }, { last_used_at: at });
      } catch (err) {
        this.logger.warn({ err, keys: slice.length }, 'could not record key use');
      }
    }
  }
}
