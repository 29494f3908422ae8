import type { EmbeddingsRequest } from '../../providers/index.js';
import { absent, fail, modelOf, optEnum, optInt, optString, requireObject } from '../chat/request.checks.js';

const MAX_INPUTS = 2048;

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0);
}

/** A fast check of an embeddings request: model, input (string, strings, token ids), encoding_format, dimensions. */
export function validateEmbeddingsRequest(raw: unknown): EmbeddingsRequest {
  const body = requireObject(raw);
  modelOf(body);
  const input = body.input;
  if (absent(input)) fail('input', "Missing required parameter: 'input'.");
  if (typeof input === 'string') {
    if (input === '') fail('input', "'input' must not be empty.");
  } else if (Array.isArray(input)) {
    if (input.length === 0) fail('input', "'input' must not be an empty array.");
    if (input.length > MAX_INPUTS) fail('input', `'input' may hold at most ${MAX_INPUTS} items.`);
    const strings = input.every((x) => typeof x === 'string' && x !== '');
    if (!strings && !isIntArray(input) && !input.every(isIntArray)) {
      fail('input', "'input' must be a string, an array of non-empty strings, an array of token ids or an array of token-id arrays.");
    }
  } else {
    fail('input', "'input' must be a string or an array.");
  }
  optEnum(body, 'encoding_format', ['float', 'base64']);
  optInt(body, 'dimensions', 1, 65_536);
  optString(body, 'user');
  return body as EmbeddingsRequest;
}
