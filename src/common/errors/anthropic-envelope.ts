import type { ApiError } from './api-error.js';

/** Anthropic's error type for an HTTP status (CONTRACT 2a). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 503:
    case 529: return 'overloaded_error';
    case 504: return 'timeout_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export interface AnthropicEnvelope {
  type: 'error';
  error: { type: string; message: string };
}

/** An error in Anthropic's envelope `{"type":"error","error":{type,message}}`; the type follows the status. */
export function toAnthropicEnvelope(err: ApiError): AnthropicEnvelope {
  return { type: 'error', error: { type: anthropicErrorType(err.status), message: err.message } };
}

/**
 * Is this request answered in Anthropic's envelope? The Messages surface always; another /v1 route (GET /v1/models)
 * when the client speaks Anthropic's protocol (it sends `anthropic-version`).
 */
export function usesAnthropicEnvelope(url: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (url === '/v1/messages' || url.startsWith('/v1/messages/') || url.startsWith('/v1/messages?')) return true;
  return url.startsWith('/v1/') && headers['anthropic-version'] !== undefined;
}
