import type BetterSqlite3 from 'better-sqlite3';

/** Statements that touch a money column (`*_usd_e10`) read integers as bigint. */
const MONEY_SQL = /_usd_e10/i;
/** Result columns named `*_usd_e10` (columns and aliases alike: the naming convention is what marks money). */
const MONEY_KEY = /_usd_e10$/i;

/**
 * better-sqlite3 returns integers as JS numbers, inexact above 2^53 units ($900k): money must come back as bigint.
 * `safeIntegers` is per statement and turns every integer of a row into a bigint, so on a statement that mentions a
 * money column the other integers (timestamps, counts, flags) are turned back into numbers here, once, for every
 * caller: our SQL layer and TypeORM alike (both prepare on this connection).
 */
export function readMoneyExactly(db: BetterSqlite3.Database): void {
  const prepare = db.prepare.bind(db) as (source: string) => BetterSqlite3.Statement;
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!statement.reader || !MONEY_SQL.test(source)) return statement;
    statement.safeIntegers(true);
    // the class's own methods, looked up at each call (not captured here), so wrappers installed later still apply
    const proto = Object.getPrototypeOf(statement) as BetterSqlite3.Statement;
    Object.assign(statement, {
      all: (...params: unknown[]) => (proto.all.apply(statement, params) as Record<string, unknown>[]).map(numbersBesideMoney),
      get: (...params: unknown[]) => {
        const row = proto.get.apply(statement, params) as Record<string, unknown> | undefined;
        return row && numbersBesideMoney(row);
      },
    });
    return statement;
  }) as typeof db.prepare;
}

function numbersBesideMoney(row: Record<string, unknown>): Record<string, unknown> {
  if (typeof row !== 'object' || row === null) return row;
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (typeof value === 'bigint' && !MONEY_KEY.test(key)) row[key] = Number(value);
  }
  return row;
}
