import type { ExamplesObject } from '@nestjs/swagger';

/** Request examples for Swagger UI's "Try it out": each works as is against a gateway that serves its model. */

export const CHAT_EXAMPLES: ExamplesObject = {
  text: {
    summary: 'A question',
    value: { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say hello.' }], max_tokens: 64 },
  },
  stream: {
    summary: 'Streamed, with usage and cost in the last chunk',
    value: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count to five.' }] },
  },
  tools: {
    summary: 'A tool the model may call',
    value: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      tool_choice: 'auto',
    },
  },
  json: {
    summary: 'JSON output',
    value: { model: 'gpt-4o-mini', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Three primary colours as a JSON object {"colours": [...]}.' }] },
  },
};

export const EMBEDDINGS_EXAMPLES: ExamplesObject = {
  one: { summary: 'One text', value: { model: 'text-embedding-3-small', input: 'The quick brown fox' } },
  many: { summary: 'Several texts, 256 dimensions', value: { model: 'text-embedding-3-small', input: ['first text', 'second text'], dimensions: 256 } },
};

const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

export const MESSAGES_EXAMPLES: ExamplesObject = {
  text: {
    summary: 'A question',
    value: { model: 'claude-sonnet-4-5', max_tokens: 256, system: 'You are terse.', messages: [{ role: 'user', content: 'Say hello.' }] },
  },
  stream: {
    summary: 'Streamed (message_start … message_stop)',
    value: { model: 'claude-sonnet-4-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Count to five.' }] },
  },
  tools: {
    summary: 'A tool the model may call',
    value: {
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    },
  },
  cached: {
    summary: 'A cached system prompt (cache_control)',
    value: {
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      system: [{ type: 'text', text: 'You are a concise assistant for questions about Paris.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is the Eiffel Tower?' }] }],
    },
  },
};

export const COUNT_TOKENS_EXAMPLES: ExamplesObject = {
  text: { summary: 'A conversation', value: { model: 'claude-sonnet-4-5', system: 'You are terse.', messages: [{ role: 'user', content: 'Say hello.' }] } },
  tools: {
    summary: 'With a tool',
    value: { model: 'claude-sonnet-4-5', tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }], messages: [{ role: 'user', content: 'What is the weather in Paris?' }] },
  },
};

export const RESPONSES_EXAMPLES: ExamplesObject = {
  text: {
    summary: 'A question',
    value: { model: 'gpt-4o-mini', instructions: 'You are terse.', input: 'Say hello.', max_output_tokens: 64 },
  },
  stream: {
    summary: 'Streamed as typed events, not stored',
    value: { model: 'gpt-4o-mini', stream: true, store: false, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Count to five.' }] }] },
  },
  tools: {
    summary: 'A function the model may call',
    value: {
      model: 'gpt-4o-mini',
      input: 'What is the weather in Paris?',
      tools: [{ type: 'function', name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA }],
      tool_choice: 'auto',
    },
  },
  json: {
    summary: 'JSON output (text.format json_schema)',
    value: {
      model: 'gpt-4o-mini',
      input: 'The three primary colours.',
      text: { format: { type: 'json_schema', name: 'colours', schema: { type: 'object', properties: { colours: { type: 'array', items: { type: 'string' } } }, required: ['colours'], additionalProperties: false }, strict: true } },
    },
  },
};
