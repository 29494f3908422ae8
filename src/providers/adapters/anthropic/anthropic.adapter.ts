import type { ProviderAdapter } from '../core/index.js';
import { anthropicProviderError } from './anthropic.common.js';
import { anthropicToWire } from './anthropic.request.js';
import { anthropicFromWire } from './anthropic.response.js';
import { AnthropicStreamMapper } from './anthropic.stream.js';

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic Messages API (POST {base}/messages). No embeddings endpoint. */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  versionPath: 'v1',
  authHeaders: (apiKey) => ({ ...(apiKey ? { 'x-api-key': apiKey } : {}), 'anthropic-version': ANTHROPIC_VERSION }),
  toWire: anthropicToWire,
  fromWire: anthropicFromWire,
  createStreamMapper: (ctx) => new AnthropicStreamMapper(ctx),
  toProviderError: (status, body, headers, nowMs = Date.now()) => anthropicProviderError(status, body, headers, nowMs),
};
