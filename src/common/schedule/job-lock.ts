export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * The cross-replica lock a scheduled job takes when only one replica at a time may run it. An abstract class so it can
 * be the injection token: the database module provides it (a PostgreSQL advisory lock; trivially held on SQLite, which
 * is one process), and common, which may not import the database, only names it.
 */
export abstract class JobLock {
  /** Run `fn` if no other replica holds the lock named `name`; a replica that finds it taken skips instead of waiting. */
  abstract runExclusive<T>(name: string, fn: () => Promise<T>): Promise<LockResult<T>>;
}
