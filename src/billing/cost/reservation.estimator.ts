import type { Price } from '../../common/index.js';
import { nanoPerMillion, roundNanoMillionsToMicros, tokenCount } from './cost.calculator.js';

/** Headroom on the gateway's prompt estimate: +25 % and +256 tokens (chat templates, tool schemas, tokenizer drift). */
export const PROMPT_MARGIN_NUM = 5n;
export const PROMPT_MARGIN_DEN = 4n;
export const PROMPT_MARGIN_TOKENS = 256n;

export interface ReservationAmounts {
  /** The worst case held against the balance until settlement. */
  reserveMicros: number;
  /**
   * What a crashed request that already sent bytes to its client is charged at the next start (flagged `estimated`):
   * the prompt estimate at the input price plus half of the maximum output at the output price.
   */
  estimateMicros: number;
}

/**
 * The worst-case cost of a request, reserved at admission:
 *   (promptTokens × 1.25 + 256) × max(input, cache_write, cache_read) + maxOutputTokens × output
 * The input side is priced at the dearest input kind because the provider decides how much of the prompt is a cache
 * write (Anthropic charges cache writes above input). Rounded up to the next micro so the hold never falls short.
 */
export function reservationFor(price: Price | null, promptTokens: number, maxOutputTokens: number): ReservationAmounts {
  if (!price) return { reserveMicros: 0, estimateMicros: 0 };
  const input = nanoPerMillion(price.input);
  const dearestInput = [price.cacheWrite, price.cacheRead]
    .filter((p): p is number => typeof p === 'number')
    .map(nanoPerMillion)
    .reduce((a, b) => (b > a ? b : a), input);
  const output = nanoPerMillion(price.output);
  const prompt = BigInt(tokenCount(promptTokens));
  const maxOut = BigInt(tokenCount(maxOutputTokens));
  const promptWorst = (prompt * PROMPT_MARGIN_NUM + PROMPT_MARGIN_DEN - 1n) / PROMPT_MARGIN_DEN + PROMPT_MARGIN_TOKENS;
  const reserve = ceilToMicros(promptWorst * dearestInput + maxOut * output);
  const estimate = roundNanoMillionsToMicros(prompt * input + (maxOut * output) / 2n);
  return { reserveMicros: reserve, estimateMicros: Math.min(estimate, reserve) };
}

function ceilToMicros(total: bigint): number {
  const divisor = 1_000_000_000n;
  const micros = (total + divisor - 1n) / divisor;
  return Number(micros);
}
