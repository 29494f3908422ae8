import { Injectable } from '@nestjs/common';
import { moneyToDecimal, moneyToUsd } from '../../common/index.js';
import { SqlTransactions } from '../../database/index.js';
import { money, num, type SqlRow } from '../../database/index.js';

export const USAGE_GROUPS = ['client', 'model', 'provider', 'day', 'hour', 'key', 'tag', 'surface'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export interface UsageItem {
  /** client id, model, provider ('' when none), or the ISO start of the day/hour (UTC) */
  key: string;
  requests: number;
  errors: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  /** the exact decimal of cost_usd (a sum may need more digits than a JSON number carries) */
  cost_usd_exact: string;
  avg_latency_ms: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The grouping expression per group_by: fixed SQL text chosen from a closed set, never user text. */
const GROUP_EXPRESSIONS: Record<Exclude<UsageGroup, 'key' | 'tag' | 'surface'>, string> = {
  client: 'client_id',
  model: 'model',
  provider: 'provider',
  hour: 'bucket',
  day: `(bucket - (bucket % ${DAY_MS}))`,
};

/**
 * /api/usage from the hourly usage_rollups (one row per hour × client × model × provider), so it stays fast however many
 * request logs exist. `from` is rounded down and `to` up to whole hours: rollups are hourly.
 */
@Injectable()
export class UsageQuery {
  constructor(private readonly sqlTx: SqlTransactions) {}

  async summarize(groupBy: UsageGroup, from?: number, to?: number): Promise<UsageItem[]> {
    if (groupBy === 'key' || groupBy === 'tag' || groupBy === 'surface') return this.fromLogs(groupBy, from, to);
    const expr = GROUP_EXPRESSIONS[groupBy];
    if (!expr) throw new RangeError('group_by');
    const where: string[] = [];
    const params: unknown[] = [];
    if (from !== undefined) {
      params.push(from - (((from % HOUR_MS) + HOUR_MS) % HOUR_MS));
      where.push(`bucket >= $${params.length}`);
    }
    if (to !== undefined) {
      params.push(to);
      where.push(`bucket < $${params.length}`);
    }
    const rows = await this.sqlTx.exec({
      sql: `SELECT ${expr} AS k, SUM(requests) AS requests, SUM(errors) AS errors, SUM(input_tokens) AS input_tokens,
          SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, SUM(output_tokens) AS output_tokens,
          SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_usd_e10) AS cost_usd_e10, SUM(latency_ms_sum) AS latency_ms_sum
        FROM usage_rollups ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY ${expr} ORDER BY ${expr}`,
      params,
    });
    return rows.map((row) => toItem(row, groupBy));
  }

  /** By key, tag or surface: summed from the request logs themselves (exact times, within log retention). */
  private async fromLogs(groupBy: 'key' | 'tag' | 'surface', from?: number, to?: number): Promise<UsageItem[]> {
    const expr = LOG_GROUP_EXPRESSIONS[groupBy];
    const where: string[] = [];
    const params: unknown[] = [];
    if (from !== undefined) {
      params.push(from);
      where.push(`l.created_at >= $${params.length}`);
    }
    if (to !== undefined) {
      params.push(to);
      where.push(`l.created_at < $${params.length}`);
    }
    const rows = await this.sqlTx.exec({
      sql: `SELECT ${expr} AS k, COUNT(*) AS requests, SUM(CASE WHEN l.status >= 400 THEN 1 ELSE 0 END) AS errors,
          SUM(l.input_tokens) AS input_tokens, SUM(l.cache_read_tokens) AS cache_read_tokens, SUM(l.cache_write_tokens) AS cache_write_tokens,
          SUM(l.output_tokens) AS output_tokens, SUM(l.reasoning_tokens) AS reasoning_tokens, SUM(l.cost_usd_e10) AS cost_usd_e10,
          SUM(l.latency_ms) AS latency_ms_sum
        FROM ${groupBy === 'tag' ? 'request_log_tags t JOIN request_logs l ON l.request_id = t.request_id' : 'request_logs l'}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY ${expr} ORDER BY ${expr}`,
      params,
    });
    return rows.map((row) => toItem(row, groupBy));
  }
}

/** Grouping expressions over request_logs (l) and request_log_tags (t): fixed text, never user input. */
const LOG_GROUP_EXPRESSIONS = { key: 'l.key_id', tag: 't.tag', surface: 'l.surface' } as const;

function toItem(row: SqlRow, groupBy: UsageGroup): UsageItem {
  const requests = num(row.requests);
  return {
    key: groupBy === 'hour' || groupBy === 'day' ? new Date(num(row.k)).toISOString() : String(row.k ?? ''),
    requests,
    errors: num(row.errors),
    input_tokens: num(row.input_tokens),
    cache_read_tokens: num(row.cache_read_tokens),
    cache_write_tokens: num(row.cache_write_tokens),
    output_tokens: num(row.output_tokens),
    reasoning_tokens: num(row.reasoning_tokens),
    cost_usd: moneyToUsd(money(row.cost_usd_e10)),
    cost_usd_exact: moneyToDecimal(money(row.cost_usd_e10)),
    avg_latency_ms: requests > 0 ? Math.round(num(row.latency_ms_sum) / requests) : null,
  };
}
