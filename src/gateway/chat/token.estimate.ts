import type { ChatRequest } from '../../providers/index.js';

/** Rough prompt size for admission and rate limits: ~4 characters a token, a fixed overhead per message, images at a fixed worst-ish case. */
const CHARS_PER_TOKEN = 4;
const PER_MESSAGE = 4;
const PER_REQUEST = 3;
export const IMAGE_TOKENS = 1_000;
const FILE_TOKENS = 2_000;

function chars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v === undefined || v === null) return 0;
  return JSON.stringify(v).length;
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return Math.ceil(content.length / CHARS_PER_TOKEN);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content as Array<Record<string, unknown>>) {
    if (!part || typeof part !== 'object') continue;
    if (part.type === 'text') tokens += Math.ceil(chars(part.text) / CHARS_PER_TOKEN);
    else if (part.type === 'image_url') tokens += IMAGE_TOKENS;
    else if (part.type === 'file' || part.type === 'input_audio') tokens += FILE_TOKENS;
    else tokens += Math.ceil(chars(part) / CHARS_PER_TOKEN);
  }
  return tokens;
}

/** Estimated prompt tokens of a chat request (messages, tool calls, tool definitions, response schema). */
export function estimatePromptTokens(req: ChatRequest): number {
  let tokens = PER_REQUEST;
  for (const m of req.messages) {
    tokens += PER_MESSAGE + contentTokens(m.content);
    if (m.tool_calls) for (const call of m.tool_calls) tokens += Math.ceil((chars(call.function?.name) + chars(call.function?.arguments)) / CHARS_PER_TOKEN) + PER_MESSAGE;
  }
  if (req.tools) tokens += Math.ceil(chars(req.tools) / CHARS_PER_TOKEN);
  if (req.response_format) tokens += Math.ceil(chars(req.response_format) / CHARS_PER_TOKEN);
  return tokens;
}

/** Estimated tokens of an embeddings input (strings, or token-id arrays counted as they are). */
export function estimateEmbeddingTokens(input: unknown): number {
  if (typeof input === 'string') return Math.max(1, Math.ceil(input.length / CHARS_PER_TOKEN));
  if (!Array.isArray(input)) return 1;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += Math.ceil(item.length / CHARS_PER_TOKEN);
    else if (typeof item === 'number') tokens += 1;
    else if (Array.isArray(item)) tokens += item.length;
  }
  return Math.max(1, tokens);
}

/** Estimated tokens of generated text (for a stream the client abandoned before the provider reported usage). */
export function estimateTextTokens(charCount: number): number {
  return Math.ceil(charCount / CHARS_PER_TOKEN);
}
