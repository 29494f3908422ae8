import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { SqlTransactions, num, sql } from '../../../database/index.js';
import type { ResponseItem, ResponseObject } from '../wire/responses.types.js';

const DAY_MS = 86_400_000;

/** One stored response: who owns it, who served it, the conversation that led to it and the answer. */
export interface StoredResponse {
  id: string;
  clientId: string;
  provider: string | null;
  /** The id an OpenAI provider keeps the same response under (relay with store on); null when only the gateway has it. */
  upstreamId: string | null;
  model: string;
  /** Every input item of the conversation up to this response (earlier turns' inputs and outputs, then this turn's input). */
  inputItems: ResponseItem[];
  response: ResponseObject;
  createdAt: number;
}

/**
 * The stored Responses-API responses (store: true), owned by one client: a read, continuation or delete by another
 * client finds nothing (404). `put` takes the write off the answer's critical section: the row is written while the
 * answer goes out, and a read of the same id in this process waits for that write; shutdown waits for every write.
 */
@Injectable()
export class StoredResponsesStore implements OnApplicationShutdown {
  private readonly logger = new Logger('StoredResponses');
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly sql: SqlTransactions,
    private readonly config: AppConfig,
  ) {}

  /** Start writing a response (not awaited by the answer). Never throws; a failed write is logged. */
  put(record: StoredResponse): void {
    const expiresAt = record.createdAt + Math.round(this.config.responses.retention_days * DAY_MS);
    // after the caller's synchronous send (on SQLite exec would otherwise write before the answer leaves)
    const write = Promise.resolve()
      .then(() => this.sql.exec(
        sql(
          `INSERT INTO stored_responses (id, client_id, provider, upstream_id, model, input_items, response, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
          record.id, record.clientId, record.provider, record.upstreamId, record.model.slice(0, 200),
          JSON.stringify(record.inputItems), JSON.stringify(record.response), record.createdAt, expiresAt,
        ),
      ))
      .then(
        () => undefined,
        (err: unknown) => this.logger.error({ response_id: record.id, reason: (err as Error).message }, 'stored response write failed'),
      )
      .finally(() => {
        if (this.pending.get(record.id) === write) this.pending.delete(record.id);
      });
    this.pending.set(record.id, write);
  }

  /** The client's own response, or null (unknown, expired, or another client's). */
  async get(clientId: string, id: string, now = Date.now()): Promise<StoredResponse | null> {
    await this.pending.get(id);
    const rows = await this.sql.exec(
      sql('SELECT id, client_id, provider, upstream_id, model, input_items, response, created_at FROM stored_responses WHERE id = $1 AND client_id = $2 AND expires_at > $3', id, clientId, now),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      clientId: String(row.client_id),
      provider: (row.provider as string | null) ?? null,
      upstreamId: (row.upstream_id as string | null) ?? null,
      model: String(row.model),
      inputItems: JSON.parse(String(row.input_items)) as ResponseItem[],
      response: JSON.parse(String(row.response)) as ResponseObject,
      createdAt: num(row.created_at),
    };
  }

  /** Delete the client's own response: who served it and its upstream id, or null when there was none to delete. */
  async delete(clientId: string, id: string): Promise<{ provider: string | null; upstreamId: string | null } | null> {
    await this.pending.get(id);
    const rows = await this.sql.exec(sql('DELETE FROM stored_responses WHERE id = $1 AND client_id = $2 RETURNING provider, upstream_id', id, clientId));
    const row = rows[0];
    return row ? { provider: (row.provider as string | null) ?? null, upstreamId: (row.upstream_id as string | null) ?? null } : null;
  }

  /** Delete up to `limit` expired responses; returns how many. Safe to run on every replica at once. */
  async deleteExpired(now: number, limit: number): Promise<number> {
    const rows = await this.sql.exec(
      sql('DELETE FROM stored_responses WHERE id IN (SELECT id FROM stored_responses WHERE expires_at <= $1 LIMIT $2) RETURNING id', now, limit),
    );
    return rows.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending.values()]);
  }
}
