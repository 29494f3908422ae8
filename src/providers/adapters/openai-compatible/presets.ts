import type { OpenAICompatiblePreset } from '../core/index.js';

const NO_LOGPROBS = ['logprobs', 'top_logprobs', 'logit_bias'] as const;

/** Known OpenAI-compatible upstreams: public base URL and the request quirks the adapter must respect. */
export const OPENAI_COMPATIBLE_PRESETS: Readonly<Record<string, OpenAICompatiblePreset>> = {
  deepseek: {
    name: 'deepseek',
    baseUrl: 'https://api.deepseek.com/v1',
    renameParams: { max_completion_tokens: 'max_tokens' },
    unsupportedParams: ['logit_bias', 'reasoning_effort', 'modalities', 'audio', 'prediction', 'web_search_options'],
    dropParams: ['store', 'metadata', 'service_tier', 'safety_identifier', 'prompt_cache_key'],
    maxN: 1,
    images: 'none',
  },
  xai: {
    name: 'xai',
    baseUrl: 'https://api.x.ai/v1',
    unsupportedParams: ['modalities', 'audio', 'prediction', 'web_search_options'],
    dropParams: ['store', 'metadata', 'service_tier', 'prompt_cache_key', 'safety_identifier'],
  },
  mistral: {
    name: 'mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    renameParams: { max_completion_tokens: 'max_tokens', seed: 'random_seed' },
    unsupportedParams: [...NO_LOGPROBS, 'reasoning_effort', 'modalities', 'audio', 'web_search_options', 'verbosity'],
    dropParams: ['user', 'store', 'metadata', 'service_tier', 'safety_identifier', 'prompt_cache_key'],
    toolChoiceRequiredAs: 'any',
    streamUsage: 'always',
    toolCallIds: 'alnum9',
  },
  groq: {
    name: 'groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    unsupportedParams: [...NO_LOGPROBS, 'modalities', 'audio', 'prediction', 'web_search_options'],
    dropParams: ['store', 'metadata', 'prompt_cache_key', 'safety_identifier'],
    maxN: 1,
  },
  openrouter: {
    name: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
  },
  together: {
    name: 'together',
    baseUrl: 'https://api.together.xyz/v1',
    dropParams: ['store', 'metadata', 'service_tier', 'prompt_cache_key', 'safety_identifier'],
  },
  lmstudio: {
    name: 'lmstudio',
    baseUrl: 'http://localhost:1234/v1',
    authOptional: true,
    unsupportedParams: ['logit_bias'],
    dropParams: ['user', 'store', 'metadata', 'service_tier', 'prompt_cache_key', 'safety_identifier'],
  },
  vllm: {
    name: 'vllm',
    baseUrl: 'http://localhost:8000/v1',
    authOptional: true,
  },
  'ollama-openai': {
    name: 'ollama-openai',
    baseUrl: 'http://127.0.0.1:11434/v1',
    authOptional: true,
    // Ollama's /v1 ignores these silently; refusing is the only honest answer.
    unsupportedParams: ['logit_bias', 'top_logprobs', 'reasoning_effort', 'modalities', 'audio', 'prediction'],
    dropParams: ['user', 'store', 'metadata', 'service_tier', 'prompt_cache_key', 'safety_identifier'],
    maxN: 1,
    toolChoice: ['auto'],
    images: 'data-only',
  },
};

export function getPreset(name: string): OpenAICompatiblePreset | undefined {
  return Object.hasOwn(OPENAI_COMPATIBLE_PRESETS, name) ? OPENAI_COMPATIBLE_PRESETS[name] : undefined;
}
