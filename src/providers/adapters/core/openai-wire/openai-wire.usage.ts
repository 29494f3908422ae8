import type { NormalizedUsage } from '../adapter.types.js';
import { asRecord, isRecord } from '../json.util.js';
import { count, emptyUsage } from '../usage.js';

/**
 * OpenAI usage → disjoint counts. cached_tokens (or DeepSeek's prompt_cache_hit_tokens) and
 * cache_write_tokens are inside prompt_tokens; reasoning_tokens are inside completion_tokens, except on
 * upstreams that report them apart (xAI: total = prompt + completion + reasoning), detected exactly.
 */
export function normalizeOpenAIUsage(raw: unknown): NormalizedUsage {
  if (!isRecord(raw)) return emptyUsage();
  const prompt = count(raw['prompt_tokens']);
  const completion = count(raw['completion_tokens']);
  const pd = asRecord(raw['prompt_tokens_details']);
  const cd = asRecord(raw['completion_tokens_details']);
  const cacheRead = Math.min(prompt, count(pd['cached_tokens']) || count(raw['prompt_cache_hit_tokens']));
  const cacheWrite = Math.min(prompt - cacheRead, count(pd['cache_write_tokens']));
  const reasoning = count(cd['reasoning_tokens']);
  const total = count(raw['total_tokens']);
  const reasoningApart = reasoning > 0 && total === prompt + completion + reasoning;
  return {
    input: prompt - cacheRead - cacheWrite,
    cacheRead,
    cacheWrite,
    output: reasoningApart ? completion + reasoning : completion,
    reasoning,
  };
}
