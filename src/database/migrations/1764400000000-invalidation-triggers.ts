import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cross-replica cache invalidation (owner: scaleout). PostgreSQL only; a no-op on SQLite (one process).
 *
 * Every replica caches key lookups (auth's KeyCache) and holds the stored providers in memory. These triggers
 * NOTIFY on `gophergate_invalidate` when a row that feeds those caches changes — whichever replica or tool
 * wrote it — and src/scaleout LISTENs on every replica and drops the affected entries. NOTIFY is delivered at
 * commit, so a replica never re-reads the row before the change is visible.
 *
 * The column lists keep hot writes silent: billing's balance/reservation updates on `clients` and the
 * last_used_at flush on `client_keys` do not notify.
 */
export class InvalidationTriggers1764400000000 implements MigrationInterface {
  name = 'InvalidationTriggers1764400000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query(`
      CREATE OR REPLACE FUNCTION gophergate_notify_invalidation() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_id text;
        kind text;
      BEGIN
        IF TG_OP = 'DELETE' THEN row_id := OLD.id; ELSE row_id := NEW.id; END IF;
        kind := CASE TG_TABLE_NAME WHEN 'client_keys' THEN 'key' WHEN 'clients' THEN 'client' ELSE 'provider' END;
        PERFORM pg_notify('gophergate_invalidate', json_build_object('kind', kind, 'id', row_id)::text);
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER gophergate_invalidate_client_keys
      AFTER UPDATE OF revoked_at, expires_at, client_id, key_hash OR DELETE ON client_keys
      FOR EACH ROW EXECUTE FUNCTION gophergate_notify_invalidation()`);
    await q.query(`CREATE TRIGGER gophergate_invalidate_clients
      AFTER UPDATE OF name, allowed_models, rpm, tpm, deleted_at OR DELETE ON clients
      FOR EACH ROW EXECUTE FUNCTION gophergate_notify_invalidation()`);
    await q.query(`CREATE TRIGGER gophergate_invalidate_providers
      AFTER INSERT OR UPDATE OR DELETE ON providers
      FOR EACH ROW EXECUTE FUNCTION gophergate_notify_invalidation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TRIGGER IF EXISTS gophergate_invalidate_providers ON providers');
    await q.query('DROP TRIGGER IF EXISTS gophergate_invalidate_clients ON clients');
    await q.query('DROP TRIGGER IF EXISTS gophergate_invalidate_client_keys ON client_keys');
    await q.query('DROP FUNCTION IF EXISTS gophergate_notify_invalidation()');
  }
}
