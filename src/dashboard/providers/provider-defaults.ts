import type { ProviderKind } from '../../config/index.js';
import { OPENAI_COMPATIBLE_PRESETS, PROVIDER_KINDS, getAdapter, getPreset } from '../../providers/index.js';

/**
 * The public base URL a provider of this kind (or preset) uses when none is given, or null when it must be given.
 * Read from the adapter descriptors and presets (the one place the default URLs are written).
 */
export function defaultBaseUrl(kind: ProviderKind, preset?: string | null): string | null {
  if (kind === 'openai-compatible') return preset ? (getPreset(preset)?.baseUrl ?? null) : null;
  return getAdapter(kind).defaultBaseUrl;
}

export interface ProviderKindView {
  kind: string;
  /** What the dashboard pre-fills (null: the admin must give one). */
  default_base_url: string | null;
  presets: Array<{ name: string; base_url: string }>;
}

/** Every provider kind with its default URL and (openai-compatible) presets, for the dashboard's provider form. */
export function providerKinds(): ProviderKindView[] {
  return PROVIDER_KINDS.map((kind) => ({
    kind,
    default_base_url: defaultBaseUrl(kind),
    presets: kind === 'openai-compatible' ? Object.entries(OPENAI_COMPATIBLE_PRESETS).map(([name, p]) => ({ name, base_url: p.baseUrl })) : [],
  }));
}
