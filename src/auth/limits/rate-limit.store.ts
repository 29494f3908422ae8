import { Injectable } from '@nestjs/common';

export interface BucketSpec {
  key: string;
  /** Maximum tokens (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/**
 * Token buckets behind a small interface, so a shared (e.g. Redis-backed) store can replace the in-memory
 * one when several replicas serve the same clients. Bind another implementation to this class token.
 */
export abstract class RateLimitStore {
  /**
   * Take `cost` tokens from every bucket, or from none. Returns 0 when admitted, else the seconds until all
   * of them could be admitted. A cost above a bucket's capacity is capped to it (admitted when the bucket is full).
   */
  abstract take(requests: Array<BucketSpec & { cost: number }>, now?: number): number | Promise<number>;
  /** Give tokens back (positive delta) or take more (negative) after the fact; never above capacity, never below −capacity. */
  abstract adjust(bucket: BucketSpec, delta: number, now?: number): void | Promise<void>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  capacity: number;
  refillPerSecond: number;
}

const SWEEP_EVERY_MS = 60_000;

/** The single-process store: a map of buckets, refilled lazily; full buckets are swept so memory stays bounded. */
@Injectable()
export class MemoryRateLimitStore extends RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  take(requests: Array<BucketSpec & { cost: number }>, now = Date.now()): number {
    this.sweep(now);
    let waitSeconds = 0;
    const ready: Array<{ bucket: Bucket; cost: number }> = [];
    for (const r of requests) {
      const bucket = this.current(r, now);
      const cost = Math.min(Math.max(0, r.cost), r.capacity);
      if (bucket.tokens >= cost) ready.push({ bucket, cost });
      else waitSeconds = Math.max(waitSeconds, (cost - bucket.tokens) / r.refillPerSecond);
    }
    if (waitSeconds > 0) return waitSeconds;
    for (const { bucket, cost } of ready) bucket.tokens -= cost;
    return 0;
  }

  adjust(spec: BucketSpec, delta: number, now = Date.now()): void {
    const bucket = this.current(spec, now);
    bucket.tokens = Math.max(-spec.capacity, Math.min(spec.capacity, bucket.tokens + delta));
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The bucket refilled up to `now`, following a changed capacity or rate. */
  private current(spec: BucketSpec, now: number): Bucket {
    let bucket = this.buckets.get(spec.key);
    if (!bucket) {
      bucket = { tokens: spec.capacity, updatedAt: now, capacity: spec.capacity, refillPerSecond: spec.refillPerSecond };
      this.buckets.set(spec.key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.capacity = spec.capacity;
    bucket.refillPerSecond = spec.refillPerSecond;
    bucket.tokens = Math.min(spec.capacity, bucket.tokens + elapsed * spec.refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      const elapsed = Math.max(0, now - b.updatedAt) / 1000;
      if (b.tokens + elapsed * b.refillPerSecond >= b.capacity) this.buckets.delete(key);
    }
  }
}
