import type { Money } from '../../common/index.js';
import type { RequestLogEntry } from './request-log.types.js';

export const HOUR_MS = 3_600_000;

/** A request_logs row, clamped to the column sizes so one odd value can never fail a whole batch. */
export interface LogRow {
  request_id: string;
  created_at: number;
  client_id: string | null;
  key_id: string | null;
  model: string;
  provider: string | null;
  status: number;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  ttfb_ms: number | null;
  stream: boolean;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd_e10: Money;
  estimated: boolean;
  request_body: string | null;
  response_body: string | null;
  /** comma-joined tags, null when none */
  tags: string | null;
  surface: string;
  served_model: string | null;
}

export const LOG_COLUMNS: ReadonlyArray<keyof LogRow> = [
  'request_id', 'created_at', 'client_id', 'key_id', 'model', 'provider', 'status', 'error_code', 'error_message', 'latency_ms',
  'ttfb_ms', 'stream', 'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens',
  'cost_usd_e10', 'estimated', 'request_body', 'response_body', 'tags', 'surface', 'served_model',
];

const cut = (value: string | null | undefined, max: number): string | null => (value === null || value === undefined ? null : value.slice(0, max));
const int = (value: number | null | undefined): number => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0);
const INT4_MAX = 2_147_483_647;
const tokenCount = (value: number): number => (Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

export function toLogRow(entry: RequestLogEntry, keepBodies: boolean): LogRow {
  return {
    request_id: entry.requestId.slice(0, 128),
    created_at: int(entry.createdAt),
    client_id: cut(entry.clientId, 64),
    key_id: cut(entry.keyId, 64),
    model: cut(entry.model, 200) ?? '',
    provider: cut(entry.provider, 64),
    status: Math.min(999, int(entry.status)),
    error_code: cut(entry.errorCode, 64),
    error_message: cut(entry.errorMessage, 500),
    latency_ms: Math.min(INT4_MAX, int(entry.latencyMs)),
    ttfb_ms: entry.ttfbMs === null || entry.ttfbMs === undefined ? null : Math.min(INT4_MAX, int(entry.ttfbMs)),
    stream: Boolean(entry.stream),
    input_tokens: Math.min(INT4_MAX, tokenCount(entry.usage.input)),
    cache_read_tokens: Math.min(INT4_MAX, tokenCount(entry.usage.cacheRead)),
    cache_write_tokens: Math.min(INT4_MAX, tokenCount(entry.usage.cacheWrite)),
    output_tokens: Math.min(INT4_MAX, tokenCount(entry.usage.output)),
    reasoning_tokens: Math.min(INT4_MAX, tokenCount(entry.usage.reasoning)),
    cost_usd_e10: typeof entry.costE10 === 'bigint' ? entry.costE10 : 0n,
    estimated: Boolean(entry.estimated),
    request_body: keepBodies ? (entry.requestBody ?? null) : null,
    response_body: keepBodies ? (entry.responseBody ?? null) : null,
    tags: entry.tags?.length ? cut(entry.tags.slice(0, 10).join(','), 700) : null,
    surface: cut(entry.surface, 16) ?? 'chat',
    served_model: cut(entry.servedModel, 200),
  };
}

/** One usage_rollups increment: hourly buckets (UTC) per client, model and provider ('' when none). */
export interface RollupDelta {
  bucket: number;
  client_id: string;
  model: string;
  provider: string;
  requests: number;
  errors: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd_e10: Money;
  latency_ms_sum: number;
}

export function rollupDeltas(rows: readonly LogRow[]): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  for (const row of rows) {
    const bucket = row.created_at - (row.created_at % HOUR_MS);
    const client = row.client_id ?? '';
    const provider = row.provider ?? '';
    const key = JSON.stringify([bucket, client, row.model, provider]);
    let delta = byKey.get(key);
    if (!delta) {
      delta = {
        bucket, client_id: client, model: row.model, provider, requests: 0, errors: 0, input_tokens: 0, cache_read_tokens: 0,
        cache_write_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cost_usd_e10: 0n, latency_ms_sum: 0,
      };
      byKey.set(key, delta);
    }
    delta.requests += 1;
    if (row.status >= 400) delta.errors += 1;
    delta.input_tokens += row.input_tokens;
    delta.cache_read_tokens += row.cache_read_tokens;
    delta.cache_write_tokens += row.cache_write_tokens;
    delta.output_tokens += row.output_tokens;
    delta.reasoning_tokens += row.reasoning_tokens;
    delta.cost_usd_e10 += row.cost_usd_e10;
    delta.latency_ms_sum += row.latency_ms;
  }
  return [...byKey.values()];
}
