import type { NormalizedUsage } from './adapter.types.js';
import type { OpenAIUsage } from './openai.types.js';

export function emptyUsage(): NormalizedUsage {
  return { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
}

/** prompt_tokens = input + cacheRead + cacheWrite; completion_tokens = output (reasoning included). */
export function toOpenAIUsage(u: NormalizedUsage): OpenAIUsage {
  const prompt = u.input + u.cacheRead + u.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output,
    total_tokens: prompt + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
  };
}

/** A non-negative integer count, 0 for anything else. */
export function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}
