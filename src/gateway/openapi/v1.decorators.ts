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

/** What each /v1/messages error status means, with Anthropic's error type (CONTRACT 2a). */
const MESSAGES_ERRORS: Record<number, string> = {
  400: 'Bad input: malformed JSON, wrong types, a missing `max_tokens`, an unknown block type (`invalid_request_error`)',
  401: 'Missing, unknown, revoked or expired client key (`authentication_error`)',
  402: "The client's credit or a budget cannot cover the request's worst-case cost (`billing_error`)",
  403: "The key's model allowlist excludes the model (`permission_error`)",
  404: 'No route for the model, or an unknown and unpriced model (`not_found_error`)',
  409: 'A request with the same Idempotency-Key is still in progress (`invalid_request_error`)',
  413: 'The body is over `server.body_limit_mb` (`request_too_large`)',
  429: "The key's RPM/TPM limit (`rate_limit_error`); see retry-after",
  502: 'The provider failed after retries and fallbacks (`api_error`); its message is kept, its secrets are not',
  503: 'Every provider for the model has its circuit open (`overloaded_error`); see retry-after',
};

/** An error status, or a status with what it means on this operation. */
type ErrorStatus = number | [number, string];

function errorAnswers(meanings: Record<number, string>, envelope: string, statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((s) => {
      const [status, description] = Array.isArray(s) ? s : [s, meanings[s] ?? 'Error'];
      return ApiResponse({ status, description, headers: V1_ANSWER_HEADERS, content: { 'application/json': { schema: v1Schema(envelope) } } });
    }),
  );
}

/** The /v1 error answers an operation can give, each in the OpenAI envelope. */
export function ApiV1Errors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return errorAnswers(V1_ERRORS, 'OpenAIError', statuses);
}

/** The /v1/messages error answers an operation can give, each in Anthropic's envelope. */
export function ApiMessagesErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return errorAnswers(MESSAGES_ERRORS, 'AnthropicError', statuses);
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

/** The Anthropic headers the Messages surface forwards to Anthropic providers as sent. */
export function ApiAnthropicHeaders(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({ name: 'anthropic-version', required: false, description: 'Forwarded to Anthropic providers as sent', schema: { type: 'string', example: '2023-06-01' } }),
    ApiHeader({ name: 'anthropic-beta', required: false, description: 'Forwarded to Anthropic providers as sent', schema: { type: 'string' } }),
  );
}
