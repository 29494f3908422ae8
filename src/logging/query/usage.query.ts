import { Injectable } from '@nestjs/common';
import { microsToUsd } from '../../common/index.js';
import { SqlTransactions } from '../../database/index.js';
import { num, type SqlRow } from '../../database/index.js';

export const USAGE_GROUPS = ['client', 'model', 'provider', 'day', 'hour'] as const;
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
  avg_latency_ms: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The grouping expression per group_by: fixed SQL text chosen from a closed set, never user text. */
const GROUP_EXPRESSIONS: Record<UsageGroup, string> = {
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
          SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_micros) AS cost_micros, SUM(latency_ms_sum) AS latency_ms_sum
        FROM usage_rollups ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY ${expr} ORDER BY ${expr}`,
      params,
    });
    return rows.map((row) => toItem(row, groupBy));
  }
}

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
    cost_usd: microsToUsd(num(row.cost_micros)),
    avg_latency_ms: requests > 0 ? Math.round(num(row.latency_ms_sum) / requests) : null,
  };
}
