import {
  asArray,
  asRecord,
  asString,
  count,
  emptyUsage,
  fallbackMessage,
  fnv1a64,
  isRecord,
  mintToolCallId,
  parseRetryAfter,
  providerError,
  tryParseJson,
  type FinishReason,
  type HeaderBag,
  type JsonObject,
  type NormalizedUsage,
  type ProviderError,
  type ToolCallDelta,
} from '../core/index.js';

/** done_reason: stop → stop, length → length, anything else passes through (tool_calls applied by the caller). */
export function ollamaFinish(reason: unknown): FinishReason {
  return typeof reason === 'string' && reason !== '' ? reason : 'stop';
}

export function ollamaUsage(line: JsonObject): NormalizedUsage {
  return { ...emptyUsage(), input: count(line['prompt_eval_count']), output: count(line['eval_count']) };
}

export function ollamaResponseId(line: JsonObject): string {
  return `chatcmpl-${fnv1a64(`${asString(line['model']) ?? ''}:${asString(line['created_at']) ?? ''}`)}`;
}

export function ollamaCreated(line: JsonObject, fallback: number): number {
  const t = Date.parse(asString(line['created_at']) ?? '');
  return Number.isNaN(t) ? fallback : Math.floor(t / 1000);
}

/** Ollama tool calls arrive whole, arguments as an object; ids are passed through or minted. */
export function ollamaToolCalls(message: JsonObject, seed: string, firstK: number): ToolCallDelta[] {
  return asArray(message['tool_calls']).filter(isRecord).map((tc, n) => {
    const fn = asRecord(tc['function']);
    const k = typeof fn['index'] === 'number' ? fn['index'] : firstK + n;
    const args = fn['arguments'];
    return {
      index: k,
      id: asString(tc['id']) ?? mintToolCallId(`${seed}:${k}`),
      type: 'function' as const,
      function: { name: String(fn['name']), arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
    };
  });
}

function typeFor(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 404) return 'not_found_error';
  return 'api_error';
}

/** {"error":"msg"} wrapped like Ollama's own openai.NewError: 400 invalid_request_error, 404 not_found_error, else api_error. */
export function ollamaProviderError(status: number, body: unknown, headers: HeaderBag, nowMs: number): ProviderError {
  const parsed = typeof body === 'string' ? tryParseJson(body) : { ok: true as const, value: body };
  const e = parsed.ok ? asRecord(parsed.value)['error'] : undefined;
  const message = typeof e === 'string' ? e : fallbackMessage(status, body);
  return providerError({ status, type: typeFor(status), code: null, param: null, message, retryAfterMs: parseRetryAfter(headers, nowMs) });
}

export function ollamaStreamError(message: unknown): ProviderError {
  return providerError({
    status: 500,
    type: 'api_error',
    code: null,
    param: null,
    message: typeof message === 'string' ? message : 'The ollama upstream reported an error mid-stream.',
  });
}
