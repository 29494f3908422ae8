/** Knobs of the registry that are not user configuration (tests inject faster ones through REGISTRY_OPTIONS). */
export interface RegistryOptions {
  /** The bundled models.dev snapshot (copied next to the compiled code by the build). */
  bundledSnapshot: URL;
  /** Per download attempt, headers and body included. */
  timeoutMs: number;
  /** Waits before each retry of a failed download (scheduled refreshes only): 3 retries after 1 s, 2 s, 4 s. */
  retryDelaysMs: readonly number[];
  /** A larger document is refused (models.dev's full api.json is a few MB). */
  maxBytes: number;
}

export const REGISTRY_OPTIONS = Symbol('REGISTRY_OPTIONS');

/** Optional, from the application's options (tests): replaces some of DEFAULT_REGISTRY_OPTIONS, e.g. a smaller bundled snapshot. */
export const REGISTRY_OPTION_OVERRIDES = Symbol('REGISTRY_OPTION_OVERRIDES');

export const BUNDLED_SNAPSHOT_URL = new URL('./data/models-dev.snapshot.json', import.meta.url);

export const CACHE_FILE_NAME = 'registry-cache.json';

export const DEFAULT_REGISTRY_OPTIONS: Readonly<RegistryOptions> = Object.freeze({
  bundledSnapshot: BUNDLED_SNAPSHOT_URL,
  timeoutMs: 30_000,
  retryDelaysMs: Object.freeze([1000, 2000, 4000]),
  maxBytes: 64 * 1024 * 1024,
});
