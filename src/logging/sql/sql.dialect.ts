import type { SqlDialect, SqlStep } from './sql.types.js';

const PLACEHOLDER = /\$(\d+)/g;

/** Rewrite `$n` placeholders to `?` (SQLite), repeating parameters that are used more than once. Booleans bind as 1/0. */
export function toSqlite(step: SqlStep): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const text = step.sql.replace(PLACEHOLDER, (_m, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= step.params.length) throw new RangeError(`placeholder $${n} has no parameter`);
    params.push(sqliteValue(step.params[index]));
    return '?';
  });
  return { sql: text, params };
}

function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function toPostgres(step: SqlStep): { sql: string; params: unknown[] } {
  return { sql: step.sql, params: step.params.map((v) => (v === undefined ? null : v)) };
}

export function forDialect(dialect: SqlDialect, step: SqlStep): { sql: string; params: unknown[] } {
  return dialect === 'sqlite' ? toSqlite(step) : toPostgres(step);
}

/** SQLITE_BUSY / SQLITE_LOCKED (another process holds the write lock past busy_timeout) — worth a retry. */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** PostgreSQL serialization failure or deadlock — worth a retry. */
export function isPostgresRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '40001' || code === '40P01';
}

/** A unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
