/** The one error type the gateway raises on purpose. The global filter renders it in the OpenAI envelope on /v1. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toEnvelope(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  static invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
    return new ApiError(400, 'invalid_request_error', message, code, param);
  }
  static invalidApiKey(message = 'Invalid API key provided.'): ApiError {
    return new ApiError(401, 'invalid_request_error', message, 'invalid_api_key');
  }
  static insufficientQuota(message = 'Your credit balance cannot cover this request.'): ApiError {
    return new ApiError(402, 'insufficient_quota', message, 'insufficient_quota');
  }
  static budgetExceeded(message = 'This request would exceed a budget.'): ApiError {
    return new ApiError(402, 'insufficient_quota', message, 'budget_exceeded');
  }
  static modelNotAllowed(model: string): ApiError {
    return new ApiError(403, 'permission_error', `This key is not allowed to use the model '${model}'.`, 'model_not_allowed', 'model');
  }
  static modelNotFound(model: string, why = 'does not exist or is not available'): ApiError {
    return new ApiError(404, 'invalid_request_error', `The model '${model}' ${why}.`, 'model_not_found', 'model');
  }
  static notFound(message: string): ApiError {
    return new ApiError(404, 'invalid_request_error', message, 'not_found');
  }
  static conflict(message: string, code = 'conflict'): ApiError {
    return new ApiError(409, 'invalid_request_error', message, code);
  }
  static rateLimited(retryAfterSeconds: number, message = 'Rate limit reached for this key.'): ApiError {
    return new ApiError(429, 'rate_limit_exceeded', message, 'rate_limit_exceeded', null, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
  static upstream(status: number, message: string, code: string | null = null, type = 'upstream_error'): ApiError {
    return new ApiError(status, type, message, code);
  }
  static providerUnavailable(retryAfterSeconds: number, message = 'Every provider for this model is unavailable right now.'): ApiError {
    return new ApiError(503, 'provider_unavailable', message, 'provider_unavailable', null, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
  /** Load shedding: the gateway is over its event-loop or memory threshold. */
  static overloaded(retryAfterSeconds: number): ApiError {
    return new ApiError(503, 'server_error', 'The gateway is overloaded right now; retry shortly.', 'overloaded', null, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
  static draining(): ApiError {
    return new ApiError(503, 'server_error', 'The gateway is shutting down; retry on another instance.', 'draining', null, { 'retry-after': '1' });
  }
}
