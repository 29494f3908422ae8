import fc from 'fast-check';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { malformedJson, wrongType, type JsonKind } from '../support/fuzz/bodies.js';
import { openAIErrorProblems } from '../support/fuzz/envelope.js';
import { rawSend } from '../support/fuzz/raw.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';

/** FUZZ_RUNS scales every property; FUZZ_SEED replays a run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const VALID = { model: 'gpt-4o', input: 'hello' };
const NUMBER: JsonKind[] = ['integer', 'fraction'];

/** POST /v1/responses fields the gateway validates and the JSON kinds each accepts (null is "absent"). */
const FIELDS: Record<string, JsonKind[]> = {
  model: ['string'], input: ['string', 'array'], instructions: ['string'], previous_response_id: ['string'], prompt_cache_key: ['string'],
  user: ['string'], stream: ['boolean'], store: ['boolean'], parallel_tool_calls: ['boolean'], max_output_tokens: ['integer'],
  temperature: NUMBER, top_p: NUMBER, tools: ['array'], tool_choice: ['string', 'object'], text: ['object'], reasoning: ['object'],
  metadata: ['object'], include: ['array'],
};

/** Input items broken in one place each (wrong kinds where the gateway relies on a field). */
const badItem: fc.Arbitrary<unknown> = fc.oneof(
  wrongType(['object']),
  fc.record({ role: fc.constantFrom('robot', 'tool', ''), content: fc.string({ maxLength: 8 }) }),
  fc.record({ role: fc.constant('user'), content: wrongType(['string', 'array']) }),
  fc.record({ role: fc.constant('user'), content: fc.array(wrongType(['object']), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('function_call'), call_id: wrongType(['string']), name: fc.constant('f'), arguments: fc.constant('{}') }),
  fc.record({ type: fc.constant('function_call'), call_id: fc.constant('c'), name: fc.constant('f'), arguments: wrongType(['string']) }),
  fc.record({ type: fc.constant('function_call_output'), call_id: fc.constant('c'), output: wrongType(['string', 'array']) }),
  fc.record({ type: fc.constant('reasoning'), summary: wrongType(['array']) }),
);

/**
 * Bad input on /v1/responses, generated with fast-check: always a 400 in the OpenAI envelope, never a 5xx or the
 * server's insides, and nothing reaches the provider.
 */
describe.each(databaseTargets())('bad input on /v1/responses (fast-check) on %s', (db) => {
  let upstream: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    t = await startGateway(db, {
      providers: [{ name: 'oa', kind: 'openai', base_url: upstream.baseUrl, retry: { attempts: 1, backoff_ms: [0] }, pricing: { 'gpt-4o': { input: 1, output: 2 } } }],
      routing: [{ match: '*', provider: 'oa' }],
    });
    client = await createClient(t, await adminToken(t), { name: `fuzz-responses-${db}`, credit_usd: 10 });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  afterEach(() => {
    const reached = upstream.requests.map((r) => `${r.method} ${r.path} ${r.rawBody.slice(0, 120)}`);
    upstream.reset();
    expect(reached).toEqual([]);
  });

  const send = (body: string) => rawSend(t.url, { path: '/v1/responses', headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' }, body });

  async function refuses<T>(arb: fc.Arbitrary<T>, toBody: (v: T) => string): Promise<void> {
    const failures: string[] = [];
    const details = await fc.check(
      fc.asyncProperty(arb, async (value) => {
        const problems = openAIErrorProblems(await send(toBody(value)), [400]);
        if (problems.length) failures.push(`${JSON.stringify(value)?.slice(0, 160)} → ${problems.join('; ')}`);
        return problems.length === 0;
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect({ seed: failures.length ? details.seed : null, failures: failures.slice(0, 20) }).toEqual({ seed: null, failures: [] });
  }

  it('a wrong JSON kind at any validated field → 400', async () => {
    const field = fc.constantFrom(...Object.keys(FIELDS)).chain((name) => fc.tuple(fc.constant(name), wrongType(FIELDS[name])));
    await refuses(field, ([name, value]) => JSON.stringify({ ...VALID, [name]: value }));
  });

  it('a broken input item among good ones → 400', async () => {
    const items = fc.tuple(fc.nat({ max: 2 }), badItem).map(([good, bad]) => [...Array.from({ length: good }, () => ({ role: 'user', content: 'hi' })), bad]);
    await refuses(items, (input) => JSON.stringify({ ...VALID, input }));
  });

  it('out-of-range values → 400', async () => {
    const cases = fc.oneof(
      fc.record({ max_output_tokens: fc.integer({ min: -1_000, max: 0 }) }),
      fc.record({ temperature: fc.oneof(fc.double({ min: 2.001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -0.001, noNaN: true })) }),
      fc.record({ top_p: fc.double({ min: 1.001, max: 1e6, noNaN: true }) }),
      fc.record({ tool_choice: fc.string({ maxLength: 8 }).filter((s) => !['none', 'auto', 'required'].includes(s)) }),
      fc.record({ reasoning: fc.record({ effort: fc.string({ maxLength: 8 }).filter((s) => !['none', 'minimal', 'low', 'medium', 'high', 'xhigh'].includes(s)) }) }),
      fc.record({ text: fc.record({ format: fc.record({ type: fc.string({ maxLength: 8 }).filter((s) => !['text', 'json_object', 'json_schema'].includes(s)) }) }) }),
      fc.record({ previous_response_id: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)) }),
      fc.record({ metadata: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { minKeys: 1, maxKeys: 3 }) }),
    );
    await refuses(cases, (extra) => JSON.stringify({ ...VALID, ...extra }));
  });

  it('malformed JSON → 400', async () => {
    await refuses(malformedJson(JSON.stringify(VALID)), (text) => text);
  });
});
