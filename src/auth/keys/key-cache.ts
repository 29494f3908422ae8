import { Injectable } from '@nestjs/common';
import type { ClientPrincipal } from '../auth.types.js';

/** A cached lookup: a live key's principal (with its own expiry), or a known-bad hash. */
export interface KeyCacheEntry {
  principal: ClientPrincipal | null;
  keyExpiresAt: number | null;
  cachedAt: number;
}

export const KEY_CACHE_TTL_MS = 30_000;
export const KEY_CACHE_NEGATIVE_TTL_MS = 5_000;
export const KEY_CACHE_MAX_ENTRIES = 50_000;

/**
 * Key lookups by sha-256, so /v1 does no database read on a hit. Entries live ~30 s (a few seconds for
 * unknown keys) and are dropped at once on revoke and on any client change. `generation` lets a lookup
 * that started before an invalidation refuse to store its (possibly stale) result.
 * invalidateAll()/invalidateClient() are the hooks for cross-replica notifications (Redis/PG).
 */
@Injectable()
export class KeyCache {
  private readonly entries = new Map<string, KeyCacheEntry>();
  private gen = 0;

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.entries.size;
  }

  get(hash: string, now = Date.now()): KeyCacheEntry | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    const ttl = entry.principal ? KEY_CACHE_TTL_MS : KEY_CACHE_NEGATIVE_TTL_MS;
    if (now - entry.cachedAt >= ttl) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Store a lookup result unless an invalidation happened since `generation` was read. */
  set(hash: string, entry: KeyCacheEntry, generation: number): void {
    if (generation !== this.gen) return;
    if (this.entries.size >= KEY_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, entry);
  }

  invalidateAll(): void {
    this.gen++;
    this.entries.clear();
  }

  invalidateClient(clientId: string): void {
    this.gen++;
    for (const [hash, entry] of this.entries) {
      if (entry.principal?.clientId === clientId) this.entries.delete(hash);
    }
  }

  invalidateKey(keyId: string): void {
    this.gen++;
    for (const [hash, entry] of this.entries) {
      if (entry.principal?.keyId === keyId) this.entries.delete(hash);
    }
  }
}
