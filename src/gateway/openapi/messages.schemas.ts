import type { SchemaObject } from '@nestjs/swagger';

/** Anthropic Messages (POST /v1/messages, /v1/messages/count_tokens): Anthropic's wire shapes, errors in its envelope. */

const cacheControl: SchemaObject = { type: 'object', description: 'A prompt-cache marker, e.g. `{type: "ephemeral"}` (kept for Anthropic providers, dropped in translation)', properties: { type: { type: 'string', example: 'ephemeral' }, ttl: { type: 'string', example: '5m' } }, additionalProperties: true };

const messagesBlock: SchemaObject = {
  type: 'object',
  description: 'A content block: text, image, document, tool_use, tool_result, thinking, redacted_thinking (Anthropic providers also take server-tool blocks).',
  required: ['type'],
  properties: {
    type: { type: 'string', example: 'text', description: 'text, image, document, tool_use, tool_result, thinking, redacted_thinking…' },
    text: { type: 'string', description: 'text blocks' },
    source: { type: 'object', description: 'image and document blocks: `{type: "base64", media_type, data}` or `{type: "url", url}`', required: ['type'], additionalProperties: true, properties: { type: { type: 'string', example: 'base64' } } },
    id: { type: 'string', description: 'tool_use blocks', example: 'toolu_01A' },
    name: { type: 'string', description: 'tool_use blocks' },
    input: { type: 'object', additionalProperties: true, description: 'tool_use blocks: the arguments' },
    tool_use_id: { type: 'string', description: 'tool_result blocks: the call this result answers' },
    content: { description: 'tool_result blocks: text or blocks', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', additionalProperties: true } }] },
    is_error: { type: 'boolean', description: 'tool_result blocks' },
    thinking: { type: 'string', description: 'thinking blocks' },
    signature: { type: 'string', description: 'thinking blocks' },
    cache_control: cacheControl,
  },
  additionalProperties: true,
};

const messagesMessage: SchemaObject = {
  type: 'object',
  required: ['role', 'content'],
  properties: { role: { type: 'string', enum: ['user', 'assistant'] }, content: { oneOf: [{ type: 'string' }, { type: 'array', items: messagesBlock }], description: 'Text, or content blocks' } },
  additionalProperties: true,
};

const messagesCommon: Record<string, SchemaObject | { $ref: string }> = {
  model: { type: 'string', example: 'claude-sonnet-4-5', description: 'A model id, an alias, or `provider/model` (routed like chat completions)' },
  messages: { type: 'array', minItems: 1, items: messagesMessage, description: 'Alternating user and assistant turns' },
  system: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', enum: ['text'] }, text: { type: 'string' }, cache_control: cacheControl }, additionalProperties: true } }], description: 'A string, or text blocks (which may carry cache_control)' },
  tools: {
    type: 'array',
    items: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        description: { type: 'string' },
        input_schema: { type: 'object', additionalProperties: true, description: 'JSON Schema of the input (custom tools)' },
        type: { type: 'string', description: 'custom (the default), or a server tool type (Anthropic providers only)' },
        cache_control: cacheControl,
      },
      additionalProperties: true,
    },
  },
  tool_choice: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['auto', 'any', 'tool', 'none'] }, name: { type: 'string', description: 'type tool: the tool to call' }, disable_parallel_tool_use: { type: 'boolean' } }, additionalProperties: true },
  thinking: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['enabled', 'disabled', 'adaptive'] }, budget_tokens: { type: 'integer', minimum: 1024, description: 'required when enabled' } }, additionalProperties: true },
};

const messagesUsage: SchemaObject = {
  type: 'object',
  required: ['input_tokens', 'output_tokens'],
  properties: {
    input_tokens: { type: 'integer' },
    output_tokens: { type: 'integer' },
    cache_creation_input_tokens: { type: 'integer', nullable: true },
    cache_read_input_tokens: { type: 'integer', nullable: true },
  },
  additionalProperties: true,
};

export const MESSAGES_SCHEMAS: Record<string, SchemaObject> = {
  AnthropicError: {
    type: 'object',
    description: "Every /v1/messages error, in Anthropic's envelope; `error.type` follows the status.",
    required: ['type', 'error'],
    properties: {
      type: { type: 'string', enum: ['error'] },
      error: {
        type: 'object',
        required: ['type', 'message'],
        properties: {
          type: { type: 'string', example: 'not_found_error', description: 'invalid_request_error, authentication_error, billing_error, permission_error, not_found_error, request_too_large, rate_limit_error, api_error, overloaded_error' },
          message: { type: 'string', example: "The model 'claude-unknown' does not exist or is not available." },
        },
      },
    },
  },
  MessagesRequest: {
    type: 'object',
    description: 'Anthropic Messages. Relayed unchanged (but for `model`) to Anthropic providers; translated for other kinds, where unknown fields are dropped.',
    required: ['model', 'max_tokens', 'messages'],
    properties: {
      ...messagesCommon,
      max_tokens: { type: 'integer', minimum: 1 },
      stream: { type: 'boolean', default: false, description: 'true: server-sent events (message_start … message_stop)' },
      stop_sequences: { type: 'array', items: { type: 'string' } },
      temperature: { type: 'number', minimum: 0, maximum: 1 },
      top_p: { type: 'number', minimum: 0, maximum: 1 },
      top_k: { type: 'integer', minimum: 0 },
      metadata: { type: 'object', properties: { user_id: { type: 'string' } }, additionalProperties: true },
    },
    additionalProperties: true,
  },
  CountTokensRequest: {
    type: 'object',
    description: 'A Messages request without max_tokens or sampling fields.',
    required: ['model', 'messages'],
    properties: { ...messagesCommon },
    additionalProperties: true,
  },
  Message: {
    type: 'object',
    required: ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'usage'],
    properties: {
      id: { type: 'string', example: 'msg_01XFDUDYJgAACzvnptvVoYEL' },
      type: { type: 'string', enum: ['message'] },
      role: { type: 'string', enum: ['assistant'] },
      model: { type: 'string', example: 'claude-sonnet-4-5' },
      content: { type: 'array', items: messagesBlock },
      stop_reason: { type: 'string', nullable: true, example: 'end_turn', description: 'end_turn, max_tokens, stop_sequence, tool_use, pause_turn, refusal' },
      stop_sequence: { type: 'string', nullable: true },
      usage: messagesUsage,
    },
    additionalProperties: true,
  },
  MessagesStream: {
    type: 'string',
    description:
      'Server-sent events: `message_start`, then per block `content_block_start`, `content_block_delta` (text_delta, input_json_delta, thinking_delta) and `content_block_stop`, then `message_delta` (stop_reason, usage) and `message_stop`; `ping` may come between. A failure after the stream started is one `event: error` frame, then the stream closes.',
    example: 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":1}}}\n\nevent: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\nevent: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
  },
  CountTokensResponse: {
    type: 'object',
    required: ['input_tokens'],
    properties: { input_tokens: { type: 'integer', example: 14, description: "The provider's count on an Anthropic route, else an estimate (an upper bound)" } },
  },
};

/** OpenAI Responses (POST /v1/responses, GET and DELETE /v1/responses/{id}), errors in the OpenAI envelope. */
