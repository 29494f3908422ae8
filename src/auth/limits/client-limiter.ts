import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/index.js';
import type { ClientPrincipal } from '../auth.types.js';
import { modelAllowed } from './model-glob.js';
import { RateLimitStore, type BucketSpec } from './rate-limit.store.js';

/** Per-client model allowlist and rpm/tpm token buckets (capacity = the per-minute limit, refilled continuously). */
@Injectable()
export class ClientLimiter {
  constructor(private readonly store: RateLimitStore) {}

  isModelAllowed(p: ClientPrincipal, model: string): boolean {
    return modelAllowed(p.allowedModels, model);
  }

  assertModelAllowed(p: ClientPrincipal, model: string): void {
    if (!this.isModelAllowed(p, model)) throw ApiError.modelNotAllowed(model);
  }

  /** Take one request and `estimatedTokens` tokens, or throw 429 rate_limit_exceeded with Retry-After (nothing taken). */
  admit(p: ClientPrincipal, estimatedTokens: number): void | Promise<void> {
    const requests: Array<BucketSpec & { cost: number }> = [];
    if (p.rpm !== null && p.rpm > 0) requests.push({ ...this.rpmBucket(p), cost: 1 });
    const tpm = this.tpmBucket(p);
    if (tpm) requests.push({ ...tpm, cost: Math.max(0, Math.ceil(estimatedTokens)) });
    if (requests.length === 0) return;
    const wait = this.store.take(requests);
    // The in-memory store answers synchronously (no extra tick); a shared store (Redis) answers with a promise.
    if (typeof wait === 'number') return refuseIfWaiting(wait, p, requests.length);
    return wait.then((w) => refuseIfWaiting(w, p, requests.length));
  }

  /** After the response: give back what the estimate over-counted (or take what it under-counted). */
  adjustTokens(p: ClientPrincipal, estimatedTokens: number, actualTokens: number): void {
    const tpm = this.tpmBucket(p);
    if (!tpm) return;
    const delta = Math.ceil(Math.max(0, estimatedTokens)) - Math.max(0, Math.ceil(actualTokens));
    if (delta !== 0 && Number.isFinite(delta)) void Promise.resolve(this.store.adjust(tpm, delta)).catch(() => undefined);
  }

  private rpmBucket(p: ClientPrincipal): BucketSpec {
    const rpm = p.rpm as number;
    return { key: `rpm:${p.clientId}`, capacity: rpm, refillPerSecond: rpm / 60 };
  }

  private tpmBucket(p: ClientPrincipal): BucketSpec | null {
    if (p.tpm === null || p.tpm <= 0) return null;
    return { key: `tpm:${p.clientId}`, capacity: p.tpm, refillPerSecond: p.tpm / 60 };
  }
}

function refuseIfWaiting(wait: number, p: ClientPrincipal, buckets: number): void {
  if (wait <= 0) return;
  const which = buckets === 2 ? 'requests or tokens per minute' : p.rpm !== null ? 'requests per minute' : 'tokens per minute';
  throw ApiError.rateLimited(wait, `Rate limit reached for this client (${which}); retry after the Retry-After delay.`);
}
