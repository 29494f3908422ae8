import type { SqlDialect, SqlStep } from './sql.types.js';

const PLACEHOLDER = /\$(\d+)/g;

/** A statement rewritten for SQLite once: `?` placeholders and, per `?`, the index of its parameter. */
export interface SqliteForm {
  sql: string;
  order: readonly number[];
}

const SQLITE_FORMS = new Map<string, SqliteForm>();
const MAX_CACHED_FORMS = 1000;

/** The SQLite form of a statement text, cached (statements are a small fixed set; the cache is bounded anyway). */
export function sqliteForm(text: string): SqliteForm {
  let form = SQLITE_FORMS.get(text);
  if (!form) {
    const order: number[] = [];
    const rewritten = text.replace(PLACEHOLDER, (_m, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    form = { sql: rewritten, order };
    if (SQLITE_FORMS.size >= MAX_CACHED_FORMS) SQLITE_FORMS.clear();
    SQLITE_FORMS.set(text, form);
  }
  return form;
}

/** The parameters of `step` in the order its SQLite form binds them. Booleans bind as 1/0. */
export function sqliteParams(form: SqliteForm, params: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(form.order.length);
  for (let i = 0; i < form.order.length; i++) {
    const index = form.order[i];
    if (index < 0 || index >= params.length) throw new RangeError(`placeholder $${index + 1} has no parameter`);
    out[i] = sqliteValue(params[index]);
  }
  return out;
}

/** Rewrite `$n` placeholders to `?` (SQLite), repeating parameters that are used more than once. Booleans bind as 1/0. */
export function toSqlite(step: SqlStep): { sql: string; params: unknown[] } {
  const form = sqliteForm(step.sql);
  return { sql: form.sql, params: sqliteParams(form, step.params) };
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

/**
 * A unique-constraint violation on either database (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE or
 * _PRIMARYKEY), whether raised by a driver directly or wrapped by TypeORM (the code is then on driverError).
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
