import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login } from './support/admin-api.js';

/** A tiny OpenAI-compatible upstream answering every chat completion. */
function mockUpstream(): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const model = (JSON.parse(body || '{}') as { model?: string }).model ?? 'm';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        id: 'chatcmpl-1', object: 'chat.completion', created: 1, model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }));
    });
  });
}

describe.each(databaseTargets())('per-client limits on /v1 on %s', (db) => {
  let t: TestApp;
  let upstream: Server;
  let admin: string;

  beforeAll(async () => {
    upstream = mockUpstream();
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    t = await startTestApp({
      db,
      yaml: [
        'providers:',
        `  - { name: mock, kind: openai-compatible, base_url: "http://127.0.0.1:${port}/v1", api_key: sk-mock, models: [alpha-1, beta-1], pricing: { "alpha-1": { input: 0, output: 0 }, "beta-1": { input: 0, output: 0 } } }`,
        'routing:',
        '  - { match: "*", provider: mock }',
      ].join('\n'),
    });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => upstream?.close(r));
  });

  const chat = (key: string, model: string) =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }),
    });

  it('refuses models outside the allowlist with 403 model_not_allowed, and a PATCH applies at once', async () => {
    const client = await createClient(t, admin, { name: 'allow', allowed_models: ['alpha-*'] });
    const { key } = await createKey(t, admin, client.id);
    expect((await chat(key, 'alpha-1')).status).toBe(200);
    const refused = await chat(key, 'beta-1');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('model_not_allowed');

    expect((await call(t, 'PATCH', `/api/clients/${client.id}`, { token: admin, body: { allowed_models: ['beta-*'] } })).status).toBe(200);
    expect((await chat(key, 'beta-1')).status).toBe(200);
    expect((await chat(key, 'alpha-1')).status).toBe(403);
  });

  it('answers 429 rate_limit_exceeded with Retry-After past the rpm, and a raised limit applies at once', async () => {
    const client = await createClient(t, admin, { name: 'rpm', rpm: 2 });
    const { key } = await createKey(t, admin, client.id);
    expect((await chat(key, 'alpha-1')).status).toBe(200);
    expect((await chat(key, 'alpha-1')).status).toBe(200);
    const limited = await chat(key, 'alpha-1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { type: string } }).error.type).toBe('rate_limit_exceeded');

    expect((await call(t, 'PATCH', `/api/clients/${client.id}`, { token: admin, body: { rpm: null } })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await chat(key, 'alpha-1')).status).toBe(200);
  });

  it('limits tokens per minute', async () => {
    const client = await createClient(t, admin, { name: 'tpm', tpm: 40 });
    const { key } = await createKey(t, admin, client.id);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await chat(key, 'alpha-1')).status);
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
  });
});
