import type { JsonObject } from '../../core/index.js';

/** One Messages SSE frame: `event: <type>` and its JSON data on one line. */
export function messagesFrame(data: JsonObject & { type: string }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Anthropic's stop_reason for an internal (OpenAI) finish_reason. */
export function stopReasonOf(finish: string | null | undefined): string {
  switch (finish) {
    case 'length': return 'max_tokens';
    case 'tool_calls':
    case 'function_call': return 'tool_use';
    case 'content_filter': return 'refusal';
    default: return 'end_turn';
  }
}
