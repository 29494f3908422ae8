import {
  asArray,
  asRecord,
  asString,
  count,
  defaultTypeForStatus,
  emptyUsage,
  fallbackMessage,
  isRecord,
  mintToolCallId,
  parseDuration,
  parseRetryAfter,
  providerError,
  tryParseJson,
  type FinishReason,
  type HeaderBag,
  type JsonObject,
  type NormalizedUsage,
  type ProviderError,
  type ToolCall,
} from '../core/index.js';

const FILTERED = new Set([
  'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** STOP→stop, MAX_TOKENS→length, safety family→content_filter, everything else (OTHER, MALFORMED_FUNCTION_CALL…)→stop. */
export function geminiFinish(reason: unknown): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (typeof reason === 'string' && FILTERED.has(reason)) return 'content_filter';
  return 'stop';
}

export function geminiUsage(raw: unknown): NormalizedUsage {
  if (!isRecord(raw)) return emptyUsage();
  const prompt = count(raw['promptTokenCount']) + count(raw['toolUsePromptTokenCount']);
  const cached = Math.min(prompt, count(raw['cachedContentTokenCount']));
  const thoughts = count(raw['thoughtsTokenCount']);
  return {
    input: prompt - cached,
    cacheRead: cached,
    cacheWrite: 0,
    output: count(raw['candidatesTokenCount']) + thoughts,
    reasoning: thoughts,
  };
}

export interface PartsRead {
  text: string;
  reasoning: string;
  calls: ToolCall[];
}

/**
 * Reads a candidate's parts. Tool-call ids: Gemini's own `id` when sent, else minted from
 * (responseId, candidate, k) — the same in a stream and in its non-stream twin.
 */
export function readParts(parts: unknown, seed: string, firstK: number): PartsRead {
  const out: PartsRead = { text: '', reasoning: '', calls: [] };
  for (const p of asArray(parts)) {
    if (!isRecord(p)) continue;
    if (typeof p['text'] === 'string') {
      if (p['thought'] === true) out.reasoning += p['text'];
      else out.text += p['text'];
    } else if (isRecord(p['functionCall'])) {
      const fc = p['functionCall'];
      const k = firstK + out.calls.length;
      const call: ToolCall = {
        id: asString(fc['id']) ?? mintToolCallId(`${seed}:${k}`),
        type: 'function',
        function: { name: String(fc['name']), arguments: JSON.stringify(fc['args'] ?? {}) },
      };
      if (typeof p['thoughtSignature'] === 'string') call.extra_content = { google: { thought_signature: p['thoughtSignature'] } };
      out.calls.push(call);
    }
  }
  return out;
}

export function candidateSeed(response: JsonObject, candidateIndex: number): string {
  return `${asString(response['responseId']) ?? asString(response['modelVersion']) ?? 'gemini'}:${candidateIndex}`;
}

function geminiErrorFields(e: JsonObject, status: number): { status: number; type: string; code: string | null } {
  const reason = asArray(e['details']).map((d) => asRecord(d)['reason']);
  const code = typeof e['code'] === 'number' && e['code'] >= 400 && e['code'] < 600 ? e['code'] : status;
  if (reason.includes('API_KEY_INVALID')) return { status: 401, type: 'authentication_error', code: 'invalid_api_key' };
  return { status: code, type: defaultTypeForStatus(code), code: asString(e['status']) ?? null };
}

function retryDelay(e: JsonObject): number | undefined {
  for (const d of asArray(e['details'])) {
    const rec = asRecord(d);
    if (String(rec['@type'] ?? '').endsWith('google.rpc.RetryInfo')) return parseDuration(rec['retryDelay']);
  }
  return undefined;
}

function envelope(body: unknown): JsonObject | undefined {
  const parsed = typeof body === 'string' ? tryParseJson(body) : { ok: true as const, value: body };
  if (!parsed.ok) return undefined;
  const rec = Array.isArray(parsed.value) ? asRecord(parsed.value[0]) : asRecord(parsed.value);
  return isRecord(rec['error']) ? rec['error'] : undefined;
}

/** {"error":{code,message,status,details}}: 400 API_KEY_INVALID → 401; RetryInfo.retryDelay → retryAfterMs. */
export function geminiProviderError(status: number, body: unknown, headers: HeaderBag, nowMs: number): ProviderError {
  const e = envelope(body);
  if (!e) {
    return providerError({
      status, type: defaultTypeForStatus(status), code: null, param: null,
      message: fallbackMessage(status, body), retryAfterMs: parseRetryAfter(headers, nowMs),
    });
  }
  const f = geminiErrorFields(e, status);
  return providerError({
    ...f,
    param: null,
    message: asString(e['message']) ?? fallbackMessage(status, body),
    retryAfterMs: retryDelay(e) ?? parseRetryAfter(headers, nowMs),
  });
}

/** A `{"error":{…}}` chunk inside a 200 stream. */
export function geminiStreamError(err: unknown): ProviderError {
  const e = asRecord(err);
  const f = geminiErrorFields(e, 500);
  return providerError({
    ...f,
    param: null,
    message: asString(e['message']) ?? 'The gemini upstream reported an error mid-stream.',
    retryAfterMs: retryDelay(e),
  });
}
