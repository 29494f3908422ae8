/**
 * The provider kinds: the one list that config validation (`providers[].kind`), the admin API and the adapters registry
 * (keyed by it, so a kind without an adapter fails type-checking) all read. It lives in config because config may
 * import nothing of ours and everything else may import config. The order is the one messages and the dashboard show.
 */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export function isProviderKind(kind: string): kind is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(kind);
}
