import type { ApiError } from './api-error.js';
import { usesOpenAIEnvelope } from './all-exceptions.filter.js';
import { toAnthropicEnvelope, usesAnthropicEnvelope } from './anthropic-envelope.js';
import { toNestShape } from './http-error.mapper.js';

/**
 * A refusal decided before any route runs (draining, load shedding), in the envelope of the surface the request
 * addressed: Anthropic's on /v1/messages (or with an anthropic-version header), the OpenAI envelope elsewhere on /v1
 * (and everything outside /api), Nest's {statusCode,message,error} on /api.
 * The one place that picks the envelope by URL for these answers: a surface with its own envelope adds its case here.
 */
export function refusalBody(url: string, error: ApiError, headers: Record<string, string | string[] | undefined> = {}): unknown {
  if (!usesOpenAIEnvelope(url)) return toNestShape(error, error);
  return usesAnthropicEnvelope(url, headers) ? toAnthropicEnvelope(error) : error.toEnvelope();
}
