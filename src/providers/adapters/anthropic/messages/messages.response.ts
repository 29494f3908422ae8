import { isRecord, tryParseJson, type ChatCompletion, type JsonObject, type NormalizedUsage } from '../../core/index.js';
import { stopReasonOf } from './messages.frames.js';

/** Anthropic's usage object for normalized usage (input is the uncached part, as Anthropic counts it). */
export function messagesUsage(u: NormalizedUsage): JsonObject {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    output_tokens: u.output,
  };
}

/** A Messages id for an upstream id (Anthropic's start with msg_). */
export function messageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id.replace(/[^A-Za-z0-9_-]/g, '') || 'gateway'}`;
}

/** A tool call's JSON arguments as the tool_use input object ({} when they are not an object). */
export function toolInput(args: string | undefined): JsonObject {
  const parsed = tryParseJson(args ?? '');
  return parsed.ok && isRecord(parsed.value) ? parsed.value : {};
}

/**
 * The internal (Chat Completions) answer → an Anthropic Message: thinking, text and tool_use blocks in that order,
 * the stop reason and the usage. Pure.
 */
export function messageFromChat(completion: ChatCompletion, usage: NormalizedUsage): JsonObject {
  const choice = completion.choices[0];
  const m = choice?.message;
  const content: JsonObject[] = [];
  if (typeof m?.reasoning_content === 'string' && m.reasoning_content !== '') content.push({ type: 'thinking', thinking: m.reasoning_content, signature: '' });
  const text = typeof m?.content === 'string' ? m.content : '';
  if (text !== '') content.push({ type: 'text', text });
  else if (typeof m?.refusal === 'string' && m.refusal !== '') content.push({ type: 'text', text: m.refusal });
  for (const call of m?.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call.function.arguments) });
  }
  const toolUsed = (m?.tool_calls?.length ?? 0) > 0;
  return {
    id: messageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    stop_reason: toolUsed && choice?.finish_reason !== 'length' ? 'tool_use' : stopReasonOf(choice?.finish_reason),
    stop_sequence: null,
    usage: messagesUsage(usage),
  };
}
