import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { MONEY_DECIMALS, MoneyFormatError, usdToMoney, type Money } from './money.js';

export interface UsdAmountRange {
  min: number;
  max: number;
  /** refuse 0 (a top-up or correction of nothing) */
  nonZero?: boolean;
}

/**
 * A USD amount on the admin API: a JSON number, read as its shortest decimal text, with at most 10 decimals (the money
 * unit), within [min, max]. Checked on the exact value, so what passes here converts with `usdToMoney` without loss;
 * the message says what is wrong.
 */
export function IsUsdAmount(range: UsdAmountRange, options?: ValidationOptions): PropertyDecorator {
  const min = usdToMoney(range.min);
  const max = usdToMoney(range.max); // a bound beyond int64 throws here, at start-up
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isUsdAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => usdProblem(value, min, max, range.nonZero ?? false) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'amount'} ${usdProblem(args?.value, min, max, range.nonZero ?? false) ?? 'is not valid'}`,
      },
    });
  };
}

function usdProblem(value: unknown, min: Money, max: Money, nonZero: boolean): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number (USD)';
  let amount: Money;
  try {
    amount = usdToMoney(value);
  } catch (err) {
    if (err instanceof MoneyFormatError && /decimals/.test(err.message)) return `must have at most ${MONEY_DECIMALS} decimals`;
    return `must be between ${range(min)} and ${range(max)}`;
  }
  if (amount < min || amount > max) return `must be between ${range(min)} and ${range(max)}`;
  if (nonZero && amount === 0n) return 'must not be 0';
  return null;
}

const range = (amount: Money) => (amount / 10n ** BigInt(MONEY_DECIMALS)).toString();
