import type { Price, PriceTier } from './usage.js';

/** One set of rates (USD per 1M tokens): the base price's or a tier's. */
export interface PriceRates {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

function rates(p: Price | PriceTier): PriceRates {
  const r: PriceRates = { input: p.input, output: p.output };
  if (p.cacheRead !== undefined) r.cacheRead = p.cacheRead;
  if (p.cacheWrite !== undefined) r.cacheWrite = p.cacheWrite;
  return r;
}

/**
 * The rates that apply to a prompt of `promptTokens` (uncached + cache read + cache write, as the provider reports it):
 * the highest tier it exceeds, else the base price.
 */
export function ratesAt(price: Price, promptTokens: number): PriceRates {
  let chosen: Price | PriceTier = price;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.above) chosen = tier;
  return chosen === price && !price.tiers ? price : rates(chosen);
}

/**
 * Every set of rates a prompt of at most `maxPromptTokens` could be charged at: the base price and each tier that
 * size reaches. A worst case takes the dearest of each kind over these.
 */
export function reachableRates(price: Price, maxPromptTokens: number): PriceRates[] {
  const out: PriceRates[] = [rates(price)];
  for (const tier of price.tiers ?? []) if (maxPromptTokens > tier.above) out.push(rates(tier));
  return out;
}
