export { ApiError } from './api-error.js';
export { AllExceptionsFilter, usesOpenAIEnvelope } from './all-exceptions.filter.js';
export { toApiError } from './http-error.mapper.js';
export { anthropicErrorType, toAnthropicEnvelope, usesAnthropicEnvelope, type AnthropicEnvelope } from './anthropic-envelope.js';
export { refusalBody } from './surface-envelope.js';
