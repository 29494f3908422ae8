import { PROVIDER_KINDS, isProviderKind, type ProviderKind } from '../../config/index.js';
import { anthropicAdapter } from './anthropic/anthropic.adapter.js';
import type { ProviderAdapter } from './core/index.js';
import { geminiAdapter } from './gemini/gemini.adapter.js';
import { ollamaAdapter } from './ollama/ollama.adapter.js';
import { openaiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter.js';
import { openaiAdapter } from './openai/openai.adapter.js';

export * from './core/index.js';
export { OPENAI_COMPATIBLE_PRESETS, getPreset } from './openai-compatible/presets.js';
export { anthropicAdapter, ANTHROPIC_VERSION } from './anthropic/anthropic.adapter.js';
export * from './anthropic/messages/index.js';
export { geminiAdapter } from './gemini/gemini.adapter.js';
export { ollamaAdapter } from './ollama/ollama.adapter.js';
export { openaiAdapter } from './openai/openai.adapter.js';
export * from './openai/openai.responses.js';
export { openaiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter.js';

export { PROVIDER_KINDS, isProviderKind, type ProviderKind };

/** One adapter per kind of config's list: a kind without an adapter here fails type-checking. */
const ADAPTERS: Readonly<Record<ProviderKind, ProviderAdapter>> = {
  openai: openaiAdapter,
  'openai-compatible': openaiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  ollama: ollamaAdapter,
};

/** The adapter for a provider kind; throws on an unknown kind (config validation should have caught it). */
export function getAdapter(kind: string): ProviderAdapter {
  if (!isProviderKind(kind)) throw new Error(`Unknown provider kind '${kind}'`);
  return ADAPTERS[kind];
}
