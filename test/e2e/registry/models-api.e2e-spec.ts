import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseTargets } from '../../support/test-database.js';
import { SMALL_CATALOG, startTestApp, type TestApp } from '../../support/test-app.js';
import { makeDoc } from '../../unit/registry/support/registry-fixtures.js';
import { adminHeaders, getJson, postJson, type ModelList } from './support/registry.js';

const YAML = `
providers:
  - { name: openai, kind: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-test, pricing: { "gpt-4o": { input: 5, output: 15 } } }
  - { name: anthropic, kind: anthropic, base_url: "http://127.0.0.1:9/v1", api_key: sk-ant-test }
  - { name: openrouter, kind: openai-compatible, preset: openrouter, base_url: "http://127.0.0.1:9/api/v1", api_key: sk-or-test }
  - { name: ollama, kind: ollama, base_url: "http://127.0.0.1:9", pricing: { "llama3.2": { input: 0, output: 0 } } }
routing:
  - { match: "claude-*", provider: anthropic, fallback: [openrouter] }
`;

describe.each(databaseTargets())('registry admin API on %s', (db) => {
  describe('offline, from the bundled snapshot', () => {
    let t: TestApp;
    let auth: Record<string, string>;
    beforeAll(async () => {
      t = await startTestApp({ db, yaml: YAML, bundledSnapshot: SMALL_CATALOG });
      auth = await adminHeaders(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('lists the bundled catalog with models.dev prices (USD per 1M tokens) and limits', async () => {
      const { status, body } = await getJson<ModelList>(t, '/api/models', auth);
      expect(status).toBe(200);
      expect(body.registry).toEqual({ source: 'bundled', loaded_at: expect.any(String), models: 12, loaded: true });
      expect(body.data.find((m) => m.id === 'gpt-5-mini')).toEqual({
        id: 'gpt-5-mini', provider: 'openai', name: 'GPT-5 Mini', input_price: 0.25, output_price: 2, cache_read_price: 0.025, cache_write_price: null,
        context: 400000, max_output: 128000, served_by: ['openai'],
      });
      expect(body.data.find((m) => m.id === 'claude-sonnet-4-5')).toMatchObject({ input_price: 3, output_price: 15, cache_read_price: 0.3, cache_write_price: 3.75, served_by: ['anthropic', 'openrouter'] });
    });

    it('shows config pricing over the catalog, config-only models, and models nothing serves', async () => {
      const { body } = await getJson<ModelList>(t, '/api/models', auth);
      expect(body.data.filter((m) => m.id === 'gpt-4o')).toEqual([
        { id: 'gpt-4o', provider: 'openai', name: 'GPT-4o', input_price: 5, output_price: 15, cache_read_price: null, cache_write_price: null, context: 128000, max_output: 16384, served_by: ['openai'] },
      ]);
      expect(body.data.find((m) => m.id === 'llama3.2')).toEqual({
        id: 'llama3.2', provider: 'ollama', name: 'llama3.2', input_price: 0, output_price: 0, cache_read_price: null, cache_write_price: null, context: null, max_output: null, served_by: ['ollama'],
      });
      expect(body.data.find((m) => m.id === 'gemini-2.5-pro')?.served_by).toEqual([]);
      expect(body.data.find((m) => m.id === 'grok-4.3')?.served_by).toEqual([]);
      expect(body.data).toHaveLength(13);
    });

    it('explains a route: rule with fallback, explicit provider/model, config price override', async () => {
      const claude = await getJson<{ model: string; candidates: Array<{ provider: string; upstream_model: string; state: string }>; price: unknown }>(t, '/api/models/route?model=claude-sonnet-4-5', auth);
      expect(claude.status).toBe(200);
      expect(claude.body.model).toBe('claude-sonnet-4-5');
      expect(claude.body.candidates.map((c) => [c.provider, c.upstream_model])).toEqual([['anthropic', 'claude-sonnet-4-5'], ['openrouter', 'claude-sonnet-4-5']]);
      expect(claude.body.candidates.every((c) => typeof c.state === 'string')).toBe(true);
      expect(claude.body.price).toEqual({ input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 });

      const explicit = await getJson<{ candidates: Array<{ provider: string; upstream_model: string }>; price: unknown }>(t, `/api/models/route?model=${encodeURIComponent('anthropic/claude-haiku-4-5')}`, auth);
      expect(explicit.body.candidates.map((c) => [c.provider, c.upstream_model])).toEqual([['anthropic', 'claude-haiku-4-5']]);
      expect(explicit.body.price).toEqual({ input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 });

      const overridden = await getJson<{ price: unknown }>(t, '/api/models/route?model=gpt-4o', auth);
      expect(overridden.body.price).toEqual({ input: 5, output: 15, cache_read: null, cache_write: null });
    });

    it('answers 404 in Nest\'s shape when no configured provider serves the model', async () => {
      const { status, body } = await getJson(t, '/api/models/route?model=gemini-2.5-pro', auth);
      expect(status).toBe(404);
      expect(body).toEqual({ statusCode: 404, message: expect.stringContaining('gemini-2.5-pro'), error: 'Not Found' });
    });

    it.each([
      ['no model', '/api/models/route'],
      ['an empty model', '/api/models/route?model='],
      ['an over-long model', `/api/models/route?model=${'x'.repeat(300)}`],
      ['an unknown parameter', '/api/models/route?model=gpt-4o&provider=openai'],
    ])('rejects %s with a 400 in Nest\'s shape', async (_label, path) => {
      const { status, body } = await getJson<{ statusCode: number; message: unknown; error: string }>(t, path, auth);
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(Array.isArray(body.message)).toBe(true);
    });

    it('refuses a refresh with 409 while registry.url is empty (refresh disabled)', async () => {
      const { status, body } = await postJson(t, '/api/registry/refresh', auth);
      expect(status).toBe(409);
      expect(body).toEqual({ statusCode: 409, message: expect.stringContaining('registry.url is empty'), error: 'Conflict' });
    });

    it('is ready: readiness reports the loaded registry', async () => {
      const res = await fetch(`${t.url}/health/ready`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { info: Record<string, { status: string; source?: string; models?: number }> };
      expect(body.info.registry).toMatchObject({ status: 'up', source: 'bundled', models: 12 });
    });
  });

  it('starts from the cached download when DATA_DIR holds one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gg-test-'));
    writeFileSync(join(dataDir, 'registry-cache.json'), JSON.stringify(makeDoc('cached', 3, { input: 7, output: 9, cache_read: 0.7 })));
    const t = await startTestApp({ db, dataDir });
    try {
      const auth = await adminHeaders(t);
      const { body } = await getJson<ModelList>(t, '/api/models', auth);
      expect(body.registry).toMatchObject({ source: 'cache', models: 3, loaded: true });
      expect(body.data.map((m) => m.id)).toEqual(['cached-0', 'cached-1', 'cached-2']);
      expect(body.data[2]).toMatchObject({ provider: 'openai', input_price: 7, output_price: 9, cache_read_price: 0.7, context: 1002, max_output: 102 });
    } finally {
      await t.close({ keepData: false });
    }
  });
});
