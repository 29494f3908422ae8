import { minMoney, ratesAt, reachableRates, type Money, type Price } from '../../common/index.js';
import { NANO_MILLIONS_PER_UNIT, nanoPerMillion, roundNanoMillionsToMoney, tokenCount } from './cost.calculator.js';

/** Headroom on the gateway's prompt estimate: +25 % and +256 tokens (chat templates, tool schemas, tokenizer drift). */
export const PROMPT_MARGIN_NUM = 5n;
export const PROMPT_MARGIN_DEN = 4n;
export const PROMPT_MARGIN_TOKENS = 256n;

export interface ReservationAmounts {
  /** The worst case held against the balance until settlement. */
  reserveE10: Money;
  /**
   * What a crashed request that already sent bytes to its client is charged at the next start (flagged `estimated`):
   * the prompt estimate at the input price plus half of the maximum output at the output price.
   */
  estimateE10: Money;
}

/**
 * The worst-case cost of a request, reserved at admission:
 *   (promptTokens × 1.25 + 256) × max(input, cache_write, cache_read) + maxOutputTokens × output
 * The input side is priced at the dearest input kind because the provider decides how much of the prompt is a cache
 * write (Anthropic charges cache writes above input). With long-context tiers, every rate is the dearest over the base
 * price and each tier the worst-case prompt exceeds. Rounded up to the next money unit so the hold never falls short.
 */
export function reservationFor(price: Price | null, promptTokens: number, maxOutputTokens: number): ReservationAmounts {
  if (!price) return { reserveE10: 0n, estimateE10: 0n };
  const prompt = BigInt(tokenCount(promptTokens));
  const maxOut = BigInt(tokenCount(maxOutputTokens));
  const promptWorst = (prompt * PROMPT_MARGIN_NUM + PROMPT_MARGIN_DEN - 1n) / PROMPT_MARGIN_DEN + PROMPT_MARGIN_TOKENS;
  // the dearest rates of every long-context tier the worst-case prompt could reach (the base price when untiered)
  let dearestInput = 0n;
  let output = 0n;
  for (const rates of reachableRates(price, Number(promptWorst))) {
    for (const p of [rates.input, rates.cacheWrite, rates.cacheRead]) {
      if (typeof p === 'number' && nanoPerMillion(p) > dearestInput) dearestInput = nanoPerMillion(p);
    }
    if (nanoPerMillion(rates.output) > output) output = nanoPerMillion(rates.output);
  }
  const reserve = ceilToMoney(promptWorst * dearestInput + maxOut * output);
  const likely = ratesAt(price, tokenCount(promptTokens));
  const estimate = roundNanoMillionsToMoney(prompt * nanoPerMillion(likely.input) + (maxOut * nanoPerMillion(likely.output)) / 2n);
  return { reserveE10: reserve, estimateE10: minMoney(estimate, reserve) };
}

function ceilToMoney(total: bigint): Money {
  return (total + NANO_MILLIONS_PER_UNIT - 1n) / NANO_MILLIONS_PER_UNIT;
}
