import { AdapterError, invalid, unsupported } from './adapter.error.js';
import { isRecord, present, tryParseJson } from './json.util.js';
import { CHAT_ROLES, type ChatMessage, type ChatRequest, type ContentPart, type FunctionTool, type ToolChoice } from './openai.types.js';

/** Fields that identify or store the request but cannot change the generated output. */
export const ADVISORY_PARAMS: ReadonlySet<string> = new Set([
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'store',
  'metadata',
  'service_tier',
]);

/** True when a field is present with a value that asks for nothing beyond the default. */
export function isNeutral(key: string, value: unknown): boolean {
  switch (key) {
    case 'n':
      return value === 1;
    case 'logprobs':
      return value === false;
    case 'presence_penalty':
    case 'frequency_penalty':
      return value === 0;
    case 'logit_bias':
      return isRecord(value) && Object.keys(value).length === 0;
    case 'modalities':
      return Array.isArray(value) && value.every((m) => m === 'text');
    case 'stream':
    case 'stream_options':
      return true; // the pipeline owns streaming; ctx.stream decides
    default:
      return false;
  }
}

/**
 * Refuses (400 naming the field) every present request field the translator does not handle, except
 * neutral values and advisory fields; returns the advisory fields left out.
 */
export function checkParams(req: Readonly<Record<string, unknown>>, provider: string, handled: ReadonlySet<string>): string[] {
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(req)) {
    if (!present(value) || handled.has(key) || key === 'model' || key === 'messages') continue;
    if (isNeutral(key, value)) continue;
    if (ADVISORY_PARAMS.has(key)) {
      dropped.push(key);
      continue;
    }
    throw unsupported(key, provider);
  }
  return dropped;
}

export function checkMessages(req: ChatRequest, provider: string): void {
  if (!Array.isArray(req.messages) || req.messages.length === 0) {
    throw invalid('messages', "'messages' must be a non-empty array.");
  }
  req.messages.forEach((m, i) => {
    if (!isRecord(m)) throw invalid(`messages[${i}]`, 'Each message must be an object.');
    if (!(CHAT_ROLES as readonly unknown[]).includes(m.role)) {
      throw invalid(`messages[${i}].role`, `Unknown role '${String(m.role)}'.`);
    }
    if (m.role === 'function') throw unsupported(`messages[${i}].role`, provider, "the deprecated 'function' role cannot be translated; use tool messages");
    const c = m.content;
    if (present(c) && typeof c !== 'string') {
      if (!Array.isArray(c)) throw invalid(`messages[${i}].content`, 'content must be a string or an array of parts.');
      c.forEach((p, j) => {
        if (!isRecord(p) || typeof p.type !== 'string') throw invalid(`messages[${i}].content[${j}]`, 'A content part needs a type.');
        if (p.type === 'text' && typeof p.text !== 'string') throw invalid(`messages[${i}].content[${j}].text`, 'text must be a string.');
      });
    }
    if (present(m['function_call'])) throw unsupported(`messages[${i}].function_call`, provider, 'use tool_calls');
    if (present(m['audio'])) throw unsupported(`messages[${i}].audio`, provider);
  });
}

/** max_completion_tokens ?? max_tokens, validated. */
export function requestedMaxTokens(req: ChatRequest): number | undefined {
  for (const key of ['max_completion_tokens', 'max_tokens'] as const) {
    const v = req[key];
    if (!present(v)) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw invalid(key, `'${key}' must be a positive integer.`);
    return v;
  }
  return undefined;
}

export function stopList(req: ChatRequest): string[] | undefined {
  const s = req.stop;
  if (!present(s)) return undefined;
  if (typeof s === 'string') return [s];
  if (Array.isArray(s) && s.every((x) => typeof x === 'string')) return s.length ? [...s] : undefined;
  throw invalid('stop', "'stop' must be a string or an array of strings.");
}

export function contentParts(m: ChatMessage): ContentPart[] {
  if (typeof m.content === 'string') return [{ type: 'text', text: m.content }];
  if (Array.isArray(m.content)) return m.content;
  return [];
}

/** Text of a message whose parts must all be text (system, developer, tool). */
export function textOnly(m: ChatMessage, i: number, provider: string, joiner = '\n'): string {
  if (typeof m.content === 'string') return m.content;
  const texts: string[] = [];
  contentParts(m).forEach((p, j) => {
    if (p.type === 'text' && typeof p.text === 'string') texts.push(p.text);
    else throw unsupported(`messages[${i}].content[${j}]`, provider, `a ${m.role} message may only hold text parts`);
  });
  return texts.join(joiner);
}

/** Parses a tool call's JSON `arguments` into the object providers want. */
export function parseArguments(args: unknown, param: string): Record<string, unknown> {
  if (args === undefined || args === null || (typeof args === 'string' && args.trim() === '')) return {};
  if (typeof args !== 'string') throw invalid(param, 'Tool-call arguments must be a JSON string.');
  const parsed = tryParseJson(args);
  if (!parsed.ok || !isRecord(parsed.value)) throw invalid(param, 'Tool-call arguments must be a JSON object.');
  return parsed.value;
}

/** tool_call_id → function name, from the assistant tool_calls of the history. */
export function toolNamesById(messages: ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const c of m.tool_calls) if (c && typeof c.id === 'string') names.set(c.id, c.function?.name);
  }
  return names;
}

export function checkTools(tools: FunctionTool[] | undefined, provider: string): FunctionTool[] {
  if (!present(tools)) return [];
  if (!Array.isArray(tools)) throw invalid('tools', "'tools' must be an array.");
  tools.forEach((t, i) => {
    if (!isRecord(t) || t.type !== 'function') throw unsupported(`tools[${i}].type`, provider, 'only function tools can be translated');
    if (!isRecord(t.function) || typeof t.function.name !== 'string') throw invalid(`tools[${i}].function.name`, 'A tool needs a function name.');
  });
  return tools;
}

export type NormalizedToolChoice = { mode: 'none' | 'auto' | 'required' } | { mode: 'named'; name: string };

export function normalizeToolChoice(tc: ToolChoice | undefined | null): NormalizedToolChoice | undefined {
  if (!present(tc)) return undefined;
  if (tc === 'none' || tc === 'auto' || tc === 'required') return { mode: tc };
  if (isRecord(tc) && tc.type === 'function' && isRecord(tc.function) && typeof tc.function.name === 'string') {
    return { mode: 'named', name: tc.function.name };
  }
  throw invalid('tool_choice', "'tool_choice' must be none, auto, required or {type:'function',function:{name}}.");
}

export function checkN(req: ChatRequest, provider: string, max: number): number | undefined {
  const n = req.n;
  if (!present(n)) return undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw invalid('n', "'n' must be a positive integer.");
  if (n > max) throw unsupported('n', provider, `at most ${max} choice(s)`);
  return n;
}

export { AdapterError };

export type NormalizedFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: Record<string, unknown> };

export function normalizeResponseFormat(req: ChatRequest): NormalizedFormat | undefined {
  const rf: unknown = req.response_format;
  if (!present(rf)) return undefined;
  if (isRecord(rf) && rf['type'] === 'text') return { kind: 'text' };
  if (isRecord(rf) && rf['type'] === 'json_object') return { kind: 'json_object' };
  if (isRecord(rf) && rf['type'] === 'json_schema' && isRecord(rf['json_schema']) && isRecord(rf['json_schema']['schema'])) {
    return { kind: 'json_schema', schema: structuredClone(rf['json_schema']['schema']) };
  }
  throw invalid('response_format', 'response_format must be text, json_object or json_schema with a schema.');
}
