import type { AdapterContext } from '../../../../../src/providers/adapters/index.js';

export const NOW = 1756310400;

export function ctx(upstreamModel: string, stream = false, extra: Partial<AdapterContext> = {}): AdapterContext {
  return { upstreamModel, stream, defaultMaxTokens: 4096, now: NOW, ...extra };
}
