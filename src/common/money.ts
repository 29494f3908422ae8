/**
 * Money is an integer count of 1e-10 USD (10 decimals), held as a `bigint` and stored in int64 columns named
 * `*_usd_e10`. Why this unit: every catalog price with up to 4 decimals per 1M tokens costs a whole number of units per
 * token (price × 10^4), so such costs are exact; int64 still holds ±$922,337,203 (the requirement is $100M).
 * Never go through floats: amounts are parsed from their decimal text and printed from the integer.
 */
export type Money = bigint;

/** Decimal places of the unit: 1 unit = 10^-MONEY_DECIMALS USD. */
export const MONEY_DECIMALS = 10;
export const MONEY_PER_USD = 10n ** BigInt(MONEY_DECIMALS);
/** The largest amount an int64 column holds. */
export const MONEY_MAX: Money = 2n ** 63n - 1n;

/** An amount that is not an exact decimal with at most 10 decimals inside int64; the message says which. */
export class MoneyFormatError extends RangeError {}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal text (or a JSON number, read as its shortest decimal text `String(n)`, exponent forms like 1e-7
 * included) as an exact fraction: `sign × digits / 10^scale`.
 */
export function parseDecimal(value: number | string): { numerator: bigint; scale: number } {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new MoneyFormatError(`not a decimal amount: ${value}`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new MoneyFormatError(`not a decimal amount: ${value}`);
  const fraction = m[3] ?? '';
  const exponent = Number(m[4] ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) throw new MoneyFormatError(`not a decimal amount: ${value}`);
  let digits = BigInt(`${m[2]}${fraction}` || '0');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // trailing zeros carry no precision: 1.50 has one decimal
  while (scale > 0 && digits % 10n === 0n && digits !== 0n) {
    digits /= 10n;
    scale--;
  }
  if (digits === 0n) scale = 0;
  return { numerator: m[1] === '-' ? -digits : digits, scale };
}

/** A USD amount (decimal text or JSON number) in money units, exactly; more than 10 decimals or beyond int64 throws. */
export function usdToMoney(usd: number | string): Money {
  const { numerator, scale } = parseDecimal(usd);
  if (scale > MONEY_DECIMALS) throw new MoneyFormatError(`${usd} has more than ${MONEY_DECIMALS} decimals`);
  const units = numerator * 10n ** BigInt(MONEY_DECIMALS - scale);
  if (units > MONEY_MAX || units < -MONEY_MAX) throw new MoneyFormatError(`${usd} is out of range`);
  return units;
}

/** The exact decimal text of an amount in USD, without trailing zeros: 1162500n → "0.00011625". */
export function moneyToDecimal(amount: Money): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / MONEY_PER_USD;
  const fraction = (abs % MONEY_PER_USD).toString().padStart(MONEY_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An amount as a JSON number: the number nearest to its exact decimal, which is that decimal exactly whenever it has at
 * most 15 significant digits (every per-request cost). Where it may not be (large balances), emit `moneyToDecimal` too.
 */
export function moneyToUsd(amount: Money): number {
  return Number(moneyToDecimal(amount));
}

export function minMoney(a: Money, b: Money): Money {
  return a < b ? a : b;
}

export function maxMoney(a: Money, b: Money): Money {
  return a > b ? a : b;
}
