import { invalid } from './adapter.error.js';
import type { Embedding, EmbeddingsRequest } from './openai.types.js';

/** The embeddings input as strings (token-id arrays cannot be translated for non-OpenAI providers). */
export function embeddingInputs(req: EmbeddingsRequest): string[] {
  const input: unknown = req.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')) return [...input];
  throw invalid('input', "'input' must be a string or a non-empty array of strings for this provider.");
}

export function encodingFormat(req: EmbeddingsRequest): 'float' | 'base64' {
  const f: unknown = req.encoding_format;
  if (f === undefined || f === null || f === 'float') return 'float';
  if (f === 'base64') return 'base64';
  throw invalid('encoding_format', "'encoding_format' must be float or base64.");
}

/** OpenAI's base64 form: little-endian float32 bytes. */
export function toEmbedding(values: number[], index: number, format: 'float' | 'base64'): Embedding {
  if (format === 'float') return { object: 'embedding', index, embedding: values };
  const f32 = new Float32Array(values);
  const bytes = new Uint8Array(f32.length * 4);
  const view = new DataView(bytes.buffer);
  f32.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { object: 'embedding', index, embedding: Buffer.from(bytes).toString('base64') };
}
