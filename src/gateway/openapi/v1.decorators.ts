import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { ExamplesObject, HeadersObject, SchemaObject } from '@nestjs/swagger';
import { v1Schema } from './v1.schemas.js';

/** What each /v1 error status means (the contract's table). */
const V1_ERRORS: Record<number, string> = {
  400: 'Bad input: malformed JSON, wrong types, empty messages, a malformed header (`invalid_request_error`, `param` names the field)',
  401: 'Missing, unknown, revoked or expired client key (`invalid_api_key`)',
  402: "The client's credit or a budget cannot cover the request's worst-case cost (`insufficient_quota`, `budget_exceeded`)",
  403: "The key's model allowlist excludes the model (`model_not_allowed`)",
  404: 'No route for the model, or an unknown and unpriced model (`model_not_found`)',
  409: 'A request with the same Idempotency-Key is still in progress (`idempotency_key_in_use`)',
  413: 'The body is over `server.body_limit_mb`',
  429: "The key's RPM/TPM limit (`rate_limit_exceeded`); see Retry-After",
  502: "The provider failed after retries and fallbacks (`upstream_error`); its message is kept, its secrets are not",
  503: "Every provider for the model has its circuit open (`provider_unavailable`); see Retry-After",
};

/** Headers on /v1 answers. */
export const V1_ANSWER_HEADERS: HeadersObject = {
  'x-request-id': { description: 'The request id (echoes a valid incoming x-request-id)', schema: { type: 'string' } },
  'x-gophergate-overhead-ms': { description: "Non-streaming answers: the gateway's own time in ms (total minus waiting on the provider)", schema: { type: 'string', example: '1.37' } },
};

/** The /v1 error answers an operation can give, each in the OpenAI envelope. */
export function ApiV1Errors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: V1_ERRORS[status] ?? 'Error', headers: V1_ANSWER_HEADERS, content: { 'application/json': { schema: v1Schema('OpenAIError') } } })));
}

/** A client-key route: bearer `client-key`, or the same key in `x-api-key`. */
export function ApiClientKey(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiSecurity('client-key'), ApiSecurity('x-api-key'));
}

/** A /v1 JSON request body by schema name, with examples that work against a gateway serving the example models. */
export function ApiV1Body(schema: string, examples: ExamplesObject): MethodDecorator {
  return ApiBody({ required: true, schema: v1Schema(schema as never), examples });
}

/** The 200 answer: JSON (and, for streaming surfaces, SSE). */
export function ApiV1Answer(description: string, json: string, stream?: string): MethodDecorator & ClassDecorator {
  const content: Record<string, { schema: SchemaObject | { $ref: string } }> = { 'application/json': { schema: v1Schema(json as never) } };
  if (stream) content['text/event-stream'] = { schema: v1Schema(stream as never) };
  return ApiResponse({ status: 200, description, headers: V1_ANSWER_HEADERS, content });
}

/** The optional request headers every priced /v1 POST honours. */
export function ApiV1RequestHeaders(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key (and key owner) is answered from the first and never charged twice', schema: { type: 'string', maxLength: 255 } }),
    ApiHeader({ name: 'x-request-id', required: false, description: 'Your request id (echoed back); a new one is made when absent or malformed', schema: { type: 'string' } }),
    ApiHeader({ name: 'traceparent', required: false, description: 'W3C trace context: the gateway span (and the provider call) joins your trace when tracing is on', schema: { type: 'string' } }),
  );
}
