/**
 * Normalized usage: disjoint token counts. input = uncached input; cacheRead/cacheWrite = cached input read/written;
 * output includes reasoning (reasoning is also counted apart, for display only).
 */
export interface Usage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

export const ZERO_USAGE: Readonly<Usage> = Object.freeze({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });

/** A model's price in USD per 1M tokens. cacheRead/cacheWrite default to the input price when the catalog has none. */
export interface Price {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /**
   * Long-context prices (models.dev `tiers` / `context_over_200k`), ascending by `above`: a request whose prompt has
   * more than `above` tokens is charged that tier's rates for all of its tokens (see price-tiers.ts).
   */
  tiers?: readonly PriceTier[];
}

/** The rates of one long-context tier, USD per 1M tokens (cacheRead/cacheWrite default to this tier's input). */
export interface PriceTier {
  /** Applies when the prompt (uncached + cache read + cache write tokens) exceeds this many tokens. */
  above: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}
