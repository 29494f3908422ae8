import { startMockUpstream, type MockKind, type MockUpstream } from '../../../support/mock-upstreams/index.js';
import { buildGateway, type Gateway } from '../support/fakes.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TOOLS = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } } }];

interface KindCase {
  provider: string;
  kind: 'openai' | 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama';
  mock: MockKind;
  model: string;
  embeddings: boolean;
}

const CASES: KindCase[] = [
  { provider: 'oa', kind: 'openai', mock: 'openai', model: 'gpt-4o', embeddings: true },
  { provider: 'compat', kind: 'openai-compatible', mock: 'openai', model: 'local-model', embeddings: true },
  { provider: 'ant', kind: 'anthropic', mock: 'anthropic', model: 'claude-sonnet-4-5', embeddings: false },
  { provider: 'gem', kind: 'gemini', mock: 'gemini', model: 'gemini-2.5-flash', embeddings: true },
  { provider: 'oll', kind: 'ollama', mock: 'ollama', model: 'qwen3-vl:8b', embeddings: true },
];

describe.each(CASES)('every provider kind through the pipeline: $kind', (c) => {
  let mock: MockUpstream;
  let gw: Gateway;
  const key = `key-${c.provider}-0123456789`;

  beforeAll(async () => {
    mock = await startMockUpstream(c.mock, c.kind === 'ollama' ? {} : { apiKey: key });
    gw = buildGateway({
      yaml: {
        providers: [{ name: c.provider, kind: c.kind, base_url: mock.baseUrl, ...(c.kind === 'ollama' ? {} : { api_key: key }), pricing: { [c.model]: { input: 1, output: 2 }, 'embed-model': { input: 0.1, output: 0 } } }],
      },
      routes: { [c.model]: { provider: c.provider }, 'embed-model': { provider: c.provider } },
    });
  });
  afterAll(async () => {
    await gw.close();
    await mock.close();
  });
  afterEach(() => mock.reset());

  it('answers a plain request with text, usage and cost', async () => {
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { model: c.model, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] }, channel);
    const body = channel.json();
    expect(body.object).toBe('chat.completion');
    expect(typeof body.choices[0].message.content).toBe('string');
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.cost).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(1);
    expect(JSON.stringify(mock.requests[0].query)).not.toContain(key);
  });

  it('streams with include_usage and ends with [DONE]', async () => {
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { model: c.model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] }, channel);
    const sink = channel.sink!;
    expect(sink.terminal).toBe('done');
    const frames = sink.frames as Array<{ choices: Array<{ delta: { content?: string }; finish_reason: string | null }>; usage?: { cost: number; total_tokens: number } }>;
    expect(frames.map((f) => f.choices[0]?.delta.content ?? '').join('')).toContain('Paris');
    expect(frames.some((f) => f.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(frames.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it.each([false, true])('returns tool calls (stream: %s)', async (stream) => {
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { model: c.model, stream, tools: TOOLS, messages: [{ role: 'user', content: 'Weather in Paris?' }] }, channel);
    if (!stream) {
      const msg = channel.json().choices[0];
      expect(msg.finish_reason).toBe('tool_calls');
      expect(msg.message.tool_calls[0].function.name).toBe('get_weather');
      expect(JSON.parse(msg.message.tool_calls[0].function.arguments)).toMatchObject({ city: 'Paris' });
    } else {
      const frames = channel.sink!.frames as Array<{ choices: Array<{ delta: { tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> }; finish_reason: string | null }> }>;
      const calls = frames.flatMap((f) => f.choices[0]?.delta.tool_calls ?? []);
      expect(calls.find((t) => t.function?.name)?.function?.name).toBe('get_weather');
      expect(JSON.parse(calls.filter((t) => t.index === 0).map((t) => t.function?.arguments ?? '').join(''))).toMatchObject({ city: 'Paris' });
      expect(frames.some((f) => f.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
      expect(channel.sink!.terminal).toBe('done');
    }
  });

  it('sends images and a tool round trip in the provider format', async () => {
    const channel = gw.channel();
    await gw.chat.complete(
      gw.trace(),
      {
        model: c.model,
        tools: TOOLS,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Where was this taken?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_abc', content: '{"temperature":18}' },
        ],
      },
      channel,
    );
    expect(channel.sent?.status).toBe(200);
    expect(channel.json().choices[0].finish_reason).toBe('stop');
    expect(mock.requests[0].rawBody).toContain(PNG);
  });

  it('reports a mid-stream failure as one error frame without [DONE]', async () => {
    mock.script(mock.midStreamError());
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { model: c.model, stream: true, messages: [{ role: 'user', content: 'hi' }] }, channel);
    expect(channel.sink!.terminal).toBe('fail');
    expect(channel.sink!.failure).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
  });

  it(c.embeddings ? 'serves embeddings billed at the input price' : 'refuses embeddings with 400', async () => {
    const channel = gw.channel();
    const run = gw.embeddings.embed(gw.trace(), { model: 'embed-model', input: ['hello world', 'second input'] }, channel);
    if (!c.embeddings) {
      await expect(run).rejects.toMatchObject({ status: 400, param: 'model' });
      return;
    }
    await run;
    const body = channel.json();
    expect(body.object).toBe('list');
    expect(body.data).toHaveLength(2);
    expect(Array.isArray(body.data[0].embedding)).toBe(true);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.cost).toBeGreaterThan(0);
  });
});
