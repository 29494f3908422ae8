import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/index.js';
import { SqlTransactions, num, sql } from '../../database/index.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** An 'in_progress' key older than this is taken to belong to a request that died (crash) and may be reused. */
export const IN_PROGRESS_STALE_MS = 15 * 60_000;

export type IdempotencyBegin =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: string; contentType: string }
  | { kind: 'in_progress' };

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` per client for 24 h: at most one charge per key.
 * - first use → 'new' (the row is claimed atomically: INSERT … ON CONFLICT DO NOTHING);
 * - the same key while the first request runs → 'in_progress' (the gateway answers 409);
 * - after a non-streaming answer → 'replay' of the stored status, body and content type (never charged again);
 * - after a STREAMED answer (complete() with text/event-stream) nothing can be replayed: begin() throws 409
 *   `idempotency_key_reused`;
 * - abandon() (the request failed before anything was charged) frees the key for a retry; so does complete() with a 5xx.
 * Keys are stored per client, so two clients can use the same key. The request body is not compared.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly sqlTx: SqlTransactions) {}

  async begin(clientId: string, key: string, requestId: string): Promise<IdempotencyBegin> {
    if (!VALID_KEY.test(key)) throw ApiError.invalidRequest('Idempotency-Key must be 1 to 255 printable ASCII characters.', 'Idempotency-Key', 'invalid_idempotency_key');
    const now = Date.now();
    const state = await this.sqlTx.run(function* () {
      const claimed = yield sql(
        `INSERT INTO idempotency_keys (client_id, idem_key, request_id, status, created_at) VALUES ($1, $2, $3, 'in_progress', $4)
         ON CONFLICT (client_id, idem_key) DO NOTHING RETURNING request_id`,
        clientId, key, requestId.slice(0, 128), now,
      );
      if (claimed.length) return { kind: 'new' as const };
      const rows = yield sql(
        'SELECT status, response_status, response_body, content_type, created_at FROM idempotency_keys WHERE client_id = $1 AND idem_key = $2',
        clientId, key,
      );
      const row = rows[0];
      const createdAt = num(row?.created_at);
      const expired = createdAt < now - IDEMPOTENCY_TTL_MS || (row?.status === 'in_progress' && createdAt < now - IN_PROGRESS_STALE_MS);
      if (!row || expired) {
        const taken = yield sql(
          `UPDATE idempotency_keys SET request_id = $3, status = 'in_progress', response_status = NULL, response_body = NULL, content_type = NULL, created_at = $4
           WHERE client_id = $1 AND idem_key = $2 AND created_at = $5 RETURNING request_id`,
          clientId, key, requestId.slice(0, 128), now, createdAt,
        );
        return taken.length ? { kind: 'new' as const } : { kind: 'in_progress' as const };
      }
      if (row.status === 'completed') {
        return { kind: 'replay' as const, status: num(row.response_status), body: String(row.response_body ?? ''), contentType: String(row.content_type ?? 'application/json') };
      }
      if (row.status === 'locked') return { kind: 'locked' as const };
      return { kind: 'in_progress' as const };
    });
    if (state.kind === 'locked') {
      throw ApiError.conflict('This Idempotency-Key was already used for a streamed request, which cannot be replayed; use a new key.', 'idempotency_key_reused');
    }
    return state;
  }

  /** Store the answer for replay (5xx: the key is freed instead; text/event-stream: the key is locked, not replayable). */
  async complete(clientId: string, key: string, status: number, body: string, contentType: string): Promise<void> {
    if (status >= 500) return this.abandon(clientId, key);
    if (/^text\/event-stream/i.test(contentType)) {
      await this.sqlTx.query(sql(`UPDATE idempotency_keys SET status = 'locked', response_status = $3 WHERE client_id = $1 AND idem_key = $2`, clientId, key, status));
      return;
    }
    await this.sqlTx.query(
      sql(
        `UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_body = $4, content_type = $5 WHERE client_id = $1 AND idem_key = $2`,
        clientId, key, status, body, contentType.slice(0, 100),
      ),
    );
  }

  /** The request failed and nothing was charged: let a retry with the same key run. */
  async abandon(clientId: string, key: string): Promise<void> {
    await this.sqlTx.query(sql(`DELETE FROM idempotency_keys WHERE client_id = $1 AND idem_key = $2 AND status = 'in_progress'`, clientId, key));
  }

  /** Crash reconciliation: the key of a request that was released is freed; of one charged by estimate, locked. */
  async resolveAfterCrash(requestId: string, charged: boolean): Promise<void> {
    await this.sqlTx.query(
      charged
        ? sql(`UPDATE idempotency_keys SET status = 'locked' WHERE request_id = $1 AND status = 'in_progress'`, requestId)
        : sql(`DELETE FROM idempotency_keys WHERE request_id = $1 AND status = 'in_progress'`, requestId),
    );
  }

  /** Delete keys older than 24 h, in chunks; returns how many went. */
  async purge(now = Date.now()): Promise<number> {
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      const rows = await this.sqlTx.query(
        sql(
          `DELETE FROM idempotency_keys WHERE (client_id, idem_key) IN
             (SELECT client_id, idem_key FROM idempotency_keys WHERE created_at < $1 LIMIT 5000) RETURNING client_id`,
          now - IDEMPOTENCY_TTL_MS,
        ),
      );
      total += rows.length;
      if (rows.length < 5000) break;
    }
    return total;
  }
}
