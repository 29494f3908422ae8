import { ENV_PROVIDERS, type ProviderKind } from '../../config/index.js';

/** The public base URL a provider of this kind (or preset) uses when none is given, or null when it must be given. */
export function defaultBaseUrl(kind: ProviderKind, preset?: string | null): string | null {
  if (kind === 'openai-compatible') {
    if (!preset) return null;
    return ENV_PROVIDERS.find((p) => p.kind === kind && p.preset === preset)?.base_url ?? null;
  }
  return ENV_PROVIDERS.find((p) => p.kind === kind && !p.preset)?.base_url ?? null;
}
