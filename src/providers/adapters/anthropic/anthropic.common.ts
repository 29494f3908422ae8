import {
  asRecord,
  asString,
  count,
  defaultTypeForStatus,
  emptyUsage,
  fallbackMessage,
  header,
  isRecord,
  parseRetryAfter,
  providerError,
  tryParseJson,
  type FinishReason,
  type HeaderBag,
  type JsonObject,
  type NormalizedUsage,
  type ProviderError,
} from '../core/index.js';

const FINISH: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

export function anthropicFinish(stop: unknown): FinishReason {
  return (typeof stop === 'string' && FINISH[stop]) || 'stop';
}

export function anthropicUsage(raw: unknown): NormalizedUsage {
  if (!isRecord(raw)) return emptyUsage();
  return {
    input: count(raw['input_tokens']),
    cacheRead: count(raw['cache_read_input_tokens']),
    cacheWrite: count(raw['cache_creation_input_tokens']),
    output: count(raw['output_tokens']),
    reasoning: count(asRecord(raw['output_tokens_details'])['thinking_tokens']),
  };
}

/** Later (cumulative) usage fields win; nulls never erase a known count. */
export function mergeUsage(into: JsonObject, raw: unknown): JsonObject {
  if (!isRecord(raw)) return into;
  const out = { ...into };
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function envelope(body: unknown): JsonObject | undefined {
  const parsed = typeof body === 'string' ? tryParseJson(body) : { ok: true as const, value: body };
  if (!parsed.ok) return undefined;
  const e = asRecord(parsed.value)['error'];
  return isRecord(e) ? e : undefined;
}

/** {"type":"error","error":{type,message}} → OpenAI fields; x-should-retry is honoured when present. */
export function anthropicProviderError(status: number, body: unknown, headers: HeaderBag, nowMs: number): ProviderError {
  const e = envelope(body);
  const shouldRetry = header(headers, 'x-should-retry');
  return providerError({
    status,
    type: asString(e?.['type']) ?? defaultTypeForStatus(status),
    code: null,
    param: null,
    message: asString(e?.['message']) ?? fallbackMessage(status, body),
    retryAfterMs: parseRetryAfter(headers, nowMs),
    ...(shouldRetry === 'true' || shouldRetry === 'false' ? { retryable: shouldRetry === 'true' } : {}),
  });
}

/** `event: error` inside a 200 stream. */
export function anthropicStreamError(data: unknown): ProviderError {
  const e = asRecord(asRecord(data)['error']);
  const type = asString(e['type']) ?? 'api_error';
  return providerError({
    status: STATUS_BY_TYPE[type] ?? 500,
    type,
    code: null,
    param: null,
    message: asString(e['message']) ?? 'The anthropic upstream reported an error mid-stream.',
  });
}
