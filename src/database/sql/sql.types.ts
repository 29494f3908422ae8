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
