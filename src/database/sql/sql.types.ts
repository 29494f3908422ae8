import type { Money } from '../../common/index.js';

/** One parameterized statement. SQL is written with PostgreSQL placeholders ($1, $2, …); the SQLite runner rewrites them. */
export interface SqlStep {
  sql: string;
  params: readonly unknown[];
}

export type SqlRow = Record<string, unknown>;

/**
 * A transaction body written once for both databases: it yields statements and receives their rows.
 * On SQLite the runner drives it synchronously inside one better-sqlite3 transaction (nothing can interleave);
 * on PostgreSQL it drives it with awaits on one pooled connection between BEGIN and COMMIT.
 */
export type TxBody<T> = () => Generator<SqlStep, T, SqlRow[]>;

export type SqlDialect = 'sqlite' | 'postgres';

export function sql(text: string, ...params: unknown[]): SqlStep {
  return { sql: text, params };
}

/** Numbers come back as strings from PostgreSQL bigint columns: read them as numbers. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

/** Booleans come back as 0/1 from SQLite. */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/**
 * A money column (`*_usd_e10`) as an exact bigint: better-sqlite3 gives a bigint (see sqlite-money.ts), pg a decimal
 * string (int8, and SUM() as numeric), null/absent is 0. Anything else is a bug worth an error, not a silent 0.
 */
export function money(value: unknown): Money {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`not an integer money value: ${String(value)}`);
}
