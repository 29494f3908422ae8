import type { ChatRequest } from '../../providers/index.js';
import { textTokenBound } from './text-tokens.js';

/**
 * Prompt size for admission and rate limits: an upper bound per script for text (text-tokens.ts: about four ASCII
 * letters a token, up to a token or more a character for CJK, emoji and most other scripts), a fixed overhead per
 * message, images and files at a fixed worst-ish case. Embeddings and abandoned streams keep ~4 characters a token.
 */
const CHARS_PER_TOKEN = 4;
const PER_MESSAGE = 4;
const PER_REQUEST = 3;
export const IMAGE_TOKENS = 1_000;
const FILE_TOKENS = 2_000;

/** The token bound of a value as sent: a string as is, anything else as its JSON text. */
function bound(v: unknown): number {
  if (typeof v === 'string') return textTokenBound(v);
  if (v === undefined || v === null) return 0;
  return textTokenBound(JSON.stringify(v));
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return textTokenBound(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content as Array<Record<string, unknown>>) {
    if (!part || typeof part !== 'object') continue;
    if (part.type === 'text') tokens += bound(part.text);
    else if (part.type === 'image_url') tokens += IMAGE_TOKENS;
    else if (part.type === 'file' || part.type === 'input_audio') tokens += FILE_TOKENS;
    else tokens += bound(part);
  }
  return tokens;
}

/** Estimated prompt tokens of a chat request (messages, tool calls, tool definitions, response schema). */
export function estimatePromptTokens(req: ChatRequest): number {
  let tokens = PER_REQUEST;
  for (const m of req.messages) {
    tokens += PER_MESSAGE + contentTokens(m.content);
    if (m.tool_calls) for (const call of m.tool_calls) tokens += bound(call.function?.name) + bound(call.function?.arguments) + PER_MESSAGE;
  }
  if (req.tools) tokens += bound(req.tools);
  if (req.response_format) tokens += bound(req.response_format);
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
