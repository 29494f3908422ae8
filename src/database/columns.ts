import type { ValueTransformer } from 'typeorm';
import { money } from './sql/sql.types.js';

/**
 * bigint columns (epoch-ms timestamps) come back from PostgreSQL as strings, and as bigint from SQLite on a statement
 * that also reads money (see sqlite-money.ts): read them as numbers.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | bigint | null) => (value === null || value === undefined ? value : Number(value)),
};

/** Money columns (`*_usd_e10`, 1e-10 USD): exact bigint both ways. */
const moneyTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : money(value)),
};

export const nullableBigint = { type: 'bigint' as const, nullable: true, transformer: bigintNumber };
export const requiredBigint = { type: 'bigint' as const, transformer: bigintNumber };
export const moneyColumn = { type: 'bigint' as const, transformer: moneyTransformer };
export const nullableMoneyColumn = { type: 'bigint' as const, nullable: true, transformer: moneyTransformer };
