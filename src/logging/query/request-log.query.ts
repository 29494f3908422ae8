import { Injectable } from '@nestjs/common';
import { moneyToUsd } from '../../common/index.js';
import { SqlTransactions } from '../../database/index.js';
import { bool, money, num, type SqlRow } from '../../database/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** Status filter: an exact code, a class ("4xx"), "error" (≥ 400) or "success" (< 400). */
export type StatusFilter = { exact: number } | { min: number; max: number };

export interface LogFilters {
  clientId?: string;
  model?: string;
  provider?: string;
  /** only requests carrying this x-gophergate-tags tag */
  tag?: string;
  status?: StatusFilter;
  /** chat, embeddings, messages or responses */
  surface?: string;
  /** epoch ms, inclusive */
  from?: number;
  /** epoch ms, exclusive */
  to?: number;
  limit: number;
  cursor?: string;
}

export interface LogItem {
  request_id: string;
  created_at: string;
  client_id: string | null;
  client_name: string | null;
  key_id: string | null;
  model: string;
  provider: string | null;
  status: number;
  error_code: string | null;
  latency_ms: number;
  ttfb_ms: number | null;
  stream: boolean;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  estimated: boolean;
  /** the /v1 surface, present when it is not chat (a chat row keeps the shape it always had); the detail always has it */
  surface?: string;
  /** present only when the request carried x-gophergate-tags */
  tags?: string[];
  /** The model id the provider served, present when it differs from `model` (an alias, a rule's rewrite). */
  served_model?: string;
}

export interface LogDetail extends LogItem {
  error_message: string | null;
  request_body: string | null;
  response_body: string | null;
  surface: string;
}

export interface LogPage {
  data: LogItem[];
  next_cursor: string | null;
}

const COLUMNS = `l.request_id, l.created_at, l.client_id, c.name AS client_name, l.key_id, l.model, l.provider, l.status, l.error_code,
  l.latency_ms, l.ttfb_ms, l.stream, l.input_tokens, l.cache_read_tokens, l.cache_write_tokens, l.output_tokens, l.reasoning_tokens,
  l.cost_usd_e10, l.estimated, l.tags, l.surface, l.served_model`;

/** Reads request logs for /api/logs: every filter is a bound parameter, never spliced into the SQL text. */
@Injectable()
export class RequestLogQuery {
  constructor(private readonly sqlTx: SqlTransactions) {}

  /** Newest first. Throws RangeError('cursor') for a cursor this server did not produce. */
  async list(filters: LogFilters): Promise<LogPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.clientId !== undefined) where.push(`l.client_id = ${bind(filters.clientId)}`);
    if (filters.model !== undefined) where.push(`l.model = ${bind(filters.model)}`);
    if (filters.provider !== undefined) where.push(`l.provider = ${bind(filters.provider)}`);
    if (filters.surface !== undefined) where.push(`l.surface = ${bind(filters.surface)}`);
    if (filters.tag !== undefined) where.push(`EXISTS (SELECT 1 FROM request_log_tags t WHERE t.request_id = l.request_id AND t.tag = ${bind(filters.tag)})`);
    if (filters.status && 'exact' in filters.status) where.push(`l.status = ${bind(filters.status.exact)}`);
    if (filters.status && 'min' in filters.status) where.push(`l.status >= ${bind(filters.status.min)} AND l.status <= ${bind(filters.status.max)}`);
    if (filters.from !== undefined) where.push(`l.created_at >= ${bind(filters.from)}`);
    if (filters.to !== undefined) where.push(`l.created_at < ${bind(filters.to)}`);
    if (filters.cursor !== undefined) {
      const cursor = decodeCursor(filters.cursor);
      if (!cursor) throw new RangeError('cursor');
      const at = bind(cursor.createdAt);
      where.push(`(l.created_at < ${at} OR (l.created_at = ${at} AND l.request_id < ${bind(cursor.id)}))`);
    }
    const limit = Math.max(1, Math.min(500, Math.floor(filters.limit)));
    const text = `SELECT ${COLUMNS} FROM request_logs l LEFT JOIN clients c ON c.id = l.client_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY l.created_at DESC, l.request_id DESC LIMIT ${bind(limit + 1)}`;
    const rows = await this.sqlTx.exec({ sql: text, params });
    const page = rows.slice(0, limit).map(toItem);
    const last = rows.length > limit ? rows[limit - 1] : null;
    return { data: page, next_cursor: last ? encodeCursor(num(last.created_at), String(last.request_id)) : null };
  }

  async get(requestId: string): Promise<LogDetail | null> {
    const rows = await this.sqlTx.exec({
      sql: `SELECT ${COLUMNS}, l.error_message, l.request_body, l.response_body FROM request_logs l LEFT JOIN clients c ON c.id = l.client_id WHERE l.request_id = $1`,
      params: [requestId],
    });
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      ...toItem(row),
      error_message: (row.error_message as string | null) ?? null,
      request_body: (row.request_body as string | null) ?? null,
      response_body: (row.response_body as string | null) ?? null,
      surface: String(row.surface ?? 'chat'),
    };
  }
}

function toItem(row: SqlRow): LogItem {
  return {
    request_id: String(row.request_id),
    created_at: new Date(num(row.created_at)).toISOString(),
    client_id: (row.client_id as string | null) ?? null,
    client_name: (row.client_name as string | null) ?? null,
    key_id: (row.key_id as string | null) ?? null,
    model: String(row.model),
    provider: (row.provider as string | null) ?? null,
    status: num(row.status),
    error_code: (row.error_code as string | null) ?? null,
    latency_ms: num(row.latency_ms),
    ttfb_ms: row.ttfb_ms === null || row.ttfb_ms === undefined ? null : num(row.ttfb_ms),
    stream: bool(row.stream),
    input_tokens: num(row.input_tokens),
    cache_read_tokens: num(row.cache_read_tokens),
    cache_write_tokens: num(row.cache_write_tokens),
    output_tokens: num(row.output_tokens),
    reasoning_tokens: num(row.reasoning_tokens),
    cost_usd: moneyToUsd(money(row.cost_usd_e10)),
    estimated: bool(row.estimated),
    ...(typeof row.surface === 'string' && row.surface !== 'chat' ? { surface: row.surface } : {}),
    ...(row.tags ? { tags: String(row.tags).split(',') } : {}),
    ...(row.served_model && row.served_model !== row.model ? { served_model: String(row.served_model) } : {}),
  };
}
