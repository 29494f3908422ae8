import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { Gauge, Counter } from 'prom-client';
import { MetricsRegistry, ReadinessRegistry } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { Catalog } from './catalog.js';
import { parseCatalogText } from './catalog.parser.js';
import { SUPPORTED_CATALOG_PROVIDERS, catalogProviderFor } from './catalog-providers.js';
import { readCacheFile, writeFileAtomic } from './registry.cache.js';
import { RegistryRefreshError } from './registry.errors.js';
import { RegistryDownloadError, downloadText } from './registry.fetcher.js';
import { CACHE_FILE_NAME, REGISTRY_OPTIONS, type RegistryOptions } from './registry.options.js';
import type { CatalogModel, RegistryInfo, RegistrySource } from './registry.types.js';
import { readSnapshotMeta } from './snapshot.meta.js';

/** One loaded generation: the catalog and what describes it, swapped together as one reference. */
interface Loaded {
  readonly catalog: Catalog;
  readonly info: Readonly<RegistryInfo>;
  /** Epoch ms of when the data was taken (see asOf()). */
  readonly asOf: number | null;
}

const NOT_LOADED: Readonly<RegistryInfo> = Object.freeze({ source: 'bundled', loadedAt: 0, models: 0 });

/**
 * The model catalog. At start: the cached last good download (DATA_DIR/registry-cache.json), else the bundled snapshot.
 * A refresh downloads, validates and builds a whole new Catalog off to the side, then replaces the one `loaded`
 * reference: readers see the old generation or the new one, never a mix, and a failed refresh changes nothing.
 */
@Injectable()
export class RegistryService implements OnModuleDestroy {
  private readonly logger = new Logger('Registry');
  private loaded: Loaded | null = null;
  private inflight: Promise<RegistryInfo> | null = null;
  private readonly lifetime = new AbortController();
  private readonly cachePath: string;
  private readonly keepProviders: ReadonlySet<string>;
  private readonly modelsGauge?: Gauge<'source'>;
  private readonly refreshes?: Counter<'result'>;

  constructor(
    private readonly config: AppConfig,
    @Inject(REGISTRY_OPTIONS) private readonly options: RegistryOptions,
    @Optional() readiness?: ReadinessRegistry,
    @Optional() metrics?: MetricsRegistry,
  ) {
    this.cachePath = join(config.runtime.data_dir, CACHE_FILE_NAME);
    const configured = config.providers.map((p) => catalogProviderFor(p.kind, p.name, p.preset)).filter((id): id is string => id !== null);
    this.keepProviders = new Set([...SUPPORTED_CATALOG_PROVIDERS, ...configured]);
    if (metrics) {
      this.modelsGauge = metrics.gauge('gophergate_registry_models', 'Models in the loaded catalog, by where it came from', ['source']);
      this.refreshes = metrics.counter('gophergate_registry_refreshes_total', 'Catalog refreshes by result', ['result']);
    }
    this.loadAtStart();
    readiness?.register('registry', () => {
      const info = this.info();
      return { ok: this.isLoaded(), detail: { source: this.isLoaded() ? info.source : null, models: info.models, loaded_at: info.loadedAt ? new Date(info.loadedAt).toISOString() : null } };
    });
  }

  onModuleDestroy(): void {
    this.lifetime.abort();
  }

  isLoaded(): boolean {
    return this.loaded !== null;
  }

  info(): RegistryInfo {
    return { ...(this.loaded?.info ?? NOT_LOADED) };
  }

  /**
   * When the loaded catalog's data was taken (epoch ms): the bundled snapshot's `as_of` day (from its sidecar; null
   * when that is missing), or the download time of a remote or cached catalog. Its age is measured from this.
   */
  asOf(): number | null {
    return this.loaded?.asOf ?? null;
  }

  /** The whole current generation, for callers that read several things and want them consistent. */
  snapshot(): Catalog | null {
    return this.loaded?.catalog ?? null;
  }

  /** That provider's model first, then any (supported) provider listing that model id. */
  lookup(catalogProvider: string | null, modelId: string): CatalogModel | null {
    return this.loaded?.catalog.lookup(catalogProvider, modelId) ?? null;
  }

  /** Every model of the current generation (a copy of the list; the models themselves are frozen). */
  list(): CatalogModel[] {
    return [...(this.loaded?.catalog.models ?? [])];
  }

  /**
   * Download registry.url now, validate, swap, and cache it. Concurrent calls share one download. `retry` adds the
   * backoff retries (scheduled refreshes); a manual refresh makes one attempt so the admin gets an answer quickly.
   * Throws RegistryRefreshError and keeps the loaded catalog when anything fails.
   */
  refresh(options: { retry?: boolean } = {}): Promise<RegistryInfo> {
    if (!this.config.registry.url) {
      return Promise.reject(new RegistryRefreshError('disabled', 'Registry refresh is disabled: registry.url is empty.'));
    }
    if (!this.inflight) {
      this.inflight = this.download(options.retry === true).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async download(retry: boolean): Promise<RegistryInfo> {
    let text: string;
    try {
      ({ text } = await downloadText(this.config.registry.url, {
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxBytes,
        retryDelaysMs: retry ? this.options.retryDelaysMs : [],
        signal: this.lifetime.signal,
      }));
    } catch (err) {
      this.refreshes?.inc({ result: 'failed' });
      const e = err as RegistryDownloadError;
      if (e.failure === 'aborted') throw new RegistryRefreshError('aborted', 'Registry refresh was aborted (shutting down).');
      throw new RegistryRefreshError('download', `Registry download failed: ${e.message}. The loaded catalog is unchanged.`);
    }
    const parsed = parseCatalogText(text, { keepProviders: this.keepProviders });
    if (!parsed.ok) {
      this.refreshes?.inc({ result: 'failed' });
      throw new RegistryRefreshError('invalid', `Registry document rejected: ${parsed.error}. The loaded catalog is unchanged.`);
    }
    const catalog = new Catalog(parsed.models);
    // Cache first, so whoever sees the new catalog can rely on it surviving a restart.
    try {
      await writeFileAtomic(this.cachePath, text);
    } catch (err) {
      this.logger.warn({ err, path: this.cachePath }, 'could not write the registry cache; the new catalog is loaded but will not survive a restart');
    }
    if (this.lifetime.signal.aborted) throw new RegistryRefreshError('aborted', 'Registry refresh was aborted (shutting down).');
    const now = Date.now();
    const info = this.swap(catalog, 'remote', now, now, parsed.warnings);
    this.refreshes?.inc({ result: 'ok' });
    return info;
  }

  /** Replace the current generation with a fully built one: a single reference assignment. */
  private swap(catalog: Catalog, source: RegistrySource, loadedAt: number, asOf: number | null, warnings: string[]): RegistryInfo {
    const info: RegistryInfo = Object.freeze({ source, loadedAt, models: catalog.size });
    this.loaded = Object.freeze({ catalog, info, asOf });
    this.modelsGauge?.reset();
    this.modelsGauge?.set({ source }, catalog.size);
    if (warnings.length > 0) this.logger.warn({ source, warnings }, 'some catalog entries were skipped or left unpriced');
    this.logger.log({ source, models: catalog.size, providers: catalog.providers(), as_of: asOf === null ? null : new Date(asOf).toISOString() }, 'model catalog loaded');
    return { ...info };
  }

  /** Cache first (the last good download), then the bundled snapshot; a bad file is reported and skipped. */
  private loadAtStart(): void {
    try {
      const cached = readCacheFile(this.cachePath);
      if (cached) {
        const parsed = parseCatalogText(cached.text, { keepProviders: this.keepProviders });
        if (parsed.ok) {
          this.swap(new Catalog(parsed.models), 'cache', Math.round(cached.mtimeMs), Math.round(cached.mtimeMs), parsed.warnings);
          return;
        }
        this.logger.warn({ path: this.cachePath, error: parsed.error }, 'ignoring the registry cache');
      }
    } catch (err) {
      this.logger.warn({ err, path: this.cachePath }, 'could not read the registry cache');
    }
    try {
      const parsed = parseCatalogText(readFileSync(this.options.bundledSnapshot, 'utf8'), { keepProviders: this.keepProviders });
      if (parsed.ok) {
        this.swap(new Catalog(parsed.models), 'bundled', Date.now(), readSnapshotMeta(this.options.bundledSnapshot)?.asOf ?? null, parsed.warnings);
        return;
      }
      this.logger.error({ error: parsed.error }, 'the bundled model snapshot is invalid; no catalog is loaded until a refresh succeeds');
    } catch (err) {
      this.logger.error({ err }, 'could not read the bundled model snapshot; no catalog is loaded until a refresh succeeds');
    }
  }
}
