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
}
