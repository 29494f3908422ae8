import type { SchemaObject } from '@nestjs/swagger';

/**
 * The OpenAPI schemas of the /v1 client API (OpenAI's wire shapes as the gateway accepts and answers them, and
 * Anthropic's for /v1/messages): the main fields of each body, open to fields the gateway does not know (they pass
 * through to providers of the surface's own kind).
 * Registered as components by swagger.setup.ts and referenced from the controllers' decorators by name.
 */

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

const contentPart: SchemaObject = {
  type: 'object',
  description: 'A content part: `{type: "text", text}` or `{type: "image_url", image_url: {url, detail?}}` (http(s) or data: URL).',
  required: ['type'],
  properties: {
    type: { type: 'string', example: 'text', description: 'text, image_url (others pass through to OpenAI-kind providers)' },
    text: { type: 'string' },
    image_url: { type: 'object', properties: { url: { type: 'string' }, detail: { type: 'string', enum: ['auto', 'low', 'high'] } }, required: ['url'] },
  },
  additionalProperties: true,
};

const toolCall: SchemaObject = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: {
    id: { type: 'string', example: 'call_abc123' },
    type: { type: 'string', enum: ['function'] },
    function: { type: 'object', required: ['name', 'arguments'], properties: { name: { type: 'string' }, arguments: { type: 'string', description: 'JSON text' } } },
  },
};

const OPENAI_SCHEMAS: Record<string, SchemaObject> = {
  OpenAIError: {
    type: 'object',
    description: 'Every /v1 error, in the OpenAI envelope.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'type'],
        properties: {
          message: { type: 'string', example: "The model 'gpt-unknown' does not exist or is not available." },
          type: { type: 'string', example: 'invalid_request_error', description: 'invalid_request_error, insufficient_quota, permission_error, rate_limit_exceeded, upstream_error, provider_unavailable…' },
          param: { type: 'string', nullable: true, example: 'model' },
          code: { type: 'string', nullable: true, example: 'model_not_found' },
        },
      },
    },
  },
  ChatMessage: {
    type: 'object',
    required: ['role'],
    properties: {
      role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
      content: { nullable: true, oneOf: [{ type: 'string' }, { type: 'array', items: contentPart }], description: 'Text, or text and image parts' },
      name: { type: 'string' },
      tool_calls: { type: 'array', items: toolCall, description: 'assistant turns that called tools' },
      tool_call_id: { type: 'string', description: 'tool turns: the call this result answers' },
    },
    additionalProperties: true,
  },
  ChatCompletionRequest: {
    type: 'object',
    description: 'OpenAI Chat Completions. Unknown fields pass through to OpenAI-kind upstreams and are translated or dropped for others.',
    required: ['model', 'messages'],
    properties: {
      model: { type: 'string', example: 'gpt-4o-mini', description: 'A model id, an alias, or `provider/model`' },
      messages: { type: 'array', minItems: 1, items: ref('ChatMessage') },
      stream: { type: 'boolean', default: false, description: 'true: server-sent events (`data: {chunk}` … `data: [DONE]`)' },
      stream_options: { type: 'object', properties: { include_usage: { type: 'boolean', description: 'a last chunk with usage (and cost)' } } },
      max_tokens: { type: 'integer', minimum: 1 },
      max_completion_tokens: { type: 'integer', minimum: 1 },
      temperature: { type: 'number', minimum: 0, maximum: 2 },
      top_p: { type: 'number', minimum: 0, maximum: 1 },
      stop: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }] },
      seed: { type: 'integer' },
      user: { type: 'string' },
      n: { type: 'integer', minimum: 1 },
      presence_penalty: { type: 'number' },
      frequency_penalty: { type: 'number' },
      reasoning_effort: { type: 'string', example: 'low', description: 'minimal, low, medium, high (reasoning models)' },
      tools: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'function'],
          properties: {
            type: { type: 'string', enum: ['function'] },
            function: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' }, parameters: { type: 'object', additionalProperties: true, description: 'JSON Schema' }, strict: { type: 'boolean' } } },
          },
        },
      },
      tool_choice: { oneOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, { type: 'object', additionalProperties: true }] },
      parallel_tool_calls: { type: 'boolean' },
      response_format: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] }, json_schema: { type: 'object', additionalProperties: true } },
      },
    },
    additionalProperties: true,
  },
  Usage: {
    type: 'object',
    description: "OpenAI's usage plus `cost`: what this request was charged, in USD.",
    required: ['prompt_tokens', 'completion_tokens', 'total_tokens', 'cost'],
    properties: {
      prompt_tokens: { type: 'integer' },
      completion_tokens: { type: 'integer' },
      total_tokens: { type: 'integer' },
      prompt_tokens_details: { type: 'object', properties: { cached_tokens: { type: 'integer' } }, additionalProperties: true },
      completion_tokens_details: { type: 'object', properties: { reasoning_tokens: { type: 'integer' } }, additionalProperties: true },
      cost: { type: 'number', example: 0.000123, description: 'USD' },
    },
    additionalProperties: true,
  },
  ChatCompletion: {
    type: 'object',
    required: ['id', 'object', 'created', 'model', 'choices', 'usage'],
    properties: {
      id: { type: 'string', example: 'chatcmpl-abc123' },
      object: { type: 'string', enum: ['chat.completion'] },
      created: { type: 'integer', example: 1764300000 },
      model: { type: 'string', example: 'gpt-4o-mini-2024-07-18' },
      choices: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'message', 'finish_reason'],
          properties: {
            index: { type: 'integer' },
            message: {
              type: 'object',
              properties: { role: { type: 'string', enum: ['assistant'] }, content: { type: 'string', nullable: true }, refusal: { type: 'string', nullable: true }, tool_calls: { type: 'array', items: toolCall } },
              additionalProperties: true,
            },
            finish_reason: { type: 'string', example: 'stop', description: 'stop, length, tool_calls, content_filter' },
          },
          additionalProperties: true,
        },
      },
      usage: ref('Usage'),
      system_fingerprint: { type: 'string', nullable: true },
    },
    additionalProperties: true,
  },
  ChatCompletionStream: {
    type: 'string',
    description:
      'Server-sent events: `data: {chat.completion.chunk}` frames, then `data: [DONE]`. With `stream_options.include_usage` the last chunk carries `usage` (with `cost`). A failure after the stream started is one `data: {"error":{…}}` frame, and the stream ends without `[DONE]`.',
    example: 'data: {"id":"chatcmpl-abc123","object":"chat.completion.chunk","created":1764300000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
  },
  EmbeddingsRequest: {
    type: 'object',
    required: ['model', 'input'],
    properties: {
      model: { type: 'string', example: 'text-embedding-3-small' },
      input: {
        description: 'A string, an array of strings, or token arrays',
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'integer' } }, { type: 'array', items: { type: 'array', items: { type: 'integer' } } }],
      },
      encoding_format: { type: 'string', enum: ['float', 'base64'], default: 'float' },
      dimensions: { type: 'integer', minimum: 1 },
      user: { type: 'string' },
    },
    additionalProperties: true,
  },
  EmbeddingsResponse: {
    type: 'object',
    required: ['object', 'data', 'model', 'usage'],
    properties: {
      object: { type: 'string', enum: ['list'] },
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['object', 'index', 'embedding'],
          properties: {
            object: { type: 'string', enum: ['embedding'] },
            index: { type: 'integer' },
            embedding: { oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string', description: 'base64 of little-endian float32' }] },
          },
        },
      },
      model: { type: 'string' },
      usage: { type: 'object', required: ['prompt_tokens', 'total_tokens', 'cost'], properties: { prompt_tokens: { type: 'integer' }, total_tokens: { type: 'integer' }, cost: { type: 'number', description: 'USD' } } },
    },
  },
  Model: {
    type: 'object',
    required: ['id', 'object', 'created', 'owned_by'],
    properties: { id: { type: 'string', example: 'gpt-4o-mini' }, object: { type: 'string', enum: ['model'] }, created: { type: 'integer' }, owned_by: { type: 'string', example: 'openai' } },
    additionalProperties: true,
  },
  ModelList: {
    type: 'object',
    required: ['object', 'data'],
    properties: { object: { type: 'string', enum: ['list'] }, data: { type: 'array', items: ref('Model') } },
  },
};

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

const MESSAGES_SCHEMAS: Record<string, SchemaObject> = {
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

const responsesItem: SchemaObject = {
  type: 'object',
  description: 'An item: `message` (role, content: input_text / input_image / output_text parts), `function_call` (call_id, name, arguments), `function_call_output` (call_id, output), `reasoning`; hosted-tool items pass through to OpenAI providers.',
  properties: {
    type: { type: 'string', example: 'message', description: 'message (the default when role is set), function_call, function_call_output, reasoning…' },
    id: { type: 'string' },
    role: { type: 'string', enum: ['user', 'assistant', 'system', 'developer'] },
    content: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'input_text' }, text: { type: 'string' }, image_url: { type: 'string' } }, additionalProperties: true } }] },
    call_id: { type: 'string' },
    name: { type: 'string' },
    arguments: { type: 'string', description: 'JSON text' },
    output: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', additionalProperties: true } }] },
    status: { type: 'string' },
  },
  additionalProperties: true,
};

const RESPONSES_SCHEMAS: Record<string, SchemaObject> = {
  ResponsesRequest: {
    type: 'object',
    description: '`input` is required unless `previous_response_id` continues a stored response. Relayed to OpenAI providers with unknown fields kept; translated for other kinds.',
    required: ['model'],
    properties: {
      model: { type: 'string', example: 'gpt-4o-mini', description: 'A model id, an alias, or `provider/model`' },
      input: { oneOf: [{ type: 'string' }, { type: 'array', items: responsesItem }], description: 'Text, or input items' },
      instructions: { type: 'string', nullable: true, description: 'A system (developer) message' },
      tools: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string', example: 'function', description: 'function; hosted tools only where the provider has them' }, name: { type: 'string' }, description: { type: 'string' }, parameters: { type: 'object', additionalProperties: true, description: 'JSON Schema' }, strict: { type: 'boolean' } },
          additionalProperties: true,
        },
      },
      tool_choice: { oneOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, { type: 'object', additionalProperties: true }] },
      parallel_tool_calls: { type: 'boolean' },
      text: { type: 'object', properties: { format: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] }, name: { type: 'string' }, schema: { type: 'object', additionalProperties: true }, strict: { type: 'boolean' } }, additionalProperties: true } }, additionalProperties: true },
      reasoning: { type: 'object', properties: { effort: { type: 'string', enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] }, summary: { type: 'string', enum: ['auto', 'concise', 'detailed'] } }, additionalProperties: true },
      max_output_tokens: { type: 'integer', minimum: 1 },
      temperature: { type: 'number', minimum: 0, maximum: 2 },
      top_p: { type: 'number', minimum: 0, maximum: 1 },
      metadata: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 16 },
      store: { type: 'boolean', default: true, description: 'Keep the response (for `previous_response_id` and GET) for `responses.retention_days`' },
      previous_response_id: { type: 'string', description: 'Continue from a stored response of the same client (on any provider)' },
      include: { type: 'array', items: { type: 'string' }, example: ['reasoning.encrypted_content'] },
      prompt_cache_key: { type: 'string' },
      stream: { type: 'boolean', default: false, description: 'true: typed server-sent events (response.created … response.completed)' },
      user: { type: 'string' },
    },
    additionalProperties: true,
  },
  ResponseObject: {
    type: 'object',
    required: ['id', 'object', 'created_at', 'status', 'model', 'output'],
    properties: {
      id: { type: 'string', example: 'resp_abc123' },
      object: { type: 'string', enum: ['response'] },
      created_at: { type: 'integer', example: 1764300000 },
      status: { type: 'string', enum: ['completed', 'incomplete', 'failed', 'in_progress'] },
      error: { type: 'object', nullable: true, properties: { code: { type: 'string', nullable: true }, message: { type: 'string' } } },
      incomplete_details: { type: 'object', nullable: true, properties: { reason: { type: 'string' } } },
      model: { type: 'string', example: 'gpt-4o-mini-2024-07-18' },
      output: { type: 'array', items: responsesItem },
      output_text: { type: 'string', description: 'The output text joined (as the SDKs compute it)' },
      previous_response_id: { type: 'string', nullable: true },
      usage: {
        type: 'object',
        nullable: true,
        description: "OpenAI's usage plus `cost`: what this request was charged, in USD.",
        properties: {
          input_tokens: { type: 'integer' },
          input_tokens_details: { type: 'object', properties: { cached_tokens: { type: 'integer' } }, additionalProperties: true },
          output_tokens: { type: 'integer' },
          output_tokens_details: { type: 'object', properties: { reasoning_tokens: { type: 'integer' } }, additionalProperties: true },
          total_tokens: { type: 'integer' },
          cost: { type: 'number', example: 0.000123, description: 'USD' },
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },
  ResponsesStream: {
    type: 'string',
    description:
      'Typed server-sent events, each with `sequence_number`: `response.created`, `response.in_progress`, `response.output_item.added`, `response.content_part.added`, `response.output_text.delta` / `.done`, `response.function_call_arguments.delta` / `.done`, `response.output_item.done`, `response.completed` (usage with cost). A failure after the stream started is a `response.failed` event whose `response.error` says why, then the stream closes.',
    example: 'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_abc123","object":"response","status":"in_progress","output":[]}}\n\nevent: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_abc123","output_index":0,"content_index":0,"delta":"Hello"}\n\nevent: response.completed\ndata: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_abc123","object":"response","status":"completed"}}\n\n',
  },
  ResponseDeleted: {
    type: 'object',
    required: ['id', 'object', 'deleted'],
    properties: { id: { type: 'string', example: 'resp_abc123' }, object: { type: 'string', enum: ['response'] }, deleted: { type: 'boolean', enum: [true] } },
  },
};

/** Every /v1 schema, by component name. */
export const V1_SCHEMAS: Record<string, SchemaObject> = { ...OPENAI_SCHEMAS, ...MESSAGES_SCHEMAS, ...RESPONSES_SCHEMAS };

/** A reference to one of the /v1 schemas above. */
export function v1Schema(name: keyof typeof V1_SCHEMAS & string): { $ref: string } {
  return ref(name);
}
