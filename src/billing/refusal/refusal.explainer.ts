import { maxMoney, moneyToDecimal, type Money, type Price } from '../../common/index.js';
import { reservationFor } from '../cost/reservation.estimator.js';

/** The largest max output that keeps a request's worst case within `availableE10` (0 when none fits). */
export function largestFittingMaxTokens(price: Price, promptTokens: number, availableE10: Money, ceiling: number): number {
  const fits = (m: number) => reservationFor(price, promptTokens, m).reserveE10 <= availableE10;
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = Math.max(1, Math.floor(ceiling));
  if (fits(hi)) return hi;
  // binary search on the estimator itself: no assumption about the money unit or the formula
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface RefusalNumbers {
  /** what was short: the client's credit, or a budget ("the key's day budget") */
  what: string;
  holdE10: Money;
  leftE10: Money;
  price: Price;
  promptTokens: number;
  maxOutputTokens: number;
  /** e.g. ' (resets 2026-12-07T00:00:00.000Z)' for a budget */
  suffix?: string;
}

const usd = (amount: Money) => `$${moneyToDecimal(maxMoney(0n, amount))}`;

/** A refusal that explains itself in numbers: the worst-case hold, what is left, the largest max_tokens that fits. */
export function explainRefusal(n: RefusalNumbers): string {
  const head = `${n.what} cannot cover this request: it may cost up to ${usd(n.holdE10)} (the prompt plus max_tokens ${n.maxOutputTokens}), and ${usd(n.leftE10)} is left${n.suffix ?? ''}.`;
  if (n.maxOutputTokens <= 0) return head;
  const fit = largestFittingMaxTokens(n.price, n.promptTokens, n.leftE10, n.maxOutputTokens - 1);
  return fit > 0 ? `${head} A max_tokens of ${fit} or less would fit.` : `${head} No max_tokens fits: even the prompt alone does not.`;
}
