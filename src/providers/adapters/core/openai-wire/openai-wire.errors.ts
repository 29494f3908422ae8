import type { HeaderBag, ProviderError } from '../adapter.types.js';
import { asRecord, asString, isRecord, tryParseJson } from '../json.util.js';
import { defaultTypeForStatus, fallbackMessage, parseRetryAfter, providerError } from '../provider-error.util.js';

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return undefined;
  return JSON.stringify(v);
}

function envelope(body: unknown): Record<string, unknown> | undefined {
  const parsed = typeof body === 'string' ? tryParseJson(body) : { ok: true as const, value: body };
  if (!parsed.ok) return undefined;
  const rec = Array.isArray(parsed.value) ? asRecord(parsed.value[0]) : asRecord(parsed.value);
  if (isRecord(rec['error'])) return rec['error'];
  if (typeof rec['error'] === 'string') return { message: rec['error'] };
  if (rec['object'] === 'error' || typeof rec['message'] === 'string') return rec; // vLLM / Mistral
  if (rec['detail'] !== undefined) return { message: text(rec['detail']) };
  return undefined;
}

/** OpenAI envelope {"error":{message,type,param,code}} (and the variants OpenAI-compatible servers send). */
export function openAIProviderError(status: number, body: unknown, headers: HeaderBag, nowMs: number): ProviderError {
  const e = envelope(body);
  const type = asString(e?.['type']) ?? defaultTypeForStatus(status);
  const rawCode = e?.['code'];
  const code = typeof rawCode === 'string' ? rawCode : typeof rawCode === 'number' ? String(rawCode) : null;
  return providerError({
    status,
    type,
    code,
    param: asString(e?.['param']) ?? null,
    message: text(e?.['message']) ?? fallbackMessage(status, body),
    retryAfterMs: parseRetryAfter(headers, nowMs),
  });
}

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  tokens: 429,
  requests: 429,
  insufficient_quota: 429,
  server_error: 500,
  api_error: 500,
};

/** A `{"error":{…}}` frame inside a 200 stream. */
export function openAIStreamError(err: unknown): ProviderError {
  const e = isRecord(err) ? err : { message: text(err) };
  const type = asString(e['type']) ?? 'server_error';
  const rawCode = e['code'];
  const status =
    typeof rawCode === 'number' && rawCode >= 400 && rawCode < 600
      ? rawCode
      : (STATUS_BY_TYPE[type] ?? STATUS_BY_TYPE[String(rawCode)] ?? 500);
  return providerError({
    status,
    type,
    code: typeof rawCode === 'string' ? rawCode : null,
    param: asString(e['param']) ?? null,
    message: text(e['message']) ?? 'The upstream reported an error mid-stream.',
  });
}
