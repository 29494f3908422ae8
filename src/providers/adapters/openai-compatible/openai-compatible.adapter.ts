import {
  OpenAIStreamMapper,
  openAIEmbeddings,
  openAIFromWire,
  openAIProviderError,
  openAIWireRequest,
  type AdapterContext,
  type ProviderAdapter,
} from '../core/index.js';

const providerName = (ctx: AdapterContext): string => ctx.preset?.name ?? 'openai-compatible';

/**
 * Any OpenAI-compatible server. `ctx.preset` (presets.ts) carries the upstream's quirks; without one the
 * request passes through like the openai kind (gateway `extra_content` kept: e.g. Google's compat layer reads it).
 */
export const openaiCompatibleAdapter: ProviderAdapter = {
  kind: 'openai-compatible',
  defaultBaseUrl: 'http://localhost:8000/v1',
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  toWire: (req, ctx) =>
    openAIWireRequest(req, ctx, { provider: providerName(ctx), preset: ctx.preset, stripExtraContent: ctx.preset !== undefined }),
  fromWire: (body, ctx) => openAIFromWire(body, ctx, providerName(ctx)),
  createStreamMapper: (ctx) => new OpenAIStreamMapper(ctx, providerName(ctx)),
  toProviderError: (status, body, headers, nowMs = Date.now()) => openAIProviderError(status, body, headers, nowMs),
  embeddings: openAIEmbeddings('openai-compatible'),
};
