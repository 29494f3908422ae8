import type { ApiError } from './api-error.js';
import { usesOpenAIEnvelope } from './all-exceptions.filter.js';
import { toNestShape } from './http-error.mapper.js';

/**
 * A refusal decided before any route runs (draining, load shedding), in the envelope of the surface the request
 * addressed: the OpenAI envelope on /v1 (and everything outside /api), Nest's {statusCode,message,error} on /api.
 * The one place that picks the envelope by URL for these answers: a surface with its own envelope adds its case here.
 */
export function refusalBody(url: string, error: ApiError): unknown {
  return usesOpenAIEnvelope(url) ? error.toEnvelope() : toNestShape(error, error);
}
