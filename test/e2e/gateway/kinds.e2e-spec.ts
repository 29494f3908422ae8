import { APIError } from 'openai';
import { startMockUpstream, type MockKind, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { FAST, adminToken, balanceUsd, createClient, startGateway, type TestClient } from './support/gateway.harness.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TOOLS = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'] } },
  },
];

interface Kind {
  name: string;
  kind: 'openai' | 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama';
  mock: MockKind;
  model: string;
  embedModel: string | null;
}

const KINDS: Kind[] = [
  { name: 'oa', kind: 'openai', mock: 'openai', model: 'gpt-4o', embedModel: 'text-embedding-3-small' },
  { name: 'compat', kind: 'openai-compatible', mock: 'openai', model: 'compat-llama', embedModel: 'compat-embed' },
  { name: 'ant', kind: 'anthropic', mock: 'anthropic', model: 'claude-sonnet-4-5', embedModel: null },
  { name: 'gem', kind: 'gemini', mock: 'gemini', model: 'gemini-2.5-flash', embedModel: 'gemini-embedding-001' },
  { name: 'oll', kind: 'ollama', mock: 'ollama', model: 'qwen3-vl:8b', embedModel: 'nomic-embed-text' },
];

describe.each(databaseTargets())('gateway against every provider kind, official OpenAI SDK as client, on %s', (db) => {
  const mocks = new Map<string, MockUpstream>();
  let t: TestApp;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    for (const k of KINDS) mocks.set(k.name, await startMockUpstream(k.mock, k.kind === 'ollama' ? {} : { apiKey: `secret-${k.name}-key-123456` }));
    t = await startGateway(db, {
      providers: KINDS.map((k) => ({
        name: k.name,
        kind: k.kind,
        base_url: mocks.get(k.name)!.baseUrl,
        ...(k.kind === 'ollama' ? {} : { api_key: `secret-${k.name}-key-123456` }),
        ...FAST,
        pricing: { [k.model]: { input: 1, output: 2 }, ...(k.embedModel ? { [k.embedModel]: { input: 0.5, output: 0 } } : {}) },
      })),
      routing: KINDS.flatMap((k) => [{ match: k.model, provider: k.name }, ...(k.embedModel ? [{ match: k.embedModel, provider: k.name }] : [])]),
    });
    token = await adminToken(t);
    client = await createClient(t, token, { name: `kinds-${db}`, credit_usd: 100 });
  });
  afterAll(async () => {
    await t?.close();
    for (const m of mocks.values()) await m.close();
  });
  afterEach(() => {
    for (const m of mocks.values()) m.reset();
  });

  describe.each(KINDS)('$kind', (k) => {
    const mock = (): MockUpstream => mocks.get(k.name)!;

    it('answers a non-streaming request with usage and cost, and charges the client', async () => {
      const before = await balanceUsd(t, token, client.id);
      const res = await client.sdk.chat.completions.create({ model: k.model, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] });
      expect(res.object).toBe('chat.completion');
      expect(res.choices[0].message.content).toContain('Paris');
      expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
      const cost = (res.usage as unknown as { cost: number }).cost;
      expect(cost).toBeGreaterThan(0);
      const after = await balanceUsd(t, token, client.id);
      expect(before - after).toBeCloseTo(cost, 6);
      const upstream = mock().requests[0];
      expect(upstream.rawBody).not.toContain('secret-');
      expect(JSON.stringify(upstream.query)).not.toContain('secret-');
    });

    it('streams with include_usage: content, a usage chunk with cost, then the end', async () => {
      const stream = await client.sdk.chat.completions.create({ model: k.model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] });
      let text = '';
      let finish: string | null = null;
      let usage: { total_tokens: number; cost?: number } | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage as unknown as { total_tokens: number; cost: number };
      }
      expect(text).toContain('Paris');
      expect(finish).toBe('stop');
      expect(usage?.total_tokens).toBeGreaterThan(0);
      expect(usage?.cost).toBeGreaterThan(0);
    });

    it('returns tool calls without streaming', async () => {
      const res = await client.sdk.chat.completions.create({ model: k.model, tools: TOOLS, messages: [{ role: 'user', content: 'What is the weather in Paris?' }] });
      expect(res.choices[0].finish_reason).toBe('tool_calls');
      const call = res.choices[0].message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
      expect(call.id).toEqual(expect.any(String));
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toMatchObject({ city: 'Paris' });
    });

    it('streams tool calls that the SDK reassembles', async () => {
      const runner = client.sdk.chat.completions.stream({ model: k.model, tools: TOOLS, messages: [{ role: 'user', content: 'What is the weather in Paris?' }] });
      const final = await runner.finalChatCompletion();
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      const call = final.choices[0].message.tool_calls![0] as { function: { name: string; arguments: string } };
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toMatchObject({ city: 'Paris' });
    });

    it('sends an image and a tool result round trip', async () => {
      const res = await client.sdk.chat.completions.create({
        model: k.model,
        tools: TOOLS,
        messages: [
          { role: 'system', content: 'You are a concise travel assistant.' },
          { role: 'user', content: [{ type: 'text', text: 'Where was this photo taken, and what is the weather?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_Qm3rVb8yTz1kLpX0aW9cNd2E', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }] },
          { role: 'tool', tool_call_id: 'call_Qm3rVb8yTz1kLpX0aW9cNd2E', content: '{"city":"Paris","temperature":18,"unit":"celsius","conditions":"light rain"}' },
        ],
      });
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.choices[0].message.content).toContain('Paris');
      expect(mock().requests[0].rawBody).toContain(PNG);
      expect(mock().requests[0].rawBody).toContain('light rain');
    });

    it('turns a mid-stream failure into an SDK error, with no [DONE]', async () => {
      mock().script(mock().midStreamError());
      const stream = await client.sdk.chat.completions.create({ model: k.model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      let text = '';
      const failure = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(APIError);
      expect(text.length).toBeGreaterThan(0);
      expect(mock().requests).toHaveLength(1);
    });

    if (k.embedModel) {
      it('creates embeddings (SDK default base64 and float) billed at the input price', async () => {
        const res = await client.sdk.embeddings.create({ model: k.embedModel!, input: ['hello world', 'bonjour'] });
        expect(res.data).toHaveLength(2);
        expect(res.data[0].embedding.length).toBeGreaterThan(0);
        expect(res.data[0].embedding.every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
        expect(res.usage.prompt_tokens).toBeGreaterThan(0);
        expect((res.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
        const floats = await client.sdk.embeddings.create({ model: k.embedModel!, input: 'hello world', encoding_format: 'float' });
        expect(floats.data[0].embedding).toEqual(res.data[0].embedding.map((v) => expect.closeTo(v, 5)));
      });
    } else {
      it('refuses embeddings with a 400 naming the model', async () => {
        const err = await client.sdk.embeddings.create({ model: k.model, input: 'hello' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(APIError);
        expect((err as APIError).status).toBe(400);
        expect((err as APIError).param).toBe('model');
      });
    }
  });

  it('lists the routable, priced models and retrieves ids, including provider/model ids', async () => {
    const page = await client.sdk.models.list();
    const ids = page.data.map((m) => m.id);
    for (const k of KINDS) expect(ids).toContain(k.model);
    const one = await client.sdk.models.retrieve('claude-sonnet-4-5');
    expect(one).toMatchObject({ id: 'claude-sonnet-4-5', object: 'model', owned_by: 'ant' });
    const explicit = await client.sdk.models.retrieve('ant/claude-sonnet-4-5');
    expect(explicit).toMatchObject({ id: 'ant/claude-sonnet-4-5', owned_by: 'ant' });
    const missing = await client.sdk.models.retrieve('no-such-model').catch((e: unknown) => e);
    expect((missing as APIError).status).toBe(404);
    expect((missing as APIError).code).toBe('model_not_found');
  });

  it('hides models outside a key allowlist', async () => {
    const limited = await createClient(t, token, { name: `limited-${db}`, credit_usd: 1, allowed_models: ['claude-*'] });
    const ids = (await limited.sdk.models.list()).data.map((m) => m.id);
    expect(ids).toContain('claude-sonnet-4-5');
    expect(ids).not.toContain('gpt-4o');
    const refused = await limited.sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((refused as APIError).status).toBe(403);
    expect((refused as APIError).code).toBe('model_not_allowed');
  });
});
