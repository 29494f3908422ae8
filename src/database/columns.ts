import type { ValueTransformer } from 'typeorm';

/** bigint columns (epoch-ms timestamps, micro-dollars) come back from PostgreSQL as strings: read them as numbers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export const nullableBigint = { type: 'bigint' as const, nullable: true, transformer: bigintNumber };
export const requiredBigint = { type: 'bigint' as const, transformer: bigintNumber };
