import type { Price } from '../common/index.js';

/** One model of the catalog (models.dev shape, normalized). Prices are USD per 1M tokens; `price: null` means unknown, not free. */
export interface CatalogModel {
  /** models.dev provider id (openai, anthropic, google, …). */
  provider: string;
  id: string;
  name: string;
  price: Price | null;
  contextWindow: number | null;
  maxOutput: number | null;
  toolCall: boolean;
  attachment: boolean;
  reasoning: boolean;
}

export type RegistrySource = 'bundled' | 'cache' | 'remote';

/**
 * What is loaded. `loadedAt` (epoch ms) is when the data was obtained: the download time for 'remote' and 'cache'
 * (the cache file's modification time), the process start for 'bundled'; 0 (with models 0) while nothing is loaded.
 */
export interface RegistryInfo {
  source: RegistrySource;
  loadedAt: number;
  models: number;
}

/** One deployment that may serve a model, with its share under the `weighted` strategy. */
export interface RouteTarget {
  provider: string;
  weight: number;
  upstreamModel: string;
}

/**
 * The routing decision for a requested model: its targets (known providers, in configured order) chosen among by
 * `strategy`, then the fallbacks in order. `provider`/`upstreamModel` are the first target's.
 */
export interface RouteResolution {
  provider: string;
  upstreamModel: string;
  fallbacks: string[];
  /** Absent for a single-provider rule (its one target is `provider`). */
  targets?: RouteTarget[];
  /** Absent means `ordered`. */
  strategy?: 'ordered' | 'weighted' | 'least_busy' | 'lowest_latency';
  /** The model asked for, when it was an alias of the routed one. */
  alias?: string;
}
