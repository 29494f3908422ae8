import Anthropic from '@anthropic-ai/sdk';
import { databaseTargets } from '../../support/test-database.js';
import { balanceUsd, post } from '../gateway/support/gateway.harness.js';
import { KINDS, sseEvents, startMessagesWorld, type MessagesWorld } from './support/messages.harness.js';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'] },
};
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TRANSLATED = KINDS.filter((k) => k.kind !== 'anthropic');

describe.each(databaseTargets())('POST /v1/messages translated for other provider kinds, Anthropic SDK as client, on %s', (db) => {
  let w: MessagesWorld;

  beforeAll(async () => {
    w = await startMessagesWorld(db);
  });
  afterAll(async () => {
    await w?.close();
  });
  afterEach(() => {
    for (const m of w.mocks.values()) m.reset();
  });

  describe.each(TRANSLATED)('$kind', (k) => {
    const mock = () => w.mocks.get(k.name)!;

    it('answers non-streaming as a Message with usage, and charges what the provider reported', async () => {
      const before = await balanceUsd(w.t, w.token, w.client.id);
      const msg = await w.sdk.messages.create({ model: k.model, max_tokens: 256, system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] });
      expect(msg.type).toBe('message');
      expect(msg.role).toBe('assistant');
      expect(msg.id).toMatch(/^msg_/);
      expect(msg.stop_reason).toBe('end_turn');
      const text = msg.content.filter((b) => b.type === 'text').map((b) => (b as Anthropic.TextBlock).text).join('');
      expect(text).toContain('Paris');
      expect(msg.usage.input_tokens).toBeGreaterThan(0);
      expect(msg.usage.output_tokens).toBeGreaterThan(0);
      const charged = Math.round((before - (await balanceUsd(w.t, w.token, w.client.id))) * 1e6);
      // price input $1, output $2 per 1M: what the Message reports is what was charged
      const inputAll = msg.usage.input_tokens + (msg.usage.cache_read_input_tokens ?? 0) + (msg.usage.cache_creation_input_tokens ?? 0);
      expect(charged).toBe(Math.round(inputAll * 1 + msg.usage.output_tokens * 2));
      const upstream = JSON.stringify(mock().requests[0].body);
      expect(upstream).toContain('Be brief.');
      expect(upstream).not.toContain('cache_control');
      expect(mock().requests[0].rawBody).not.toContain(w.client.key);
    });

    it('streams the Messages event sequence, reassembled by the SDK', async () => {
      const stream = w.sdk.messages.stream({ model: k.model, max_tokens: 256, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] });
      const types: string[] = [];
      stream.on('streamEvent', (ev) => types.push(ev.type));
      const final = await stream.finalMessage();
      expect(types[0]).toBe('message_start');
      expect(types).toContain('content_block_start');
      expect(types).toContain('content_block_delta');
      expect(types).toContain('content_block_stop');
      expect(types.at(-2)).toBe('message_delta');
      expect(types.at(-1)).toBe('message_stop');
      expect((final.content[0] as Anthropic.TextBlock).text).toContain('Paris');
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });

    it('runs a tool loop: tool_use with parsed input, then a tool_result turn becomes the final answer', async () => {
      const first = await w.sdk.messages.create({ model: k.model, max_tokens: 256, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
      expect(first.stop_reason).toBe('tool_use');
      const call = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
      expect(call.name).toBe('get_weather');
      expect(call.input).toMatchObject({ city: 'Paris' });
      const second = w.sdk.messages.stream({
        model: k.model,
        max_tokens: 256,
        tools: [WEATHER_TOOL],
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 °C, light rain' }] },
        ],
      });
      const final = await second.finalMessage();
      expect(final.stop_reason).toBe('end_turn');
      expect(final.content.some((b) => b.type === 'text')).toBe(true);
      const upstream = JSON.stringify(mock().requests[1].body);
      expect(upstream).toContain('18 °C, light rain');
    });

    it('streams a tool call as tool_use with input_json_delta', async () => {
      const res = await post(w.t, w.client.key, '/v1/messages', { model: k.model, max_tokens: 256, stream: true, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather in Paris?' }] }, { 'anthropic-version': '2023-06-01' });
      expect(res.status).toBe(200);
      const events = sseEvents(res.text);
      const start = events.find((e) => e.event === 'content_block_start' && e.data.content_block.type === 'tool_use');
      expect(start?.data.content_block.name).toBe('get_weather');
      const json = events.filter((e) => e.data.delta?.type === 'input_json_delta' && e.data.index === start!.data.index).map((e) => e.data.delta.partial_json).join('');
      expect(JSON.parse(json)).toMatchObject({ city: 'Paris' });
      expect(events.find((e) => e.event === 'message_delta')?.data.delta.stop_reason).toBe('tool_use');
    });

    it('sends an image block as the provider\'s image input', async () => {
      const msg = await w.sdk.messages.create({ model: k.model, max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'Where was this taken?' }] }] });
      expect(msg.type).toBe('message');
      expect(mock().requests[0].rawBody).toContain(PNG);
    });

    it('estimates count_tokens (no provider call) as an upper bound', async () => {
      const counted = await w.sdk.messages.countTokens({ model: k.model, messages: [{ role: 'user', content: 'Hello there, how are you today?' }] });
      expect(counted.input_tokens).toBeGreaterThanOrEqual(8);
      expect(mock().requests).toHaveLength(0);
    });
  });

  it('translates thinking into the provider\'s reasoning effort (OpenAI reasoning_effort)', async () => {
    const oa = w.mocks.get('oa')!;
    await w.sdk.messages.create({ model: 'gpt-4o', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 8000 }, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] });
    expect(oa.requests[0].body.reasoning_effort).toBe('medium');
  });

  it('refuses a block the provider cannot take with a 400 in Anthropic\'s envelope, before any upstream call', async () => {
    const res = await post(w.t, w.client.key, '/v1/messages', { model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x', title: 't', content: [] }] }] });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(w.mocks.get('oa')!.requests).toHaveLength(0);
  });
});
