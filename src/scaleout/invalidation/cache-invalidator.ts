import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KeyCache } from '../../auth/index.js';
import { ProviderStore } from '../../providers/store/index.js';
import { InvalidationBus } from './invalidation.bus.js';
import type { InvalidationMessage } from './invalidation.types.js';

const PROVIDER_SYNC_DEBOUNCE_MS = 50;

/**
 * Applies invalidations to this replica's caches: auth's key cache (a revoked key, a changed or deleted client)
 * and the providers loaded from the database (ProviderStore.sync, debounced). Either may be absent from the app
 * (then that part is skipped).
 */
@Injectable()
export class CacheInvalidator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidator');
  private unsubscribe: (() => void) | null = null;
  private providerTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: InvalidationBus,
    private readonly keyCache: KeyCache,
    private readonly providerStore: ProviderStore,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.bus.subscribe((message) => this.apply(message));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    if (this.providerTimer) clearTimeout(this.providerTimer);
    this.providerTimer = null;
  }

  apply(message: InvalidationMessage): void {
    switch (message.kind) {
      case 'key':
        this.keyCache.invalidateKey(message.id);
        break;
      case 'client':
        this.keyCache.invalidateClient(message.id);
        break;
      case 'provider':
        this.syncProviders();
        break;
      case 'all':
        this.keyCache.invalidateAll();
        this.syncProviders();
        break;
    }
  }

  private syncProviders(): void {
    if (this.providerTimer) return;
    this.providerTimer = setTimeout(() => {
      this.providerTimer = null;
      this.providerStore.sync().catch((err: unknown) => this.logger.warn({ reason: (err as Error)?.message }, 'provider reload after an invalidation failed'));
    }, PROVIDER_SYNC_DEBOUNCE_MS);
    this.providerTimer.unref();
  }
}
