import { ZERO_USAGE } from '../../common/index.js';
import { type RequestLogWriter } from '../../logging/index.js';
import { bool, money, num, sql, type SqlRow, type SqlTransactions } from '../../database/index.js';
import type { BillingInstance } from '../instance/billing-instance.js';

/** How far back a start looks for charges whose log line a stopped process never wrote. */
export const LOG_RECOVERY_WINDOW_MS = 24 * 60 * 60 * 1000;
const BATCH = 2_000;

/**
 * The request log is written in batches off the hot path, so a process killed hard loses the lines of its last few
 * hundred milliseconds, while their charges (committed before each response) are safe. At start, every charge of a
 * stopped process within the window that has no log line gets one rebuilt from the ledger and the reservation: status
 * 200, the cost charged, the admission-to-settlement time as latency, tokens unknown (0), and a message saying so.
 * Charges of processes still running are left alone (their own line is on its way). Returns how many were written.
 */
export async function recoverMissingLogRows(sqlTx: SqlTransactions, instance: BillingInstance, logs: RequestLogWriter, now = Date.now()): Promise<number> {
  const alive = new Map<string, boolean>();
  let recovered = 0;
  let after = '';
  for (let round = 0; round < 100; round++) {
    const rows = await sqlTx.exec(
      sql(
        `SELECT l.request_id, l.client_id, l.amount_usd_e10, l.estimated, l.created_at AS charged_at,
                r.key_id, r.model, r.provider, r.instance_id, r.created_at AS admitted_at
         FROM ledger_entries l
         JOIN reservations r ON r.request_id = l.request_id
         LEFT JOIN request_logs g ON g.request_id = l.request_id
         WHERE l.kind = 'charge' AND g.request_id IS NULL AND l.created_at >= $1 AND l.request_id > $2
           AND (r.instance_id IS NULL OR r.instance_id <> $3)
         ORDER BY l.request_id LIMIT $4`,
        now - LOG_RECOVERY_WINDOW_MS, after, instance.id, BATCH,
      ),
    );
    for (const row of rows) {
      const owner = (row.instance_id as string | null) ?? '';
      let ownerAlive = alive.get(owner);
      if (ownerAlive === undefined) {
        ownerAlive = owner ? await instance.isAlive(owner) : false;
        alive.set(owner, ownerAlive);
      }
      if (ownerAlive) continue;
      logs.write(rebuilt(row));
      recovered += 1;
    }
    if (rows.length < BATCH) break;
    after = String(rows[rows.length - 1].request_id);
  }
  return recovered;
}

function rebuilt(row: SqlRow): Parameters<RequestLogWriter['write']>[0] {
  const admittedAt = num(row.admitted_at);
  return {
    requestId: String(row.request_id),
    createdAt: admittedAt,
    clientId: String(row.client_id),
    clientName: null,
    keyId: (row.key_id as string | null) ?? null,
    model: String(row.model),
    provider: (row.provider as string | null) ?? null,
    status: 200,
    errorCode: null,
    errorMessage: 'Log line rebuilt after the gateway stopped: tokens unknown; the cost is the charge in the ledger.',
    latencyMs: Math.max(0, num(row.charged_at) - admittedAt),
    ttfbMs: null,
    stream: false,
    usage: { ...ZERO_USAGE },
    costE10: -money(row.amount_usd_e10),
    estimated: bool(row.estimated),
  };
}
