/**
 * The statements of PostgreSQL's credit leases (see credit-leases.ts and src/billing/README.md). Each is ONE statement,
 * atomic on its own: a lease moves between clients.reserved_usd_e10 and its credit_leases row in the same statement,
 * so `reserved = Σ open reservations + Σ leases` holds at every commit.
 */

/**
 * Take or grow this instance's lease by $3. The condition `balance − reserved ≥ 2 × $3` keeps every hold within the
 * balance and lets one lease take at most half of what is free, so other replicas still find credit.
 * Parameters: client, instance, amount, expires_at, now.
 */
export const LEASE_TAKE = `WITH held AS (
    UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 + CAST($3 AS bigint)
    WHERE id = CAST($1 AS varchar(64)) AND deleted_at IS NULL AND balance_usd_e10 - reserved_usd_e10 >= 2 * CAST($3 AS bigint)
    RETURNING id
  )
  INSERT INTO credit_leases (client_id, instance_id, amount_usd_e10, expires_at, updated_at)
  SELECT CAST($1 AS varchar(64)), CAST($2 AS varchar(64)), CAST($3 AS bigint), CAST($4 AS bigint), CAST($5 AS bigint) FROM held
  ON CONFLICT (client_id, instance_id) DO UPDATE SET amount_usd_e10 = credit_leases.amount_usd_e10 + EXCLUDED.amount_usd_e10,
    expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
  RETURNING amount_usd_e10`;

/**
 * Give back $3 of this instance's lease to the client's free balance (only when the row still holds it).
 * Parameters: client, instance, amount, now.
 */
export const LEASE_GIVE_BACK = `WITH moved AS (
    UPDATE credit_leases SET amount_usd_e10 = amount_usd_e10 - CAST($3 AS bigint), updated_at = CAST($4 AS bigint)
    WHERE client_id = CAST($1 AS varchar(64)) AND instance_id = CAST($2 AS varchar(64)) AND amount_usd_e10 >= CAST($3 AS bigint)
    RETURNING client_id
  )
  UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 - CAST($3 AS bigint)
  WHERE id = CAST($1 AS varchar(64)) AND EXISTS (SELECT 1 FROM moved) RETURNING id`;

/** End one lease (idle): its whole row goes back to the free balance. Parameters: client, instance. */
export const LEASE_END = `WITH gone AS (
    DELETE FROM credit_leases WHERE client_id = CAST($1 AS varchar(64)) AND instance_id = CAST($2 AS varchar(64))
    RETURNING client_id, amount_usd_e10
  )
  UPDATE clients c SET reserved_usd_e10 = c.reserved_usd_e10 - g.amount_usd_e10 FROM gone g WHERE c.id = g.client_id
  RETURNING c.id`;

/**
 * End every lease of one instance: this one at shutdown, or a dead one (crash reconciliation).
 * Parameter: instance. Returns the clients whose hold moved.
 */
export const LEASES_END_OF_INSTANCE = `WITH gone AS (
    DELETE FROM credit_leases WHERE instance_id = CAST($1 AS varchar(64)) RETURNING client_id, amount_usd_e10
  ), per_client AS (
    SELECT client_id, SUM(amount_usd_e10) AS amount_usd_e10 FROM gone GROUP BY client_id
  )
  UPDATE clients c SET reserved_usd_e10 = c.reserved_usd_e10 - p.amount_usd_e10 FROM per_client p WHERE c.id = p.client_id
  RETURNING c.id`;

/** The instances other than this one that hold leases (crash reconciliation tests each one's liveness). */
export const LEASE_OWNERS = `SELECT DISTINCT instance_id FROM credit_leases WHERE instance_id <> $1`;

/**
 * An admission taken from the lease, journaled: its amount moves from the lease row to its reservation row (both are
 * counted in clients.reserved_usd_e10, which does not change), unless the request id was already charged.
 * Parameters: the reservation's 12 (see billing.service.ts), $11 being this instance.
 */
export function leaseJournal(reservationColumns: string, reservationValues: string): string {
  return `WITH used AS (
    SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE request_id = CAST($1 AS varchar(128))) AS used
  ), moved AS (
    UPDATE credit_leases SET amount_usd_e10 = amount_usd_e10 - CAST($6 AS bigint), updated_at = CAST($12 AS bigint)
    WHERE client_id = CAST($2 AS varchar(64)) AND instance_id = CAST($11 AS varchar(64)) AND amount_usd_e10 >= CAST($6 AS bigint)
      AND NOT (SELECT used FROM used)
    RETURNING client_id
  ), inserted AS (
    INSERT INTO reservations (${reservationColumns}) SELECT ${reservationValues} FROM moved RETURNING request_id
  )
  SELECT (SELECT used FROM used) AS used, EXISTS (SELECT 1 FROM inserted) AS inserted`;
}
