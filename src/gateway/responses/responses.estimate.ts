import { IMAGE_TOKENS } from '../chat/token.estimate.js';
import type { ResponseItem, ResponsesRequest } from './wire/responses.types.js';

const CHARS_PER_TOKEN = 4;
const PER_ITEM = 4;
const MAX_DEPTH = 64;

/** Tokens of any JSON value: strings at ~4 characters a token, images at a fixed worst-ish case, bounded in depth. */
function tokensOf(v: unknown, depth = 0): number {
  if (typeof v === 'string') return Math.ceil(v.length / CHARS_PER_TOKEN);
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + tokensOf(x, depth + 1), 0);
  const o = v as Record<string, unknown>;
  if (o['type'] === 'input_image') return IMAGE_TOKENS;
  let n = 0;
  for (const key in o) n += tokensOf(o[key], depth + 1);
  return n;
}

/** Estimated prompt tokens of a Responses turn: instructions, the stored history, the input, tools and the output schema. */
export function estimateResponsesTokens(req: ResponsesRequest, history: readonly ResponseItem[]): number {
  const items = history.length + (Array.isArray(req.input) ? req.input.length : 1);
  return 3 + items * PER_ITEM + tokensOf(req.instructions) + tokensOf(history) + tokensOf(req.input) + tokensOf(req.tools) + tokensOf(req.text);
}
