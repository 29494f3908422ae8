import fc from 'fast-check';
import type { ChatMessage, ChatRequest, ContentPart, FunctionTool, ToolCall } from '../../../../../src/providers/adapters/index.js';

const text = fc.string({ maxLength: 16 });
const name = fc.constantFrom('get_weather', 'lookup', 'f');
const id = fc.oneof({ arbitrary: fc.constantFrom('call_1', 'call_2', 'toolu_x'), weight: 4 }, fc.string({ minLength: 1, maxLength: 24 }));
const url = fc.constantFrom(
  'data:image/png;base64,iVBORw0KGgo=',
  'data:image/jpeg;base64,/9j/4AAQ',
  'data:image/bmp;base64,Qk0=',
  'data:image/svg+xml,%3Csvg%2F%3E',
  'https://example.com/cat.png',
  'ftp://nope',
);

const part: fc.Arbitrary<ContentPart> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('text' as const), text }), weight: 12 },
  fc.record({ type: fc.constant('image_url' as const), image_url: fc.record({ url, detail: fc.constantFrom('auto' as const, 'low' as const, 'high' as const) }, { requiredKeys: ['url'] }) }),
  fc.record({ type: fc.constant('input_audio' as const), input_audio: fc.record({ data: fc.constant('UklGRg=='), format: fc.constantFrom('wav', 'mp3') }) }),
  fc.record({ type: fc.constant('file' as const), file: fc.record({ file_data: fc.constantFrom('data:application/pdf;base64,JVBERi0=', 'data:text/plain;base64,aGk=') }) }),
);

const args = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
);

const toolCall: fc.Arbitrary<ToolCall> = fc.record({
  id,
  type: fc.constant('function' as const),
  function: fc.record({ name, arguments: args }),
});

const content = (withParts: boolean): fc.Arbitrary<ChatMessage['content']> =>
  withParts ? fc.oneof(text, fc.array(part, { minLength: 1, maxLength: 3 })) : fc.oneof(text, fc.array(fc.record({ type: fc.constant('text' as const), text }), { maxLength: 2 }));

const message: fc.Arbitrary<ChatMessage> = fc.oneof(
  fc.record({ role: fc.constantFrom('system' as const, 'developer' as const), content: content(false) }),
  { arbitrary: fc.record({ role: fc.constant('user' as const), content: content(true) }), weight: 3 },
  fc.record({ role: fc.constant('user' as const), content: content(false), name: text }),
  fc.record({ role: fc.constant('assistant' as const), content: fc.oneof(fc.constant(null), content(false)), tool_calls: fc.array(toolCall, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['role', 'content'] }),
  fc.record({ role: fc.constant('tool' as const), tool_call_id: id, content: content(false) }),
);

const tool: fc.Arbitrary<FunctionTool> = fc.record({
  type: fc.constant('function' as const),
  function: fc.record(
    { name, description: text, parameters: fc.constant({ type: 'object', properties: { city: { type: 'string' } } }), strict: fc.boolean() },
    { requiredKeys: ['name'] },
  ),
});

/** Fields every translator handles. */
const common = fc.record(
  {
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 200000 }),
    max_completion_tokens: fc.integer({ min: 1, max: 200000 }),
    stop: fc.oneof(text, fc.array(text, { maxLength: 4 })),
    tools: fc.array(tool, { maxLength: 3 }),
    tool_choice: fc.oneof(
      fc.constantFrom('none' as const, 'auto' as const, 'required' as const),
      fc.record({ type: fc.constant('function' as const), function: fc.record({ name }) }),
    ),
    response_format: fc.oneof(
      fc.constant({ type: 'text' as const }),
      fc.constant({ type: 'json_object' as const }),
      fc.constant({ type: 'json_schema' as const, json_schema: { name: 's', strict: true, schema: { type: 'object' } } }),
    ),
    reasoning_effort: fc.constantFrom('none' as const, 'minimal' as const, 'low' as const, 'medium' as const, 'high' as const, 'xhigh' as const),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    user: text,
  },
  { requiredKeys: [] },
);

/** Fields some providers must refuse or leave out. */
const risky = fc.record(
  {
    seed: fc.integer(),
    n: fc.integer({ min: 1, max: 3 }),
    parallel_tool_calls: fc.boolean(),
    presence_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
    logprobs: fc.boolean(),
    metadata: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    x_vendor_field: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

const optional = fc.tuple(common, fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, risky)).map(([a, b]) => ({ ...a, ...b }));

/** Arbitrary well-formed OpenAI chat requests, including fields some providers must refuse. */
export const chatRequest: fc.Arbitrary<ChatRequest> = fc
  .record({ model: fc.constant('m'), messages: fc.array(message, { minLength: 1, maxLength: 6 }) })
  .chain((base) => optional.map((o) => ({ ...base, ...o })));
