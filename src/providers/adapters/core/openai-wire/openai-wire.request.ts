import { invalid, unsupported } from '../adapter.error.js';
import type { AdapterContext, OpenAICompatiblePreset, WireRequest } from '../adapter.types.js';
import { cloneJson, isRecord, present, type JsonObject } from '../json.util.js';
import type { ChatRequest } from '../openai.types.js';
import { isNeutral, normalizeToolChoice } from '../request.util.js';
import { ToolIdMap } from './tool-id.map.js';

export interface OpenAIWireOptions {
  provider: string;
  preset?: OpenAICompatiblePreset;
  /** Remove the gateway's `extra_content` from tool calls (provider state meaningless to this upstream). */
  stripExtraContent: boolean;
}

type Msg = JsonObject & { tool_calls?: JsonObject[]; content?: unknown; tool_call_id?: unknown };

function applyPreset(body: JsonObject, p: OpenAICompatiblePreset, dropped: string[]): void {
  for (const key of p.unsupportedParams ?? []) {
    if (present(body[key]) && !isNeutral(key, body[key])) throw unsupported(key, p.name);
  }
  for (const key of p.dropParams ?? []) {
    if (!present(body[key])) continue;
    delete body[key];
    dropped.push(key);
  }
  if (p.maxN !== undefined && present(body['n'])) {
    const n = body['n'];
    if (typeof n !== 'number' || n > p.maxN) throw unsupported('n', p.name, `at most ${p.maxN} choice(s)`);
  }
  const tc = normalizeToolChoice(body['tool_choice'] as ChatRequest['tool_choice']);
  if (tc && p.toolChoice && !p.toolChoice.includes(tc.mode)) {
    throw unsupported('tool_choice', p.name, `only ${p.toolChoice.join(', ')} can be honoured`);
  }
  if (tc?.mode === 'required' && p.toolChoiceRequiredAs) body['tool_choice'] = p.toolChoiceRequiredAs;
  for (const [from, to] of Object.entries(p.renameParams ?? {})) {
    if (!present(body[from])) continue;
    body[to] = body[from];
    delete body[from];
  }
  checkImages(body, p);
}

function checkImages(body: JsonObject, p: OpenAICompatiblePreset): void {
  if (!p.images || p.images === 'any') return;
  const messages = Array.isArray(body['messages']) ? (body['messages'] as Msg[]) : [];
  messages.forEach((m, i) => {
    if (!Array.isArray(m.content)) return;
    m.content.forEach((part: unknown, j: number) => {
      if (!isRecord(part) || part['type'] !== 'image_url') return;
      if (p.images === 'none') throw unsupported(`messages[${i}].content[${j}]`, p.name, 'image input is not supported');
      const url = isRecord(part['image_url']) ? part['image_url']['url'] : undefined;
      if (typeof url !== 'string' || !url.startsWith('data:')) {
        throw unsupported(`messages[${i}].content[${j}].image_url`, p.name, 'only base64 data URLs are accepted');
      }
    });
  });
}

/**
 * The messages for the wire: the caller's message objects are reused as they are, except those whose tool-call ids
 * change (or whose `extra_content` is stripped): those are copied first, so the caller's objects are never modified.
 */
function rewriteMessages(body: JsonObject, strip: boolean, ids: ToolIdMap | undefined): void {
  if (!Array.isArray(body['messages'])) throw invalid('messages', "'messages' must be an array.");
  const source = body['messages'] as Msg[];
  let out: Msg[] | null = null;
  for (let i = 0; i < source.length; i++) {
    const original = source[i];
    if (!isRecord(original)) continue;
    const rewritesCalls = Array.isArray(original.tool_calls) && (strip || ids !== undefined);
    const rewritesResult = ids !== undefined && typeof original.tool_call_id === 'string';
    if (!rewritesCalls && !rewritesResult) continue;
    const m = cloneJson(original);
    out ??= source.slice();
    out[i] = m;
    if (Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls) {
        if (!isRecord(call)) continue;
        if (strip) delete call['extra_content'];
        if (ids && typeof call['id'] === 'string') call['id'] = ids.wire(call['id']);
      }
    }
    if (ids && typeof m.tool_call_id === 'string') m.tool_call_id = ids.wire(m.tool_call_id);
  }
  if (out) body['messages'] = out;
}

/**
 * Passthrough with `model` replaced; streams always ask for usage. Works on a shallow copy: top-level fields are set,
 * renamed or dropped on the copy, and any nested object that changes is copied first (see rewriteMessages), so the
 * caller's request is never modified; unchanged nested values are shared with it (the wire body is only serialized).
 */
export function openAIWireRequest(req: ChatRequest, ctx: AdapterContext, opts: OpenAIWireOptions): WireRequest {
  if (!isRecord(req)) throw invalid('body', 'The request body must be a JSON object.');
  const body = { ...(req as JsonObject) };
  body['model'] = ctx.upstreamModel;
  const dropped: string[] = [];
  const p = opts.preset;
  if (p) applyPreset(body, p, dropped);
  const ids = p?.toolCallIds === 'alnum9' ? new ToolIdMap() : undefined;
  rewriteMessages(body, opts.stripExtraContent, ids);
  if (ctx.stream) {
    body['stream'] = true;
    if (p?.streamUsage === 'always') delete body['stream_options'];
    else body['stream_options'] = { ...(isRecord(body['stream_options']) ? body['stream_options'] : {}), include_usage: true };
  } else {
    delete body['stream'];
    delete body['stream_options'];
  }
  const wire: WireRequest = {
    path: 'chat/completions',
    headers: { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json' },
    body,
    framing: ctx.stream ? 'sse' : 'json',
  };
  if (ids && ids.size > 0) wire.idMap = { ...ids.fromWire };
  if (dropped.length) wire.dropped = dropped;
  return wire;
}
