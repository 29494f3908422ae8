import type { SqlDialect } from './sql.types.js';

/** One statement as the SQL layer is about to send it to the database. */
export interface SqlStatementEvent {
  dialect: SqlDialect;
  sql: string;
}

export type SqlStatementListener = (event: SqlStatementEvent) => void;

/**
 * Who wants to see every statement SqlTransactions runs (tests counting the database work of a request; a profiler).
 * `emit` is on every statement's path, so with nobody listening it is one size check and no allocation.
 */
export class SqlStatementListeners {
  private readonly listeners = new Set<SqlStatementListener>();

  /** Start listening; the returned function stops. */
  subscribe(listener: SqlStatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(dialect: SqlDialect, sql: string): void {
    if (this.listeners.size === 0) return;
    const event = { dialect, sql };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener is an observer: its failure must never fail the statement
      }
    }
  }
}
