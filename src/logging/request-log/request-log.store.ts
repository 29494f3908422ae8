import { Injectable } from '@nestjs/common';
import { SqlTransactions } from '../../database/index.js';
import { sql, type SqlStep } from '../../database/index.js';
import { LOG_COLUMNS, rollupDeltas, type LogRow, type RollupDelta } from './request-log.rows.js';

/** Rows per INSERT statement (21 columns each: well under SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_STATEMENT = 200;

const ROLLUP_UPSERT = `INSERT INTO usage_rollups (bucket, client_id, model, provider, requests, errors, input_tokens, cache_read_tokens,
  cache_write_tokens, output_tokens, reasoning_tokens, cost_usd_e10, latency_ms_sum)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (bucket, client_id, model, provider) DO UPDATE SET
  requests = usage_rollups.requests + excluded.requests,
  errors = usage_rollups.errors + excluded.errors,
  input_tokens = usage_rollups.input_tokens + excluded.input_tokens,
  cache_read_tokens = usage_rollups.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = usage_rollups.cache_write_tokens + excluded.cache_write_tokens,
  output_tokens = usage_rollups.output_tokens + excluded.output_tokens,
  reasoning_tokens = usage_rollups.reasoning_tokens + excluded.reasoning_tokens,
  cost_usd_e10 = usage_rollups.cost_usd_e10 + excluded.cost_usd_e10,
  latency_ms_sum = usage_rollups.latency_ms_sum + excluded.latency_ms_sum`;

const TAG_INSERT = 'INSERT INTO request_log_tags (request_id, tag, created_at) VALUES ($1, $2, $3) ON CONFLICT (request_id, tag) DO NOTHING';
const TAGS_PER_STATEMENT = 500;

/** PostgreSQL: the tags of a batch in multi-row statements (SQLite uses the cached single-row one). */
function tagsInsertStep(tags: ReadonlyArray<readonly [string, string, number]>): SqlStep {
  const params: unknown[] = [];
  const tuples = tags.map(([requestId, tag, at]) => {
    params.push(requestId, tag, at);
    return `($${params.length - 2}, $${params.length - 1}, $${params.length})`;
  });
  return { sql: `INSERT INTO request_log_tags (request_id, tag, created_at) VALUES ${tuples.join(', ')} ON CONFLICT (request_id, tag) DO NOTHING`, params };
}

function insertStep(rows: readonly LogRow[]): SqlStep {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = LOG_COLUMNS.map((column) => {
      params.push(row[column]);
      return `$${params.length}`;
    });
    return `(${marks.join(', ')})`;
  });
  return {
    sql: `INSERT INTO request_logs (${LOG_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
    params,
  };
}

const INSERT_ONE = `INSERT INTO request_logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map((_c, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (request_id) DO NOTHING RETURNING request_id`;

function insertOneStep(row: LogRow): SqlStep {
  return { sql: INSERT_ONE, params: LOG_COLUMNS.map((column) => row[column]) };
}

function upsertStep(d: RollupDelta): SqlStep {
  return sql(ROLLUP_UPSERT, d.bucket, d.client_id, d.model, d.provider, d.requests, d.errors, d.input_tokens, d.cache_read_tokens,
    d.cache_write_tokens, d.output_tokens, d.reasoning_tokens, d.cost_usd_e10, d.latency_ms_sum);
}

/**
 * Writes a batch of request logs and their usage rollups in ONE transaction. A row whose request id is already stored
 * (a retried batch) is skipped and not counted twice in the rollups. Rollup keys are upserted in a fixed order so two
 * replicas flushing at once cannot deadlock each other.
 */
@Injectable()
export class RequestLogStore {
  constructor(private readonly sqlTx: SqlTransactions) {}

  async insert(rows: readonly LogRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    // SQLite: one cached prepared single-row statement per row (no network; a new multi-row text per batch size would
    // be re-prepared on every flush). PostgreSQL: multi-row statements (one round trip per 200 rows).
    const perRow = this.sqlTx.dialect === 'sqlite';
    return this.sqlTx.run(function* () {
      const inserted = new Set<string>();
      if (perRow) {
        for (const row of rows) {
          const returned = yield insertOneStep(row);
          if (returned.length) inserted.add(row.request_id);
        }
      }
      for (let i = 0; !perRow && i < rows.length; i += ROWS_PER_STATEMENT) {
        const returned = yield insertStep(rows.slice(i, i + ROWS_PER_STATEMENT));
        for (const r of returned) inserted.add(String(r.request_id));
      }
      const fresh = rows.filter((row) => inserted.delete(row.request_id));
      const tags = fresh.flatMap((row) => (row.tags ? row.tags.split(',').map((tag) => [row.request_id, tag, row.created_at] as const) : []));
      if (perRow) for (const [requestId, tag, at] of tags) yield sql(TAG_INSERT, requestId, tag, at);
      for (let i = 0; !perRow && i < tags.length; i += TAGS_PER_STATEMENT) yield tagsInsertStep(tags.slice(i, i + TAGS_PER_STATEMENT));
      const deltas = rollupDeltas(fresh).sort((a, b) => compareKeys(a, b));
      for (const delta of deltas) yield upsertStep(delta);
      return fresh.length;
    });
  }

  /** Delete logs older than `before` (epoch ms), at most `chunk` rows per statement; returns how many went. */
  async deleteOlderThan(before: number, chunk: number): Promise<number> {
    await this.sqlTx.query(
      sql(`DELETE FROM request_log_tags WHERE request_id IN (SELECT request_id FROM request_log_tags WHERE created_at < $1 LIMIT $2)`, before, chunk * 10),
    );
    const rows = await this.sqlTx.query(
      sql(`DELETE FROM request_logs WHERE request_id IN (SELECT request_id FROM request_logs WHERE created_at < $1 LIMIT $2) RETURNING request_id`, before, chunk),
    );
    return rows.length;
  }
}

function compareKeys(a: RollupDelta, b: RollupDelta): number {
  if (a.bucket !== b.bucket) return a.bucket - b.bucket;
  for (const k of ['client_id', 'model', 'provider'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}
