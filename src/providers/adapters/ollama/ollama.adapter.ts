import type { ProviderAdapter } from '../core/index.js';
import { ollamaProviderError } from './ollama.common.js';
import { ollamaEmbeddings } from './ollama.embeddings.js';
import { ollamaToWire } from './ollama.request.js';
import { ollamaFromWire } from './ollama.response.js';
import { OllamaStreamMapper } from './ollama.stream.js';

/** Ollama native API: /api/chat (NDJSON streams) and /api/embed. No auth unless a proxy in front wants a bearer. */
export const ollamaAdapter: ProviderAdapter = {
  kind: 'ollama',
  defaultBaseUrl: 'http://127.0.0.1:11434',
  versionPath: 'api',
  pathsIncludeVersion: true,
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  toWire: ollamaToWire,
  fromWire: ollamaFromWire,
  createStreamMapper: (ctx) => new OllamaStreamMapper(ctx),
  toProviderError: (status, body, headers, nowMs = Date.now()) => ollamaProviderError(status, body, headers, nowMs),
  embeddings: ollamaEmbeddings,
};
