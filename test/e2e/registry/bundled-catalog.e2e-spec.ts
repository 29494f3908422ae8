import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { FAST, adminToken, createClient, startGateway, type TestClient } from '../gateway/support/gateway.harness.js';

/**
 * Golden: a fresh start with no network (registry.url empty, no cache in DATA_DIR) serves today's models from the
 * bundled models.dev snapshot and charges them at its prices. Each upstream answers 1,000 prompt and 500 completion
 * tokens; the expected costs are the catalog's USD-per-1M prices worked out by hand.
 */
const PROMPT = 1000;
const COMPLETION = 500;

const GOLDEN: Array<{ model: string; mock: 'openai' | 'anthropic' | 'gemini' | 'deepseek'; input: number; output: number; cost: number }> = [
  { model: 'claude-sonnet-4-5', mock: 'anthropic', input: 3, output: 15, cost: 0.0105 }, // 1000×3 + 500×15 = 10,500 µ$
  { model: 'gpt-4.1', mock: 'openai', input: 2, output: 8, cost: 0.006 }, // 1000×2 + 500×8 = 6,000 µ$
  { model: 'gemini-2.5-pro', mock: 'gemini', input: 1.25, output: 10, cost: 0.00625 }, // 1000×1.25 + 500×10 = 6,250 µ$
  { model: 'deepseek-chat', mock: 'deepseek', input: 0.14, output: 0.28, cost: 0.00028 }, // 1000×0.14 + 500×0.28 = 280 µ$
];

function answerFor(kind: 'openai' | 'anthropic' | 'gemini', model: string, prompt = PROMPT): unknown {
  if (kind === 'anthropic') {
    return { id: 'msg_golden', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'Paris.' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: PROMPT, output_tokens: COMPLETION } };
  }
  if (kind === 'gemini') {
    return { candidates: [{ content: { role: 'model', parts: [{ text: 'Paris.' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: COMPLETION, totalTokenCount: prompt + COMPLETION }, modelVersion: model };
  }
  return {
    id: 'chatcmpl-golden', object: 'chat.completion', created: 1_750_000_000, model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: PROMPT, completion_tokens: COMPLETION, total_tokens: PROMPT + COMPLETION },
  };
}

describe.each(databaseTargets())('the bundled catalog, offline, on %s', (db) => {
  const mocks: Record<string, MockUpstream> = {};
  let t: TestApp;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    mocks.openai = await startMockUpstream('openai', { apiKey: 'sk-golden-openai' });
    mocks.deepseek = await startMockUpstream('openai', { apiKey: 'sk-golden-deepseek' });
    mocks.anthropic = await startMockUpstream('anthropic', { apiKey: 'sk-golden-anthropic' });
    mocks.gemini = await startMockUpstream('gemini', { apiKey: 'golden-gemini' });
    mocks.compat = await startMockUpstream('openai', { apiKey: 'sk-golden-compat' });
    // no routing section: the default rules send each model to the provider of that name; no pricing: the catalog's
    t = await startGateway(db, {
      providers: [
        { name: 'openai', kind: 'openai', base_url: mocks.openai.baseUrl, api_key: 'sk-golden-openai', ...FAST },
        { name: 'deepseek', kind: 'openai-compatible', preset: 'deepseek', base_url: mocks.deepseek.baseUrl, api_key: 'sk-golden-deepseek', ...FAST },
        { name: 'anthropic', kind: 'anthropic', base_url: mocks.anthropic.baseUrl, api_key: 'sk-golden-anthropic', ...FAST },
        { name: 'gemini', kind: 'gemini', base_url: mocks.gemini.baseUrl, api_key: 'golden-gemini', ...FAST },
        { name: 'openrouter', kind: 'openai-compatible', preset: 'openrouter', base_url: mocks.compat.baseUrl, api_key: 'sk-golden-compat', ...FAST },
        { name: 'xai', kind: 'openai-compatible', preset: 'xai', base_url: mocks.compat.baseUrl, api_key: 'sk-golden-compat', ...FAST },
      ],
    });
    token = await adminToken(t);
    client = await createClient(t, token, { name: `golden-${db}`, credit_usd: 10 });
  });
  afterAll(async () => {
    await t?.close();
    for (const m of Object.values(mocks)) await m.close();
  });

  it('loads the full bundled snapshot, and /api/system says where it came from and how old it is', async () => {
    const res = await fetch(`${t.url}/api/system`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { registry: { source: string; as_of: string | null; age_seconds: number | null; models: number } };
    expect(body.registry).toMatchObject({ source: 'bundled', as_of: '2026-07-02T00:00:00.000Z', models: 526 });
    expect(Math.abs((body.registry.age_seconds ?? 0) - (Date.now() - Date.parse('2026-07-02T00:00:00Z')) / 1000)).toBeLessThan(5);
  });

  it.each(GOLDEN)('serves $model and charges its catalog price ($input / $output per 1M): $cost USD', async ({ model, mock, input, output, cost }) => {
    const upstream = mocks[mock];
    upstream.script({ json: answerFor(mock === 'deepseek' ? 'openai' : mock, model) });
    const listed = await fetch(`${t.url}/api/models`, { headers: { authorization: `Bearer ${token}` } });
    const entry = ((await listed.json()) as { data: Array<{ id: string; input_price: number; output_price: number; served_by: string[] }> }).data.find((m) => m.id === model);
    expect(entry).toMatchObject({ input_price: input, output_price: output, served_by: [mock] });

    const completion = await client.sdk.chat.completions.create({ model, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }], max_tokens: 1000 });
    expect(completion.choices[0].message.content).toBe('Paris.');
    expect(completion.usage).toMatchObject({ prompt_tokens: PROMPT, completion_tokens: COMPLETION, cost });
    const sent = upstream.requests.at(-1);
    expect(`${sent?.path} ${sent?.rawBody}`).toContain(model); // Gemini names the model in the path

    const ledger = await fetch(`${t.url}/api/clients/${client.id}/ledger`, { headers: { authorization: `Bearer ${token}` } });
    const entries = ((await ledger.json()) as { data: Array<{ amount_usd: number; kind: string }> }).data;
    expect(entries.filter((e) => e.kind === 'charge' && e.amount_usd === -cost)).toHaveLength(1);
  });

  it('charges a long prompt on a tiered model (gemini-2.5-pro above 200k tokens) at the higher tier, for all its tokens', async () => {
    const listed = await fetch(`${t.url}/api/models`, { headers: { authorization: `Bearer ${token}` } });
    const pro = ((await listed.json()) as { data: Array<{ id: string; tiers?: unknown }> }).data.find((m) => m.id === 'gemini-2.5-pro');
    expect(pro?.tiers).toEqual([{ above_tokens: 200_000, input_price: 2.5, output_price: 15, cache_read_price: 0.25, cache_write_price: null }]);
    mocks.gemini.script({ json: answerFor('gemini', 'gemini-2.5-pro', 250_000) });
    const completion = await client.sdk.chat.completions.create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'Summarize the attached corpus.' }], max_tokens: 1000 });
    // 250,000 × 2.50 + 500 × 15.00 per 1M (the tier), not 250,000 × 1.25 + 500 × 10 (the base: 0.3175)
    expect(completion.usage).toMatchObject({ prompt_tokens: 250_000, completion_tokens: COMPLETION, cost: 0.6325 });
  });

  it('serves a model the catalog prices at 0 as free, and refuses one it has no price for (unknown) with 404', async () => {
    const before = await fetch(`${t.url}/api/clients/${client.id}/ledger`, { headers: { authorization: `Bearer ${token}` } });
    const chargesBefore = ((await before.json()) as { data: unknown[] }).data.length;
    mocks.compat.script({ json: answerFor('openai', 'qwen/qwen3-coder:free') });
    const free = await client.sdk.chat.completions.create({ model: 'openrouter/qwen/qwen3-coder:free', messages: [{ role: 'user', content: 'hi' }] });
    expect(free.usage).toMatchObject({ prompt_tokens: PROMPT, completion_tokens: COMPLETION, cost: 0 });
    const after = await fetch(`${t.url}/api/clients/${client.id}/ledger`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await after.json()) as { data: unknown[] }).data).toHaveLength(chargesBefore);

    const calls = mocks.compat.requests.length;
    // grok-imagine-image is in the catalog without a cost: unknown, so refused under unpriced_models: reject
    const unknown = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'grok-imagine-image', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'model_not_found', message: expect.stringContaining('no known price') } });
    expect(mocks.compat.requests).toHaveLength(calls);
  });
});
