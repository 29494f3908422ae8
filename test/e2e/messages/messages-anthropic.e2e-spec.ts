import Anthropic from '@anthropic-ai/sdk';
import { fixtureFrames, fixtureText } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { openLive, waitFor } from '../dashboard/support/dashboard.js';
import { balanceUsd, post } from '../gateway/support/gateway.harness.js';
import { CLAUDE, anthropicSdk, sseEvents, startMessagesWorld, type MessagesWorld } from './support/messages.harness.js';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'] },
};

describe.each(databaseTargets())('POST /v1/messages relayed to an Anthropic provider, Anthropic SDK as client, on %s', (db) => {
  let w: MessagesWorld;
  const ant = () => w.mocks.get('ant')!;

  beforeAll(async () => {
    w = await startMessagesWorld(db);
  });
  afterAll(async () => {
    await w?.close();
  });
  afterEach(() => {
    for (const m of w.mocks.values()) m.reset();
  });

  it('answers non-streaming as the upstream did, with the provider key upstream and the exact cost charged (cache reads at their price)', async () => {
    const before = await balanceUsd(w.t, w.token, w.client.id);
    let version: string | null = null;
    const capture: typeof fetch = async (input, init) => {
      version = new Headers(init?.headers).get('anthropic-version');
      return fetch(input, init);
    };
    const sdk = anthropicSdk(w.t, w.client.key, { fetch: capture });
    const msg = await sdk.messages.create({ model: CLAUDE, max_tokens: 256, messages: [{ role: 'user', content: 'Where was this photo taken?' }] });
    expect(msg.type).toBe('message');
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    expect((msg.content[0] as Anthropic.TextBlock).text).toContain('Paris');
    expect(msg.usage).toMatchObject({ input_tokens: 524, cache_read_input_tokens: 1536, cache_creation_input_tokens: 0, output_tokens: 31 });
    // golden: 524 × $3 + 1536 × $0.30 + 31 × $15 per 1M = 2497.8 µ$ → 2498 µ$
    const after = await balanceUsd(w.t, w.token, w.client.id);
    expect(Math.round((before - after) * 1e6)).toBe(2498);
    const upstream = ant().requests[0];
    expect(upstream.path).toBe('/v1/messages');
    expect(upstream.headers['x-api-key']).toBe('secret-ant-key-123456');
    expect(version).toBeTruthy();
    expect(upstream.headers['anthropic-version']).toBe(version); // as the client sent it, not the adapter's default
    expect(upstream.rawBody).not.toContain(w.client.key);
  });

  it('relays the body byte for byte (cache_control kept) and the anthropic-beta header as sent', async () => {
    let sent = '';
    const capture: typeof fetch = async (input, init) => {
      sent = String(init?.body ?? '');
      return fetch(input, init);
    };
    const beta = 'prompt-caching-2024-07-31,extended-cache-ttl-2025-04-11';
    const sdk = anthropicSdk(w.t, w.client.key, { headers: { 'anthropic-beta': beta }, fetch: capture });
    await sdk.messages.create({
      model: CLAUDE,
      max_tokens: 300,
      system: [{ type: 'text', text: 'You are a careful travel assistant. '.repeat(40), cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Where was this photo taken?', cache_control: { type: 'ephemeral' } }] }],
      metadata: { user_id: 'user-42' },
    });
    const upstream = ant().requests[0];
    expect(sent).toContain('cache_control');
    expect(upstream.rawBody).toBe(sent);
    expect(upstream.headers['anthropic-beta']).toBe(beta);
  });

  it('replaces only the model when the route names another upstream id', async () => {
    const res = await post(w.t, w.client.key, '/v1/messages', { model: `ant/${CLAUDE}`, max_tokens: 10, unknown_field: { kept: true }, messages: [{ role: 'user', content: 'Hi' }] }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    expect(ant().requests[0].body).toEqual({ model: CLAUDE, max_tokens: 10, unknown_field: { kept: true }, messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('streams every upstream event unchanged and charges cache writes at their price', async () => {
    const before = await balanceUsd(w.t, w.token, w.client.id);
    const res = await post(w.t, w.client.key, '/v1/messages', { model: CLAUDE, max_tokens: 512, stream: true, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather where the photo was taken?' }] }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.text).toBe(fixtureFrames('anthropic', 'messages_stream.sse').join(''));
    // golden: 412 × $3 + 1536 × $3.75 + 78 × $15 per 1M = 8166 µ$
    const after = await balanceUsd(w.t, w.token, w.client.id);
    expect(Math.round((before - after) * 1e6)).toBe(8166);
  });

  it('streams through the SDK: text and a tool_use block reassemble', async () => {
    const stream = w.sdk.messages.stream({ model: CLAUDE, max_tokens: 512, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather where the photo was taken?' }] });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const final = await stream.finalMessage();
    expect(texts.join('')).toContain('Paris');
    expect(final.stop_reason).toBe('tool_use');
    const tool = final.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(tool.input).toEqual({ city: 'Paris', unit: 'celsius' });
  });

  it('runs a multi-turn tool loop: tool_use, then the tool_result turn reaches the upstream and ends the turn', async () => {
    const first = await w.sdk.messages.create({ model: CLAUDE, max_tokens: 512, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather where the photo was taken?' }] });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    const second = await w.sdk.messages.create({
      model: CLAUDE,
      max_tokens: 512,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather where the photo was taken?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 °C, light rain' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    const upstream = ant().requests[1].body;
    expect(upstream.messages[1].content).toEqual(first.content);
    expect(upstream.messages[2].content[0]).toEqual({ type: 'tool_result', tool_use_id: call.id, content: '18 °C, light rain' });
  });

  it('streams thinking (thinking_delta, signature) and relays the signed block back on the next turn', async () => {
    ant().script({ behaviour: { frames: fixtureFrames('anthropic', 'messages_stream_thinking.sse') } });
    const final = await w.sdk.messages
      .stream({ model: CLAUDE, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'What is 27 * 453?' }] })
      .finalMessage();
    const thinking = final.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.type).toBe('thinking');
    expect(thinking.thinking).toContain('453 = 400 + 50 + 3');
    expect(thinking.signature).toBe('EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds');
    expect(ant().requests[0].body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    await w.sdk.messages.create({
      model: CLAUDE,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'What is 27 * 453?' }, { role: 'assistant', content: final.content }, { role: 'user', content: 'And times 2?' }],
    });
    expect(ant().requests[1].body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature });
  });

  it('asks the provider to count tokens (count_tokens), with the headers forwarded and nothing charged', async () => {
    ant().script({ behaviour: { json: JSON.parse(fixtureText('anthropic', 'messages_count_tokens_response.json')) }, match: (r) => r.path.endsWith('/count_tokens') });
    const before = await balanceUsd(w.t, w.token, w.client.id);
    const counted = await w.sdk.messages.countTokens({ model: CLAUDE, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(counted.input_tokens).toBe(2095);
    const upstream = ant().requests[0];
    expect(upstream.path).toBe('/v1/messages/count_tokens');
    expect(upstream.body).toEqual({ model: CLAUDE, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(upstream.headers['x-api-key']).toBe('secret-ant-key-123456');
    expect(await balanceUsd(w.t, w.token, w.client.id)).toBe(before);
  });

  it('lists the key\'s models in Anthropic\'s shape when anthropic-version is sent', async () => {
    const page = await w.sdk.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toContain(CLAUDE);
    const claude = page.data.find((m) => m.id === CLAUDE)!;
    expect(claude).toMatchObject({ type: 'model', id: CLAUDE });
    expect(typeof claude.display_name).toBe('string');
    expect(Number.isNaN(Date.parse(claude.created_at))).toBe(false);
    const raw = await fetch(`${w.t.url}/v1/models`, { headers: { authorization: `Bearer ${w.client.key}`, 'anthropic-version': '2023-06-01' } });
    const body = (await raw.json()) as { has_more: boolean; first_id: string; last_id: string; data: unknown[] };
    expect(body.has_more).toBe(false);
    expect(body.first_id).toBe(ids[0]);
    expect(body.last_id).toBe(ids.at(-1));
    const openaiShape = await fetch(`${w.t.url}/v1/models`, { headers: { authorization: `Bearer ${w.client.key}` } });
    expect(((await openaiShape.json()) as { object: string }).object).toBe('list');
  });

  it('takes the key as Authorization: Bearer too (ANTHROPIC_AUTH_TOKEN)', async () => {
    const sdk = anthropicSdk(w.t, w.client.key, { bearer: true });
    const msg = await sdk.messages.create({ model: CLAUDE, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.type).toBe('message');
  });

  it('logs the request with surface "messages" (GET /api/logs?surface=messages)', async () => {
    const msg = await w.sdk.messages.create({ model: CLAUDE, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    const requestId = msg.response.headers.get('x-request-id');
    let found: { surface: string; request_id: string } | undefined;
    for (let i = 0; i < 50 && !found; i++) {
      const res = await fetch(`${w.t.url}/api/logs?surface=messages&limit=50`, { headers: { authorization: `Bearer ${w.token}` } });
      const page = (await res.json()) as { data: Array<{ surface: string; request_id: string }> };
      found = page.data.find((l) => l.request_id === requestId);
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found?.surface).toBe('messages');
    const chat = await fetch(`${w.t.url}/api/logs?surface=chat&limit=500`, { headers: { authorization: `Bearer ${w.token}` } });
    expect(((await chat.json()) as { data: Array<{ request_id: string }> }).data.some((l) => l.request_id === requestId)).toBe(false);
  });

  it('publishes the request on the live feed with surface "messages"', async () => {
    const live = await openLive(w.t, { token: w.token });
    if (live.kind !== 'open') throw new Error(`live feed refused: ${live.status}`);
    try {
      const res = await w.sdk.messages.create({ model: CLAUDE, max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      const id = res.response.headers.get('x-request-id');
      const event = await waitFor(() => live.messages.find((m) => m.type === 'request' && m.data.request_id === id), 5000, 'the live request event');
      expect(event.data).toMatchObject({ surface: 'messages', model: CLAUDE, provider: 'ant', status: 200 });
    } finally {
      live.ws.close();
    }
  });

  it('sends events named as Anthropic documents them', async () => {
    const res = await post(w.t, w.client.key, '/v1/messages', { model: CLAUDE, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const names = sseEvents(res.text).map((e) => e.event);
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    expect(names).toContain('message_delta');
  });
});
