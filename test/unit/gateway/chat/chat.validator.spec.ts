import { ApiError } from '../../../../src/common/index.js';
import { validateChatRequest } from '../../../../src/gateway/chat/chat.validator.js';
import { validateEmbeddingsRequest } from '../../../../src/gateway/embeddings/embeddings.validator.js';

function paramOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).type).toBe('invalid_request_error');
    return (err as ApiError).param;
  }
  throw new Error('expected a 400');
}

const ok = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

describe('chat request validation', () => {
  it('accepts a full OpenAI request and keeps unknown fields', () => {
    const body = {
      ...ok,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"ok":true}' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } },
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 10,
      temperature: 0.5,
      stop: ['x'],
      seed: 7,
      reasoning_effort: 'low',
      some_vendor_field: { keep: 'me' },
    };
    expect(validateChatRequest(body)).toBe(body);
  });

  it.each([
    [[1, 2], null],
    [{ messages: ok.messages }, 'model'],
    [{ ...ok, model: '' }, 'model'],
    [{ ...ok, model: 5 }, 'model'],
    [{ model: 'm' }, 'messages'],
    [{ ...ok, messages: [] }, 'messages'],
    [{ ...ok, messages: 'hi' }, 'messages'],
    [{ ...ok, messages: ['hi'] }, 'messages[0]'],
    [{ ...ok, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    [{ ...ok, messages: [{ role: 'user' }] }, 'messages[0].content'],
    [{ ...ok, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    [{ ...ok, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content[0].image_url.url'],
    [{ ...ok, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [{ ...ok, messages: [{ role: 'assistant', tool_calls: [{ id: 'a', function: {} }] }] }, 'messages[0].tool_calls[0].function.name'],
    [{ ...ok, stream: 'yes' }, 'stream'],
    [{ ...ok, stream_options: { include_usage: 1 } }, 'stream_options.include_usage'],
    [{ ...ok, max_tokens: 1.5 }, 'max_tokens'],
    [{ ...ok, max_completion_tokens: 0 }, 'max_completion_tokens'],
    [{ ...ok, temperature: 3 }, 'temperature'],
    [{ ...ok, top_p: 'high' }, 'top_p'],
    [{ ...ok, stop: [1] }, 'stop'],
    [{ ...ok, tools: {} }, 'tools'],
    [{ ...ok, tools: [{ type: 'function', function: {} }] }, 'tools[0].function.name'],
    [{ ...ok, tool_choice: 'sometimes' }, 'tool_choice'],
    [{ ...ok, response_format: { type: 'yaml' } }, 'response_format.type'],
    [{ ...ok, response_format: { type: 'json_schema', json_schema: {} } }, 'response_format.json_schema.name'],
    [{ ...ok, reasoning_effort: 'extreme' }, 'reasoning_effort'],
    [{ ...ok, user: 42 }, 'user'],
  ])('rejects %j naming %s', (body, param) => {
    expect(paramOf(() => validateChatRequest(body))).toBe(param);
  });
});

describe('embeddings request validation', () => {
  it('accepts strings and token ids', () => {
    expect(validateEmbeddingsRequest({ model: 'e', input: 'hello' })).toBeTruthy();
    expect(validateEmbeddingsRequest({ model: 'e', input: ['a', 'b'], encoding_format: 'base64', dimensions: 4 })).toBeTruthy();
    expect(validateEmbeddingsRequest({ model: 'e', input: [1, 2, 3] })).toBeTruthy();
    expect(validateEmbeddingsRequest({ model: 'e', input: [[1], [2, 3]] })).toBeTruthy();
  });

  it.each([
    [{ input: 'x' }, 'model'],
    [{ model: 'e' }, 'input'],
    [{ model: 'e', input: '' }, 'input'],
    [{ model: 'e', input: [] }, 'input'],
    [{ model: 'e', input: [{}] }, 'input'],
    [{ model: 'e', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
    [{ model: 'e', input: 'x', dimensions: 0 }, 'dimensions'],
  ])('rejects %j naming %s', (body, param) => {
    expect(paramOf(() => validateEmbeddingsRequest(body))).toBe(param);
  });
});
