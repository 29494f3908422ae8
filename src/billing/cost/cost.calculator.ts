import { MONEY_MAX, ratesAt, type Money, type Price, type Usage } from '../../common/index.js';

/**
 * The cost of a request in money units (1e-10 USD, see common/money.ts), exact at the catalog's precision.
 *
 * Prices are USD per 1M tokens. Each price is parsed from its decimal text (never by float multiplication) into an
 * integer number of nano-dollars per 1M tokens, multiplied by the token count in BigInt and summed over the token
 * kinds; that sum is the request's exact cost as a rational (nano-USD per 1M tokens = 1e-15 USD, i.e. 1e-5 units):
 *
 *   units = round_half_up( Σ tokens_k × nanoPrice_k / 10^5 )
 *
 * A price with at most 4 decimals gives a whole number of units per token, so nothing is rounded: gemini-2.5-pro
 * (1.25 in, 10 out) with 21 prompt and 9 completion tokens costs 21×1.25 + 9×10 = 116.25 USD per 1M = $0.00011625.
 * A price with 5 to 9 decimals (a handful of catalog entries) may leave a fraction of a unit: the request's whole cost
 * is rounded ONCE, half-up, to the unit (≤ $0.00000000005 per request). Beyond 9 decimals a price is rounded half-up
 * at the 9th when parsed.
 *
 * Usage is normalized and disjoint (see common/usage.ts): `output` already includes reasoning tokens, which are
 * never billed a second time. cacheRead/cacheWrite fall back to the input price when the price has none. A price with
 * long-context tiers is charged at the tier the reported prompt (input + cache read + cache write) exceeds, for all tokens.
 */
export function costE10(usage: Usage, fullPrice: Price): Money {
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
  return roundNanoMillionsToMoney(total);
}

/** Nano-USD per 1M tokens in one money unit (1e-10 USD = 1e5 × 1e-15 USD). */
export const NANO_MILLIONS_PER_UNIT = 100_000n;

/** Σ tokens × (nano-USD per 1M tokens) → money units, rounded half-up once. */
export function roundNanoMillionsToMoney(total: bigint): Money {
  const whole = total / NANO_MILLIONS_PER_UNIT;
  const rest = total % NANO_MILLIONS_PER_UNIT;
  const units = rest * 2n >= NANO_MILLIONS_PER_UNIT ? whole + 1n : whole;
  if (units > MONEY_MAX) throw new RangeError('cost out of range');
  return units;
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
