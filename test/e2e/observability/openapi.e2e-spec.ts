// The OpenAPI document at /docs-json: valid OpenAPI 3, and complete for every /v1 and /api route the app serves (read
// from Fastify's route table, so routes added later are covered without touching this test); its examples work.
import { Validator } from '@seriousme/openapi-schema-validator';
import { registeredRoutes } from '../auth/support/routes.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { TEST_ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';
import { adminToken, createClient, type TestClient } from '../gateway/support/gateway.harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const UPSTREAM_KEY = 'sk-openapi-upstream-key-0123456789';

/** Fastify's `/api/clients/:id/keys/:keyId` and `/v1/models/*` as OpenAPI names them. */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/\*$/, '/{path}');

describe('the OpenAPI document', () => {
  let upstream: MockUpstream;
  let t: TestApp;
  let doc: Json;
  let client: TestClient;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai', { apiKey: UPSTREAM_KEY });
    t = await startTestApp({
      yaml: JSON.stringify({
        providers: [{ name: 'mock', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 }, 'text-embedding-3-small': { input: 0.02, output: 0 } } }],
        routing: [{ match: '*', provider: 'mock' }],
      }),
    });
    const res = await fetch(`${t.url}/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
    client = await createClient(t, await adminToken(t), { name: 'openapi', credit_usd: 5 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  it('validates against the OpenAPI 3 schema', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has the client-key scheme for /v1 and the session schemes (bearer and cookie) for /api', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      'client-key': { type: 'http', scheme: 'bearer' },
      'x-api-key': { type: 'apiKey', in: 'header', name: 'x-api-key' },
      session: { type: 'http', scheme: 'bearer' },
      'session-cookie': { type: 'apiKey', in: 'cookie', name: 'gg_session' },
    });
  });

  const schemeNames = (op: Json): string[] => (op.security ?? []).flatMap((s: Json) => Object.keys(s));
  const resolve = (schema: Json | undefined): Json | undefined => (schema?.$ref ? doc.components.schemas[String(schema.$ref).split('/').pop()!] : schema);

  it('documents every /v1 and /api route the app serves: body, answers, errors and security', () => {
    const routes = registeredRoutes(t).filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const route of routes) {
      const path = openApiPath(route.path);
      const name = `${route.method} ${path}`;
      const op = doc.paths[path]?.[route.method.toLowerCase()] as Json | undefined;
      if (!op) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (!body) problems.push(`${name}: no JSON request body`);
      }
      const responses = Object.entries(op.responses ?? {}) as Array<[string, Json]>;
      const ok = responses.filter(([status]) => status.startsWith('2'));
      if (ok.length === 0) problems.push(`${name}: no success answer`);
      for (const [status, r] of ok) if (status !== '204' && !r.content) problems.push(`${name}: answer ${status} has no schema`);
      const errors = responses.filter(([status]) => /^[45]/.test(status));
      if (errors.length === 0) problems.push(`${name}: no error answers`);
      for (const [status, r] of errors) if (!r.content?.['application/json']?.schema) problems.push(`${name}: error ${status} has no envelope`);
      const schemes = schemeNames(op);
      if (path.startsWith('/v1/') && !(schemes.includes('client-key') && schemes.includes('x-api-key'))) problems.push(`${name}: no client-key security (bearer and x-api-key)`);
      if (path.startsWith('/api/') && path !== '/api/auth/login' && !(schemes.includes('session') && schemes.includes('session-cookie'))) problems.push(`${name}: no session security`);
    }
    expect(problems).toEqual([]);
  });

  it('uses the OpenAI envelope for /v1 errors and Nest’s for /api errors', () => {
    const chat = doc.paths['/v1/chat/completions'].post;
    expect(resolve(chat.responses['401'].content['application/json'].schema)).toMatchObject({ required: ['error'] });
    const clients = doc.paths['/api/clients'].post;
    expect(resolve(clients.responses['400'].content['application/json'].schema)).toMatchObject({ required: ['statusCode', 'message'] });
  });

  it('describes the chat completions and embeddings bodies with their main fields, open to unknown ones', () => {
    const chat = resolve(doc.paths['/v1/chat/completions'].post.requestBody.content['application/json'].schema)!;
    expect(chat.required).toEqual(['model', 'messages']);
    expect(Object.keys(chat.properties)).toEqual(expect.arrayContaining(['model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop', 'seed', 'user', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort']));
    expect(chat.additionalProperties).toBe(true);
    const embeddings = resolve(doc.paths['/v1/embeddings'].post.requestBody.content['application/json'].schema)!;
    expect(Object.keys(embeddings.properties)).toEqual(expect.arrayContaining(['model', 'input', 'encoding_format', 'dimensions']));
    expect(embeddings.additionalProperties).toBe(true);
  });

  it('has /v1 examples that work as they are', async () => {
    const tried: string[] = [];
    for (const path of ['/v1/chat/completions', '/v1/embeddings']) {
      const examples = doc.paths[path].post.requestBody.content['application/json'].examples as Record<string, { value: Json }>;
      expect(Object.keys(examples).length).toBeGreaterThan(0);
      for (const [name, example] of Object.entries(examples)) {
        const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' }, body: JSON.stringify(example.value) });
        const text = await res.text();
        expect([name, res.status, text.slice(0, 200)]).toEqual([name, 200, expect.any(String)]);
        tried.push(`${path} ${name}`);
      }
    }
    expect(tried.length).toBeGreaterThanOrEqual(5);
  });

  it('shows no secret', () => {
    const text = JSON.stringify(doc);
    for (const secret of [UPSTREAM_KEY, client.key, TEST_ADMIN.password]) expect(text).not.toContain(secret);
  });
});
