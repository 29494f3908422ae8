import type { DataSource, EntityManager } from 'typeorm';

/**
 * Serialises changes that must keep at least one enabled admin. SQLite: one process owns the file, so an
 * in-process queue suffices (and avoids interleaving transactions on its single connection). PostgreSQL:
 * a transaction holding an advisory lock, so replicas serialise too.
 */
export class AdminLock {
  private tail: Promise<unknown> = Promise.resolve();
  private static readonly PG_LOCK_KEY = 746_001;

  constructor(private readonly dataSource: DataSource) {}

  run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const next = this.tail.then(() => this.inner(fn));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private inner<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'postgres') return fn(this.dataSource.manager);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AdminLock.PG_LOCK_KEY]);
      return fn(manager);
    });
  }
}
