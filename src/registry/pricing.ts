import type { Price } from '../common/index.js';
import type { PriceConfig } from '../config/index.js';

/** A provider's `pricing` entry (USD per 1M tokens), as the config defines it: config.yaml, env or the provider store. */
export type ConfiguredPrice = Readonly<PriceConfig>;

/** Config prices as Prices, converted once per config object (a definition change brings new objects): routing asks per request. */
const converted = new WeakMap<ConfiguredPrice, Price>();

/** Config pricing → Price (cache prices only when given: cost falls back to the input price). Frozen, shared. */
export function priceFromConfig(p: ConfiguredPrice): Price {
  let price = converted.get(p);
  if (!price) {
    price = Object.freeze({
      input: p.input,
      output: p.output,
      ...(p.cache_read !== undefined ? { cacheRead: p.cache_read } : {}),
      ...(p.cache_write !== undefined ? { cacheWrite: p.cache_write } : {}),
    });
    converted.set(p, price);
  }
  return price;
}

/**
 * The one price rule, used by /v1 (billing and route planning), /v1/models and /api/models: a provider's configured
 * `pricing` for the upstream model wins, then its pricing under the requested name (an alias), then the catalog's
 * price; null when none has one.
 */
export function effectivePrice(
  pricing: Readonly<Record<string, ConfiguredPrice>> | undefined,
  upstreamModel: string,
  catalogPrice: Price | null,
  requestedModel = upstreamModel,
): Price | null {
  const configured = ownEntry(pricing, upstreamModel) ?? ownEntry(pricing, requestedModel);
  return configured ? priceFromConfig(configured) : catalogPrice;
}

function ownEntry(pricing: Readonly<Record<string, ConfiguredPrice>> | undefined, model: string): ConfiguredPrice | undefined {
  return pricing && Object.prototype.hasOwnProperty.call(pricing, model) ? pricing[model] : undefined;
}

/** USD per 1M tokens for the admin API: `{input, output, cache_read, cache_write}` (null when not listed). */
export function priceToApi(price: Price | null): { input: number; output: number; cache_read: number | null; cache_write: number | null } | null {
  return price ? { input: price.input, output: price.output, cache_read: price.cacheRead ?? null, cache_write: price.cacheWrite ?? null } : null;
}
