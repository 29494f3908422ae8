/**
 * Money is kept in integer micro-dollars (1 USD = 1_000_000 micros). Never accumulate floats:
 * convert at the edges (config, API input and output) and add integers inside.
 */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** Exact conversion of a USD amount (number or decimal string) to micros, rounded half away from zero at the 6th decimal. */
export function usdToMicros(usd: number | string): Micros {
  const text = typeof usd === 'number' ? usd.toFixed(9) : usd.trim();
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal amount: ${usd}`);
  const sign = m[1] === '-' ? -1 : 1;
  const frac = (m[3] ?? '').padEnd(7, '0');
  let micros = Number(m[2]) * MICROS_PER_USD + Number(frac.slice(0, 6));
  if (Number(frac[6]) >= 5) micros += 1;
  if (!Number.isSafeInteger(micros)) throw new RangeError(`amount out of range: ${usd}`);
  return micros === 0 ? 0 : sign * micros;
}

/** Micros to a USD number for JSON output (exact to 6 decimals). */
export function microsToUsd(micros: Micros): number {
  return Number((micros / MICROS_PER_USD).toFixed(6));
}
