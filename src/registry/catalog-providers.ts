/**
 * models.dev provider ids the gateway knows how to serve. The bundled snapshot holds these (scripts/registry/build-snapshot.mjs
 * keeps the same list), and a model looked up without a matching provider is searched in this order (first-party vendors
 * first), never in arbitrary resellers.
 */
export const SUPPORTED_CATALOG_PROVIDERS: readonly string[] = Object.freeze([
  'openai',
  'anthropic',
  'google',
  'deepseek',
  'xai',
  'mistral',
  'groq',
  'openrouter',
  'togetherai',
  'lmstudio',
]);

/** openai-compatible presets (and provider names) → models.dev provider id; null: self-hosted, no catalog. */
const ALIASES: Readonly<Record<string, string | null>> = Object.freeze({
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  google: 'google',
  deepseek: 'deepseek',
  xai: 'xai',
  mistral: 'mistral',
  groq: 'groq',
  openrouter: 'openrouter',
  together: 'togetherai',
  togetherai: 'togetherai',
  lmstudio: 'lmstudio',
  vllm: null,
  ollama: null,
  'ollama-openai': null,
});

function alias(key: string): string | null | undefined {
  return Object.prototype.hasOwnProperty.call(ALIASES, key) ? ALIASES[key] : undefined;
}

/**
 * The models.dev provider id whose prices apply to a configured provider: openai→openai, anthropic→anthropic,
 * gemini→google, ollama→null; openai-compatible: the preset's id (together→togetherai, vllm→null), else by provider name.
 */
export function catalogProviderFor(kind: string, name: string, preset?: string): string | null {
  switch (kind) {
    case 'openai':
      return 'openai';
    case 'anthropic':
      return 'anthropic';
    case 'gemini':
      return 'google';
    case 'ollama':
      return null;
    default: {
      if (preset) {
        const mapped = alias(preset);
        if (mapped !== undefined) return mapped;
      }
      const byName = alias(name);
      return byName !== undefined ? byName : name || null;
    }
  }
}
