import { ratesAt, type Price, type Usage } from '../../common/index.js';

/**
 * Exact cost of a request in integer micro-dollars.
 *
 * Prices are USD per 1M tokens. Each price is parsed from its decimal text into an integer number of nano-dollars
 * per 1M tokens (9 decimals; a price with more decimals is rounded half-up at the 9th, i.e. to 1e-15 USD per token),
 * multiplied by the token count in BigInt, summed over the token kinds, and rounded ONCE to micro-dollars, half-up:
 *
 *   micros = round_half_up( Σ tokens_k × nanoPrice_k / 1e9 )
 *
 * The ledger's precision is therefore 1 micro-dollar ($0.000001) per request. Worked example (gpt-5-mini, input 0.25,
 * cache_read 0.025, output 2.00; 190 uncached + 1152 cached prompt tokens, 214 output tokens):
 * 190×0.25 + 1152×0.025 + 214×2 = 504.3 USD per 1M → 504.3 micros → 504 micros ($0.000504).
 *
 * Usage is normalized and disjoint (see common/usage.ts): `output` already includes reasoning tokens, which are
 * never billed a second time. cacheRead/cacheWrite fall back to the input price when the price has none. A price with
 * long-context tiers is charged at the tier the reported prompt (input + cache read + cache write) exceeds, for all tokens.
 */
export function costMicros(usage: Usage, fullPrice: Price): number {
  // long-context tiers: the provider-reported prompt size picks the rates for every token of the request
  const price = ratesAt(fullPrice, tokenCount(usage.input) + tokenCount(usage.cacheRead) + tokenCount(usage.cacheWrite));
  const input = nanoPerMillion(price.input);
  const terms: Array<[number, bigint]> = [
    [usage.input, input],
    [usage.cacheRead, price.cacheRead === undefined || price.cacheRead === null ? input : nanoPerMillion(price.cacheRead)],
    [usage.cacheWrite, price.cacheWrite === undefined || price.cacheWrite === null ? input : nanoPerMillion(price.cacheWrite)],
    [usage.output, nanoPerMillion(price.output)],
  ];
  let total = 0n;
  for (const [tokens, nano] of terms) total += BigInt(tokenCount(tokens)) * nano;
  return roundNanoMillionsToMicros(total);
}

/** Σ tokens × (nano-USD per 1M tokens) → micro-USD, rounded half-up once. */
export function roundNanoMillionsToMicros(total: bigint): number {
  const divisor = 1_000_000_000n;
  const whole = total / divisor;
  const rest = total % divisor;
  const micros = rest * 2n >= divisor ? whole + 1n : whole;
  const result = Number(micros);
  if (!Number.isSafeInteger(result)) throw new RangeError('cost out of range');
  return result;
}

/** A token count as a non-negative integer (adapters should already send one; anything else counts as 0). */
export function tokenCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Parsed prices (a handful of distinct values in practice; bounded all the same). */
const NANO_CACHE = new Map<number | string, bigint>();
const NANO_CACHE_MAX = 10_000;

/** USD per 1M tokens → integer nano-USD per 1M tokens, parsed from the decimal text (no float arithmetic). */
export function nanoPerMillion(usdPerMillion: number | string): bigint {
  const cached = NANO_CACHE.get(usdPerMillion);
  if (cached !== undefined) return cached;
  const nano = parseNanoPerMillion(usdPerMillion);
  if (NANO_CACHE.size >= NANO_CACHE_MAX) NANO_CACHE.clear();
  NANO_CACHE.set(usdPerMillion, nano);
  return nano;
}

function parseNanoPerMillion(usdPerMillion: number | string): bigint {
  const text = typeof usdPerMillion === 'number' ? numberText(usdPerMillion) : usdPerMillion.trim();
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new RangeError(`not a price: ${usdPerMillion}`);
  const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  // value = digits × 10^(exp − fractionLength); we want value × 1e9
  const shift = Number(m[3] ?? 0) - (m[2] ?? '').length + 9;
  if (shift >= 0) return BigInt(digits) * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const n = BigInt(digits);
  const whole = n / divisor;
  return (n % divisor) * 2n >= divisor ? whole + 1n : whole;
}

function numberText(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a price: ${value}`);
  return String(value);
}
