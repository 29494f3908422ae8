import { HttpException } from '@nestjs/common';
import { ApiError } from './api-error.js';

/** Fastify error codes that are the client's fault, with the status and message to answer. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'Request body is larger than the configured limit.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Request body is empty but Content-Type is application/json.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported Content-Type.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, message: 'Invalid Content-Type.' },
  FST_ERR_CTP_INVALID_CHARSET: { status: 415, message: 'Unsupported charset.' },
  FST_ERR_BAD_URL: { status: 400, message: 'Malformed URL.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, message: 'Bad request.' },
};

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

function typeFor(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
}

function messageOf(response: unknown, fallback: string): string {
  if (typeof response === 'string') return response;
  if (response && typeof response === 'object') {
    const m = (response as { message?: unknown }).message;
    if (Array.isArray(m)) return m.map(String).join('; ');
    if (typeof m === 'string') return m;
  }
  return fallback;
}

/** Turns anything thrown into an ApiError with a safe message; `internal` is true for unexpected failures (logged, never shown). */
export function toApiError(err: unknown): { error: ApiError; internal: boolean } {
  if (err instanceof ApiError) return { error: err, internal: false };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const message = status >= 500 ? 'Internal server error.' : messageOf(err.getResponse(), err.message);
    const code = status === 404 ? 'not_found' : status === 413 ? 'request_too_large' : null;
    return { error: new ApiError(status, typeFor(status), message, code), internal: status >= 500 };
  }
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && FASTIFY_CLIENT_ERRORS[code]) {
    const { status, message } = FASTIFY_CLIENT_ERRORS[code];
    return { error: new ApiError(status, typeFor(status), message, status === 413 ? 'request_too_large' : null), internal: false };
  }
  const statusCode = (err as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { error: new ApiError(statusCode, typeFor(statusCode), 'Bad request.'), internal: false };
  }
  return { error: new ApiError(500, 'server_error', 'Internal server error.'), internal: true };
}

/** Nest's own error shape, used under /api: {statusCode, message, error}. */
export function toNestShape(err: unknown, api: ApiError): { statusCode: number; message: unknown; error: string } {
  if (err instanceof HttpException && api.status < 500) {
    const response = err.getResponse();
    if (response && typeof response === 'object' && 'statusCode' in response) return response as { statusCode: number; message: unknown; error: string };
    return { statusCode: api.status, message: messageOf(response, api.message), error: phrase(api.status) };
  }
  return { statusCode: api.status, message: api.message, error: phrase(api.status) };
}

function phrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
    413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error',
    502: 'Bad Gateway', 503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}
