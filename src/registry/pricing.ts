import type { Price } from '../common/index.js';

/** A provider's `pricing` entry from the config (USD per 1M tokens). */
export interface ConfiguredPrice {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

/** Config pricing → Price (cache prices only when given: cost falls back to the input price). */
export function priceFromConfig(p: ConfiguredPrice): Price {
  const price: Price = { input: p.input, output: p.output };
  if (p.cache_read !== undefined) price.cacheRead = p.cache_read;
  if (p.cache_write !== undefined) price.cacheWrite = p.cache_write;
  return price;
}

/** The price that applies to `model` served by a provider: its configured pricing overrides the catalog's. */
export function effectivePrice(pricing: Readonly<Record<string, ConfiguredPrice>> | undefined, model: string, catalogPrice: Price | null): Price | null {
  const configured = pricing && Object.prototype.hasOwnProperty.call(pricing, model) ? pricing[model] : undefined;
  return configured ? priceFromConfig(configured) : catalogPrice;
}

/** USD per 1M tokens for the admin API: `{input, output, cache_read, cache_write}` (null when not listed). */
export function priceToApi(price: Price | null): { input: number; output: number; cache_read: number | null; cache_write: number | null } | null {
  return price ? { input: price.input, output: price.output, cache_read: price.cacheRead ?? null, cache_write: price.cacheWrite ?? null } : null;
}
