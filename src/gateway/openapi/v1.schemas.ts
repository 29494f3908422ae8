import type { SchemaObject } from '@nestjs/swagger';
import { MESSAGES_SCHEMAS } from './messages.schemas.js';
import { RESPONSES_SCHEMAS } from './responses.schemas.js';

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

/** Every /v1 schema, by component name. */
export const V1_SCHEMAS: Record<string, SchemaObject> = { ...OPENAI_SCHEMAS, ...MESSAGES_SCHEMAS, ...RESPONSES_SCHEMAS };

/** A reference to one of the /v1 schemas above. */
export function v1Schema(name: keyof typeof V1_SCHEMAS & string): { $ref: string } {
  return ref(name);
}
