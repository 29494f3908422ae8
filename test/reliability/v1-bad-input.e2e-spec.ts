import fc from 'fast-check';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { badChatBody, badEmbeddingsBody, deeplyNested, malformedJson } from '../support/fuzz/bodies.js';
import { openAIErrorProblems } from '../support/fuzz/envelope.js';
import { INVALID_UTF8, rawSend, spliceBytes } from '../support/fuzz/raw.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';

/** A small body limit, so "over the limit" is cheap to send. */
const BODY_LIMIT_MB = 0.25;
const LIMIT_BYTES = BODY_LIMIT_MB * 1024 * 1024;
/** FUZZ_RUNS scales every property (e.g. FUZZ_RUNS=2000 for a long hunt); FUZZ_SEED replays a run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const ENDPOINTS = [
  { path: '/v1/chat/completions', model: 'gpt-4o', valid: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello @@' }] } },
  { path: '/v1/embeddings', model: 'text-embedding-3-small', valid: { model: 'text-embedding-3-small', input: 'hello @@' } },
] as const;

/**
 * Bad input on the client API, generated with fast-check: every answer is a well-formed 4xx in the OpenAI
 * envelope, no 5xx, no stack or internals, and nothing reaches the upstream (the mock records every request).
 */
describe.each(databaseTargets())('bad input on /v1 (fast-check) on %s', (db) => {
  let upstream: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    const price = { input: 1, output: 2 };
    t = await startGateway(db, {
      server: { body_limit_mb: BODY_LIMIT_MB },
      providers: [{ name: 'oa', kind: 'openai', base_url: upstream.baseUrl, retry: { attempts: 1, backoff_ms: [0] }, pricing: { 'gpt-4o': price, 'text-embedding-3-small': price } }],
      routing: [{ match: '*', provider: 'oa' }],
    } as never);
    client = await createClient(t, await adminToken(t), { name: `fuzz-${db}`, credit_usd: 10 });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });
  afterEach(() => {
    // the properties below must never have reached the upstream
    const reached = upstream.requests.map((r) => `${r.method} ${r.path} ${r.rawBody.slice(0, 120)}`);
    upstream.reset();
    expect(reached).toEqual([]);
  });

  const send = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    rawSend(t.url, { path, headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json', ...headers }, body });

  /** Run a property whose every case must be refused; collects every offending input. */
  async function refuses<T>(arb: fc.Arbitrary<T>, request: (v: T) => Promise<{ status: number; headers: Headers; text: string }>, allowed: number[] = []): Promise<void> {
    const failures: string[] = [];
    const details = await fc.check(
      fc.asyncProperty(arb, async (value) => {
        const res = await request(value);
        const problems = openAIErrorProblems(res, allowed);
        if (problems.length) failures.push(`${JSON.stringify(value)?.slice(0, 160)} → ${problems.join('; ')}`);
        return problems.length === 0;
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect({ seed: failures.length ? details.seed : null, failures: failures.slice(0, 20) }).toEqual({ seed: null, failures: [] });
  }

  it('wrong types, out-of-range values and broken messages at every chat field → 400', async () => {
    await refuses(badChatBody('gpt-4o'), (body) => send('/v1/chat/completions', JSON.stringify(body)), [400]);
  });

  it('wrong types and bad inputs at every embeddings field → 400', async () => {
    await refuses(badEmbeddingsBody('text-embedding-3-small'), (body) => send('/v1/embeddings', JSON.stringify(body)), [400]);
  });

  it.each(ENDPOINTS)('malformed JSON on $path → 400', async (e) => {
    await refuses(malformedJson(JSON.stringify(e.valid)), (text) => send(e.path, text), [400]);
  });

  it.each(ENDPOINTS)('invalid UTF-8 (raw bytes) in a string of $path → 400', async (e) => {
    await refuses(fc.constantFrom(...INVALID_UTF8), (bytes) => send(e.path, spliceBytes(JSON.stringify(e.valid), '@@', bytes)), [400]);
  });

  it.each(ENDPOINTS)('a NUL character in any string of $path → 400', async (e) => {
    const fields = e.path === '/v1/chat/completions' ? ['model', 'content', 'role', 'user', 'unknown'] : ['model', 'input', 'user', 'unknown'];
    await refuses(fc.tuple(fc.constantFrom(...fields), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), ([field, a, b]) => {
      const nul = `${a}\u0000${b}`;
      const body: Record<string, unknown> = structuredClone(e.valid) as Record<string, unknown>;
      if (field === 'content' || field === 'role') (body.messages as Array<Record<string, unknown>>)[0][field] = nul;
      else if (field === 'unknown') body[nul] = nul;
      else body[field] = nul;
      return send(e.path, JSON.stringify(body));
    }, [400]);
  });

  it.each(ENDPOINTS)('deep nesting anywhere in $path → 400, never a stack overflow', async (e) => {
    const where = e.path === '/v1/chat/completions' ? ['metadata', 'content', 'tools', 'response_format'] : ['metadata', 'input'];
    await refuses(fc.tuple(fc.constantFrom(...where), fc.integer({ min: 129, max: 50_000 })), ([field, depth]) => {
      const nested = deeplyNested(depth);
      const base = JSON.stringify(e.valid).slice(0, -1);
      const text =
        field === 'content'
          ? JSON.stringify(e.valid).replace('"hello @@"', nested)
          : field === 'tools'
            ? `${base},"tools":[{"type":"function","function":{"name":"f","parameters":{"a":${nested}}}}]}`
            : field === 'input'
              ? `${base.replace('"input":"hello @@"', `"input":${nested}`)}}`
              : `${base},"${field}":${nested}}`;
      return send(e.path, text);
    }, [400]);
  });

  it('huge strings and arrays where they are wrong → 400 (within the body limit)', async () => {
    const huge = 'x'.repeat(150_000);
    const many = Array.from({ length: 5_000 }, () => ({ role: 'user', content: 'x' }));
    const cases: Array<[string, unknown]> = [
      ['/v1/chat/completions', { model: huge, messages: [{ role: 'user', content: 'hi' }] }],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: huge, content: 'hi' }] }],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [...many, { role: 'alien', content: 'x' }] }],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: huge }],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stop: [...Array.from({ length: 5_000 }, () => 'x'), 5] }],
      ['/v1/embeddings', { model: huge, input: 'x' }],
      ['/v1/embeddings', { model: 'text-embedding-3-small', input: Array.from({ length: 10_000 }, () => 'x') }],
      ['/v1/embeddings', { model: 'text-embedding-3-small', input: [...Array.from({ length: 1_000 }, () => 'x'), 1] }],
    ];
    await refuses(fc.constantFrom(...cases), ([path, body]) => send(path, JSON.stringify(body)), [400]);
  });

  it.each(ENDPOINTS)('a body over server.body_limit_mb on $path → 413 (with or without Content-Length)', async (e) => {
    await refuses(fc.tuple(fc.integer({ min: LIMIT_BYTES + 1, max: LIMIT_BYTES * 4 }), fc.boolean()), async ([size, chunked]) => {
      const text = JSON.stringify({ ...e.valid, padding: 'p'.repeat(size) });
      if (!chunked) return send(e.path, text);
      // no Content-Length: the limit must hold while the body streams in
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = Buffer.from(text);
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      });
      const res = await fetch(`${t.url}${e.path}`, { method: 'POST', headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' }, body, duplex: 'half', signal: AbortSignal.timeout(15_000) } as RequestInit);
      return { status: res.status, headers: res.headers, text: await res.text() };
    }, [413]);
  });

  it.each(ENDPOINTS)('empty bodies, non-JSON content types and non-object JSON on $path → 4xx', async (e) => {
    const cases: Array<[string, string]> = [
      ['application/json', ''],
      ['text/plain', JSON.stringify(e.valid)],
      ['application/x-www-form-urlencoded', 'model=gpt-4o&messages=hi'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="model"\r\n\r\ngpt-4o\r\n--x--\r\n'],
      ['application/xml', '<model>gpt-4o</model>'],
      ['application/json', '[]'],
      ['application/json', '"just a string"'],
      ['application/json', '42'],
      ['application/json', 'null'],
      ['application/json', 'true'],
    ];
    await refuses(fc.constantFrom(...cases), ([type, body]) => send(e.path, body, { 'content-type': type }));
  });

  it('still serves a valid request with moderate nesting in an unknown field (the guards are not too strict)', async () => {
    const res = await send('/v1/chat/completions', `{"model":"gpt-4o","messages":[{"role":"user","content":"hello"}],"metadata_x":${deeplyNested(100)}}`);
    expect(res.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    upstream.reset();
  });
});
