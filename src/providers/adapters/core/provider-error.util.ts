import type { HeaderBag, ProviderError } from './adapter.types.js';
import { asRecord, asString, isRecord } from './json.util.js';

export function header(headers: HeaderBag, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** `retry-after-ms`, then `retry-after` (seconds or an HTTP date), in milliseconds. */
export function parseRetryAfter(headers: HeaderBag, nowMs: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const ra = header(headers, 'retry-after');
  if (ra === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.round(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Google's protobuf Duration in JSON: "47s", "1.5s". */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(v);
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
  }
  if (isRecord(v)) {
    const s = Number(v['seconds'] ?? 0);
    const n = Number(v['nanos'] ?? 0);
    if (Number.isFinite(s) && Number.isFinite(n)) return Math.round(s * 1000 + n / 1e6);
  }
  return undefined;
}

/** Retry on 408, 429 (unless the quota is exhausted), and every 5xx (529 included). */
export function isRetryableStatus(status: number, typeOrCode: (string | null)[] = []): boolean {
  if (status === 429) return !typeOrCode.some((t) => t === 'insufficient_quota');
  return status === 408 || status >= 500;
}

export function defaultTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** Best-effort message from a body that is not the provider's envelope (HTML from a proxy, plain text…). */
export function fallbackMessage(status: number, body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 500);
  const rec = asRecord(body);
  const m = asString(rec['message']) ?? asString(asRecord(rec['error'])['message']) ?? asString(rec['error']);
  return m ?? `Upstream returned HTTP ${status}`;
}

export function providerError(
  fields: Omit<ProviderError, 'retryable' | 'retryAfterMs'> & { retryable?: boolean; retryAfterMs?: number },
): ProviderError {
  const retryable = fields.retryable ?? isRetryableStatus(fields.status, [fields.type, fields.code]);
  const out: ProviderError = {
    status: fields.status,
    type: fields.type,
    code: fields.code,
    param: fields.param,
    message: fields.message,
    retryable,
  };
  if (fields.retryAfterMs !== undefined) out.retryAfterMs = fields.retryAfterMs;
  return out;
}

/** The upstream closed a stream before its clean finish: never a silent truncation. */
export function truncatedStreamError(provider: string): ProviderError {
  return providerError({
    status: 502,
    type: 'upstream_error',
    code: 'stream_truncated',
    param: null,
    message: `The ${provider} upstream closed the stream before it finished.`,
    retryable: true,
  });
}

export function invalidStreamDataError(provider: string, detail: string): ProviderError {
  return providerError({
    status: 502,
    type: 'upstream_error',
    code: 'invalid_upstream_response',
    param: null,
    message: `The ${provider} upstream sent an unreadable stream frame: ${detail.slice(0, 200)}`,
    retryable: false,
  });
}

