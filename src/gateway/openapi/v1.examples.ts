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
