import fc from 'fast-check';
import { malformedJson, deeplyNested, wrongType, type JsonKind } from '../support/fuzz/bodies.js';
import { leaksOf, type RawAnswer } from '../support/fuzz/envelope.js';
import { INVALID_UTF8, rawSend, spliceBytes } from '../support/fuzz/raw.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';

const BODY_LIMIT_MB = 0.25;
const LIMIT_BYTES = BODY_LIMIT_MB * 1024 * 1024;
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const MODEL = 'claude-sonnet-4-5';
const VALID = { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hello @@' }] };

/** What each Messages field accepts; a value of any other kind is a 400. */
const FIELDS: Record<string, JsonKind[]> = {
  model: ['string'],
  max_tokens: ['integer'],
  messages: ['array'],
  system: ['string', 'array'],
  stream: ['boolean'],
  temperature: ['integer', 'fraction'],
  top_p: ['integer', 'fraction'],
  top_k: ['integer'],
  stop_sequences: ['array'],
  tools: ['array'],
  tool_choice: ['object'],
  thinking: ['object'],
  metadata: ['object'],
};
const KNOWN_BLOCKS = new Set(['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'search_result', 'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result', 'container_upload', 'tool_search_tool_result', 'tool_reference']);

/** A 4xx in Anthropic's envelope `{"type":"error","error":{"type","message"}}`, nothing of the server's insides. */
function anthropicErrorProblems(res: RawAnswer, allowed: readonly number[]): string[] {
  const problems: string[] = [];
  if (!allowed.includes(res.status)) problems.push(`status ${res.status}`);
  if (!/application\/json/.test(res.headers.get('content-type') ?? '')) problems.push(`content-type ${res.headers.get('content-type')}`);
  let body: { type?: unknown; error?: { type?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    problems.push('not JSON');
  }
  if (body?.type !== 'error') problems.push('type is not "error"');
  if (typeof body?.error?.type !== 'string' || typeof body.error.message !== 'string' || body.error.message === '') problems.push('no error.type / error.message');
  for (const leak of leaksOf(res.text)) problems.push(`leaks ${leak}`);
  return problems.map((p) => `${p} :: ${res.text.slice(0, 200)}`);
}

/** Fields count_tokens checks too (it takes no sampling fields). */
const COUNT_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking'];

const badBody = (fields: string[]): fc.Arbitrary<unknown> => fc.oneof(
  // one field of the wrong kind
  fc.constantFrom(...fields).chain((field) => wrongType(FIELDS[field]).map((v) => ({ ...VALID, [field]: v }))),
  // a message of the wrong shape
  fc.oneof(wrongType(['object']), fc.record({ role: fc.string({ maxLength: 8 }).filter((r) => r !== 'user' && r !== 'assistant'), content: fc.constant('x') }), fc.record({ role: fc.constant('user'), content: wrongType(['string', 'array']) })).map((m) => ({ ...VALID, messages: [m] })),
  // a content block of an unknown type, or a known one missing what it needs
  fc.oneof(
    fc.string({ maxLength: 12 }).filter((t) => !KNOWN_BLOCKS.has(t)).map((type) => ({ type, text: 'x' })),
    fc.constantFrom({ type: 'text' }, { type: 'image' }, { type: 'tool_use', id: 'a', name: 'f' }, { type: 'tool_result' }, { type: 'thinking' }, { type: 'text', text: 'x', cache_control: 'ephemeral' }),
    wrongType(['object']),
  ).map((block) => ({ ...VALID, messages: [{ role: 'user', content: [block] }] })),
  // required fields missing, or not an object at all
  fc.constantFrom({ max_tokens: 10, messages: VALID.messages }, { model: MODEL, max_tokens: 10 }, { ...VALID, messages: [] }, [], 'x', 42, true),
);

/**
 * Bad input on POST /v1/messages, generated with fast-check: every answer is a 4xx in Anthropic's envelope, no 5xx,
 * no internals, and nothing reaches the Anthropic upstream.
 */
describe.each(databaseTargets())('bad input on /v1/messages (fast-check) on %s', (db) => {
  let upstream: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    upstream = await startMockUpstream('anthropic');
    t = await startGateway(db, {
      server: { body_limit_mb: BODY_LIMIT_MB },
      providers: [{ name: 'ant', kind: 'anthropic', base_url: upstream.baseUrl, retry: { attempts: 1, backoff_ms: [0] }, pricing: { [MODEL]: { input: 3, output: 15 } } }],
      routing: [{ match: '*', provider: 'ant' }],
    } as never);
    client = await createClient(t, await adminToken(t), { name: `fuzz-messages-${db}`, credit_usd: 10 });
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

  const send = (body: string | Uint8Array, path = '/v1/messages') =>
    rawSend(t.url, { path, headers: { 'x-api-key': client.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body });

  async function refuses<T>(arb: fc.Arbitrary<T>, request: (v: T) => Promise<RawAnswer>, allowed: number[]): Promise<void> {
    const failures: string[] = [];
    const details = await fc.check(
      fc.asyncProperty(arb, async (value) => {
        const problems = anthropicErrorProblems(await request(value), allowed);
        if (problems.length) failures.push(`${JSON.stringify(value)?.slice(0, 160)} → ${problems.join('; ')}`);
        return problems.length === 0;
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect({ seed: failures.length ? details.seed : null, failures: failures.slice(0, 20) }).toEqual({ seed: null, failures: [] });
  }

  it('wrong types at every field, broken messages and unknown block types → 400', async () => {
    await refuses(fc.oneof(badBody(Object.keys(FIELDS)), fc.constant({ model: MODEL, messages: VALID.messages })), (body) => send(JSON.stringify(body)), [400]);
  });

  it('the same on count_tokens → 400', async () => {
    await refuses(badBody(COUNT_FIELDS), (body) => send(JSON.stringify(body), '/v1/messages/count_tokens'), [400]);
  });

  it('malformed JSON, invalid UTF-8 and deep nesting → 400', async () => {
    await refuses(malformedJson(JSON.stringify(VALID)), (text) => send(text), [400]);
    await refuses(fc.constantFrom(...INVALID_UTF8), (bytes) => send(spliceBytes(JSON.stringify(VALID), '@@', bytes)), [400]);
    await refuses(fc.integer({ min: 129, max: 20_000 }), (depth) => send(JSON.stringify(VALID).replace('"hello @@"', deeplyNested(depth))), [400]);
  });

  it('a body over server.body_limit_mb → 413 request_too_large', async () => {
    await refuses(fc.integer({ min: LIMIT_BYTES + 1, max: LIMIT_BYTES * 3 }), (size) => send(JSON.stringify({ ...VALID, padding: 'p'.repeat(size) })), [413]);
  });
});
