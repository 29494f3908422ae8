import { AdapterError } from '../adapter.error.js';
import type { AdapterContext, NormalizedUsage } from '../adapter.types.js';
import { cloneJson, isRecord, type JsonObject } from '../json.util.js';
import type { ChatCompletion } from '../openai.types.js';
import { toOpenAIUsage } from '../usage.js';
import { openAIStreamError } from './openai-wire.errors.js';
import { normalizeOpenAIUsage } from './openai-wire.usage.js';
import { restoreId } from './tool-id.map.js';

export function upstreamInvalid(provider: string, detail: string): AdapterError {
  return new AdapterError(`The ${provider} upstream returned an unreadable response: ${detail}`, null, {
    status: 502,
    type: 'upstream_error',
    code: 'invalid_upstream_response',
  });
}

/** Tool-call ids rewritten on the way out are restored (on the copy). */
export function restoreToolCallIds(calls: unknown, idMap: Record<string, string> | undefined): void {
  if (!idMap || !Array.isArray(calls)) return;
  for (const c of calls) if (isRecord(c) && 'id' in c) c['id'] = restoreId(c['id'], idMap);
}

export function openAIFromWire(
  body: unknown,
  ctx: AdapterContext,
  provider: string,
): { completion: ChatCompletion; usage: NormalizedUsage } {
  if (!isRecord(body)) throw upstreamInvalid(provider, 'not a JSON object');
  if (body['error'] !== undefined && body['choices'] === undefined) {
    const e = openAIStreamError(body['error']);
    throw new AdapterError(e.message, e.param, { status: e.status, type: e.type, code: e.code });
  }
  if (!Array.isArray(body['choices'])) throw upstreamInvalid(provider, "no 'choices' array");
  // A shallow copy: `usage` is replaced on it, and the choices are copied only when tool-call ids must be restored;
  // the upstream's body is never modified (unchanged nested values are shared with it).
  const completion: JsonObject = { ...body };
  const idMap = ctx.request?.idMap;
  if (idMap) {
    const choices = cloneJson(body['choices']) as unknown[];
    for (const choice of choices) {
      if (isRecord(choice) && isRecord(choice['message'])) restoreToolCallIds(choice['message']['tool_calls'], idMap);
    }
    completion['choices'] = choices;
  }
  const usage = normalizeOpenAIUsage(body['usage']);
  completion['usage'] = toOpenAIUsage(usage);
  return { completion: completion as unknown as ChatCompletion, usage };
}
