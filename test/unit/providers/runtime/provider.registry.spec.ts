import { startMockUpstream, type MockUpstream } from '../../../support/mock-upstreams/index.js';
import type { ProviderDefinition } from '../../../../src/providers/runtime/provider.definition.js';
import { buildGateway, catalogModel, PRINCIPAL, type Gateway } from '../../gateway/support/fakes.js';

function def(name: string, baseUrl: string, extra: Partial<ProviderDefinition> = {}): ProviderDefinition {
  return {
    name,
    kind: 'openai',
    base_url: baseUrl,
    api_key: 'sk-test-registry-key-000111',
    timeout_seconds: 5,
    stream_idle_seconds: 5,
    retry: { attempts: 1, backoff_ms: [1] },
    breaker: { consecutive_failures: 3, half_open_after_seconds: 30 },
    pricing: { 'gpt-4o': { input: 2.5, output: 10 } },
    enabled: true,
    source: 'database',
    id: 'prov_1',
    ...extra,
  };
}

describe('ProviderRegistry and model listing', () => {
  let mock: MockUpstream;
  let gw: Gateway;

  beforeAll(async () => {
    mock = await startMockUpstream('openai', { apiKey: 'sk-test-registry-key-000111' });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    gw = buildGateway({ yaml: { providers: [] }, routes: { 'gpt-4o': { provider: 'hot' } }, catalog: [catalogModel('openai', 'gpt-4o', { input: 2.5, output: 10 }), catalogModel('anthropic', 'claude-x', { input: 3, output: 15 })] });
  });
  afterEach(async () => {
    await gw.close();
    mock.reset();
  });

  it('serves a provider added at runtime from the next request, and stops after removal', async () => {
    await expect(gw.chat.complete(gw.trace(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, gw.channel())).rejects.toMatchObject({ status: 404 });
    gw.registry.upsert(def('hot', mock.baseUrl));
    expect([...gw.registry.names()]).toEqual(['hot']);
    const channel = gw.channel();
    await gw.chat.complete(gw.trace(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, channel);
    expect(channel.sent?.status).toBe(200);
    gw.registry.remove('hot');
    expect(gw.registry.names().size).toBe(0);
    await expect(gw.chat.complete(gw.trace(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, gw.channel())).rejects.toMatchObject({ status: 404 });
  });

  it('lists providers without keys, with breaker state and source', () => {
    gw.registry.upsert(def('hot', mock.baseUrl));
    gw.registry.upsert(def('off', mock.baseUrl, { enabled: false, id: 'prov_2' }));
    expect(gw.registry.list()).toEqual([
      { name: 'hot', kind: 'openai', baseUrl: `${mock.baseUrl}`, source: 'database', enabled: true, state: 'closed', id: 'prov_1' },
      { name: 'off', kind: 'openai', baseUrl: `${mock.baseUrl}`, source: 'database', enabled: false, state: 'closed', id: 'prov_2' },
    ]);
    expect(JSON.stringify(gw.registry.list())).not.toContain('sk-test');
    expect([...gw.registry.names()]).toEqual(['hot']);
  });

  it('refuses a base URL that is not http(s) or that carries credentials', () => {
    expect(() => gw.registry.upsert(def('bad', 'ftp://example.com'))).toThrow(/http\(s\)/);
    expect(() => gw.registry.upsert(def('bad', 'https://user:pw@example.com/v1'))).toThrow(/credentials/);
    expect(() => gw.registry.upsert(def('bad', 'https://example.com/v1?key=abc'))).toThrow(/query/);
    expect(gw.registry.names().size).toBe(0);
  });

  it('testCall makes a real authenticated call and never echoes the key', async () => {
    gw.registry.upsert(def('hot', mock.baseUrl));
    const ok = await gw.registry.testCall('hot');
    expect(ok.ok).toBe(true);
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    gw.registry.upsert(def('hot', mock.baseUrl, { api_key: 'sk-wrong-key-99999999' }));
    const bad = await gw.registry.testCall('hot');
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/HTTP 401/);
    expect(bad.message).not.toContain('sk-wrong');
    await expect(gw.registry.testCall('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('lists routable, priced models the key may use; GET by id accepts provider/model ids', () => {
    gw.registry.upsert(def('hot', mock.baseUrl, { models: ['my-local'], pricing: { 'gpt-4o': { input: 1, output: 1 } } }));
    const ids = gw.models.list(PRINCIPAL).data.map((m) => m.id);
    // gpt-4o: catalog + routing; my-local: no route in this table; claude-x: another catalog provider
    expect(ids).toEqual(['gpt-4o']);
    expect(gw.models.list({ ...PRINCIPAL, allowedModels: ['other'] }).data).toEqual([]);
    expect(gw.models.get(PRINCIPAL, 'hot/gpt-4o')).toMatchObject({ id: 'hot/gpt-4o', object: 'model', owned_by: 'hot' });
    expect(() => gw.models.get(PRINCIPAL, 'nope')).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found' }));
    expect(() => gw.models.get({ ...PRINCIPAL, allowedModels: ['x'] }, 'gpt-4o')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('explains a route with candidates, states and the price', () => {
    gw.registry.upsert(def('hot', mock.baseUrl));
    expect(gw.router.explain('gpt-4o')).toEqual({ model: 'gpt-4o', candidates: [{ provider: 'hot', upstream_model: 'gpt-4o', state: 'closed' }], price: { input: 2.5, output: 10 } });
    expect(() => gw.router.explain('zzz')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
