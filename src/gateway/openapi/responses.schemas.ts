import type { SchemaObject } from '@nestjs/swagger';

/** OpenAI Responses (POST /v1/responses, GET and DELETE /v1/responses/{id}): OpenAI's wire shapes, errors in the OpenAI envelope. */

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

export const RESPONSES_SCHEMAS: Record<string, SchemaObject> = {
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
