import {
  OpenAIStreamMapper,
  openAIEmbeddings,
  openAIFromWire,
  openAIProviderError,
  openAIWireRequest,
  type ProviderAdapter,
} from '../core/index.js';

/** api.openai.com: the request passes through (unknown fields kept), `model` replaced, usage asked for on streams. */
export const openaiAdapter: ProviderAdapter = {
  kind: 'openai',
  defaultBaseUrl: 'https://api.openai.com/v1',
  versionPath: 'v1',
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  toWire: (req, ctx) => openAIWireRequest(req, ctx, { provider: 'openai', stripExtraContent: true }),
  fromWire: (body, ctx) => openAIFromWire(body, ctx, 'openai'),
  createStreamMapper: (ctx) => new OpenAIStreamMapper(ctx, 'openai'),
  toProviderError: (status, body, headers, nowMs = Date.now()) => openAIProviderError(status, body, headers, nowMs),
  embeddings: openAIEmbeddings('openai'),
};
