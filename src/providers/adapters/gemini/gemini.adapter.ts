import type { ProviderAdapter } from '../core/index.js';
import { geminiProviderError } from './gemini.common.js';
import { geminiEmbeddings } from './gemini.embeddings.js';
import { geminiToWire } from './gemini.request.js';
import { geminiFromWire } from './gemini.response.js';
import { GeminiStreamMapper } from './gemini.stream.js';

/** Gemini API generateContent / streamGenerateContent?alt=sse; the key goes in x-goog-api-key, never in the URL. */
export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  versionPath: 'v1beta',
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { 'x-goog-api-key': apiKey } : {}),
  toWire: geminiToWire,
  fromWire: geminiFromWire,
  createStreamMapper: (ctx) => new GeminiStreamMapper(ctx),
  toProviderError: (status, body, headers, nowMs = Date.now()) => geminiProviderError(status, body, headers, nowMs),
  embeddings: geminiEmbeddings,
};
