import { openaiResponder } from '../../support/mock-upstreams/openai.mock.js';
import { startMockUpstream, type MockUpstream, type RecordedRequest } from '../../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { adminToken, createClient, metricsText, post, type TestClient } from './support/gateway.harness.js';

const ASK = { messages: [{ role: 'user' as const, content: 'Where is the Eiffel Tower?' }] };
const ONE_TRY = { retry: { attempts: 1, backoff_ms: [5] }, breaker: { consecutive_failures: 1000, half_open_after_seconds: 30 } };
const answer = openaiResponder();

/** Run `n` calls with at most `width` at a time; bounded by count. */
async function pool(n: number, width: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await call(next++);
  }));
}

/** Every request answered normally after `delayMs`. */
function slow(mock: MockUpstream, delayMs: number): void {
  mock.script({ behaviour: (req) => ({ ...answer(req), delayMs }), times: 100_000 });
}

const bearer = (r: RecordedRequest): string => String(r.headers.authorization ?? '').replace(/^Bearer /, '');

describe.each(databaseTargets())('routing across deployments: strategies, keys, cooldowns and aliases (real HTTP, several mock upstreams) on %s', (db) => {
  const mocks: Record<string, MockUpstream> = {};
  let t: TestApp;
  let client: TestClient;
  let token: string;

  beforeAll(async () => {
    for (const name of ['east', 'west', 'first', 'second', 'busy', 'idle', 'far', 'near', 'keyed']) mocks[name] = await startMockUpstream('openai');
    const provider = (name: string, extra: Record<string, unknown> = {}) => ({ name, kind: 'openai', base_url: mocks[name].baseUrl, api_key: `sk-${name}-0000000000`, ...ONE_TRY, ...extra });
    const config = {
      billing: { unpriced_models: 'free' },
      providers: [
        provider('east'), provider('west'), provider('first'), provider('second'), provider('busy'), provider('idle'), provider('far'), provider('near'),
        { ...provider('keyed', { retry: { attempts: 2, backoff_ms: [5] } }), api_key: undefined, api_keys: [{ key: 'sk-keyed-aaaaaaaaaaaa' }, { key: 'sk-keyed-bbbbbbbbbbbb' }] },
      ],
      routing: [
        { match: 'split-*', targets: [{ provider: 'east', weight: 3 }, { provider: 'west', weight: 1 }], strategy: 'weighted' },
        { match: 'cool-*', targets: [{ provider: 'first' }, { provider: 'second' }] },
        { match: 'busy-*', targets: [{ provider: 'busy' }, { provider: 'idle' }], strategy: 'least_busy' },
        { match: 'quick-*', targets: [{ provider: 'far' }, { provider: 'near' }], strategy: 'lowest_latency' },
        { match: 'keyed-*', provider: 'keyed' },
      ],
      aliases: { fast: 'split-mini', speedy: 'fast' },
    };
    t = await startTestApp({ db, yaml: JSON.stringify(config) });
    token = await adminToken(t);
    client = await createClient(t, token, { name: 'routing', credit_usd: 10 });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all(Object.values(mocks).map((m) => m.close()));
  });
  afterEach(() => {
    for (const m of Object.values(mocks)) m.reset();
  });

  it('splits 3:1 by weight over 400 requests, within tolerance', async () => {
    let failures = 0;
    await pool(400, 8, async () => {
      const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'split-4o' });
      if (res.status !== 200) failures++;
    });
    expect(failures).toBe(0);
    const east = mocks.east.requests.length;
    const west = mocks.west.requests.length;
    expect(east + west).toBe(400);
    // binomial(400, 0.75): sd ≈ 2.2 points; ±7 points is more than 3 sd
    expect(east / 400).toBeGreaterThan(0.68);
    expect(east / 400).toBeLessThan(0.82);
    expect(await metricsText(t)).toMatch(/gophergate_routing_attempts_total\{provider="west",key="key1",outcome="ok"\} \d+/);
  }, 60_000);

  it('cools a target that answered 429 without a client-visible error, and sends it traffic again after Retry-After', async () => {
    mocks.first.script(mocks.first.error(429, { 'retry-after': '1' }));
    const started = Date.now();
    const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'cool-4o' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(900); // handed over at once, not after waiting out the Retry-After
    expect(mocks.first.requests).toHaveLength(1);
    expect(mocks.second.requests).toHaveLength(1);
    // while first cools down, second takes everything; first is not asked again
    for (let i = 0; i < 5; i++) expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'cool-4o' })).status).toBe(200);
    expect(mocks.first.requests).toHaveLength(1);
    expect(mocks.second.requests).toHaveLength(6);
    await new Promise((r) => setTimeout(r, Math.max(0, started + 1_150 - Date.now())));
    expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'cool-4o' })).status).toBe(200);
    expect(mocks.first.requests).toHaveLength(2);
    expect(await metricsText(t)).toMatch(/gophergate_routing_cooldowns_total\{provider="first",key="key1",reason="rate_limited"\} 1/);
  }, 20_000);

  it('least_busy moves traffic to the target with fewer calls in flight', async () => {
    slow(mocks.busy, 250);
    await pool(48, 6, async () => {
      expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'busy-4o' })).status).toBe(200);
    });
    const busy = mocks.busy.requests.length;
    const idle = mocks.idle.requests.length;
    expect(busy + idle).toBe(48);
    expect(idle).toBeGreaterThan(busy * 2); // a blind 1:1 split would give about as many to each
  }, 30_000);

  it('lowest_latency moves traffic to the faster target, still exploring the slower one now and then', async () => {
    slow(mocks.far, 120);
    for (let i = 0; i < 40; i++) expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'quick-4o' })).status).toBe(200);
    const far = mocks.far.requests.length;
    const near = mocks.near.requests.length;
    expect(far + near).toBe(40);
    expect(near).toBeGreaterThanOrEqual(30);
    expect(far).toBeGreaterThanOrEqual(1);
    expect(await metricsText(t)).toMatch(/gophergate_routing_target_ttfb_seconds\{provider="far"\} 0\.1\d*/);
  }, 30_000);

  it('two keys share the load; a key answered 401 is taken out and the client never sees it', async () => {
    await pool(40, 4, async () => {
      expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'keyed-4o' })).status).toBe(200);
    });
    const byKey = (k: string) => mocks.keyed.requests.filter((r) => bearer(r) === k).length;
    expect(byKey('sk-keyed-aaaaaaaaaaaa')).toBeGreaterThanOrEqual(8);
    expect(byKey('sk-keyed-bbbbbbbbbbbb')).toBeGreaterThanOrEqual(8);
    mocks.keyed.reset();
    // key b is revoked at the provider
    mocks.keyed.script({ behaviour: (req) => (bearer(req) === 'sk-keyed-bbbbbbbbbbbb' ? mocks.keyed.error(401) : answer(req)), times: 100_000 });
    for (let i = 0; i < 20; i++) expect((await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'keyed-4o' })).status).toBe(200);
    expect(byKey('sk-keyed-bbbbbbbbbbbb')).toBeLessThanOrEqual(1);
    expect(byKey('sk-keyed-aaaaaaaaaaaa')).toBe(20);
    expect(await metricsText(t)).toMatch(/gophergate_routing_cooldowns_total\{provider="keyed",key="key2",reason="revoked"\} 1/);
  }, 30_000);

  it('serves an alias (also through a chain), logs the asked-for and the served name, and admits it by either name in an allowlist', async () => {
    const res = await post(t, client.key, '/v1/chat/completions', { ...ASK, model: 'speedy' }, { 'x-request-id': `req-alias-${db}` });
    expect(res.status).toBe(200);
    expect([...mocks.east.requests, ...mocks.west.requests].map((r) => r.body.model)).toEqual(['split-mini']);
    let row: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !row; i++) {
      const logs = await fetch(`${t.url}/api/logs?limit=50`, { headers: { authorization: `Bearer ${token}` } });
      row = ((await logs.json()) as { data: Array<Record<string, unknown>> }).data.find((r) => r.request_id === `req-alias-${db}`);
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ model: 'speedy', served_model: 'split-mini', status: 200 });

    const byAlias = await createClient(t, token, { name: 'alias-only', credit_usd: 1, allowed_models: ['fast'] });
    expect((await post(t, byAlias.key, '/v1/chat/completions', { ...ASK, model: 'fast' })).status).toBe(200);
    expect((await post(t, byAlias.key, '/v1/chat/completions', { ...ASK, model: 'split-mini' })).status).toBe(200);
    const refused = await post(t, byAlias.key, '/v1/chat/completions', { ...ASK, model: 'cool-4o' });
    expect(refused.status).toBe(403);
    const byModel = await createClient(t, token, { name: 'model-only', credit_usd: 1, allowed_models: ['split-mini'] });
    expect((await post(t, byModel.key, '/v1/chat/completions', { ...ASK, model: 'fast' })).status).toBe(200);
    // /v1/models lists the aliases the key may use, and retrieves one
    expect((await byAlias.sdk.models.list()).data.map((m) => m.id).sort()).toEqual(['fast', 'speedy']);
    expect(await byModel.sdk.models.retrieve('fast')).toMatchObject({ id: 'fast', object: 'model' });
    await expect(byAlias.sdk.models.retrieve('cool-4o')).rejects.toMatchObject({ status: 404 });
  }, 20_000);

  it('shows each deployment and key with state, share of traffic, latency and cooldowns, and explains a route with its targets and strategy', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const status = await get('/api/routing');
    const by = Object.fromEntries(status.deployments.map((d: { provider: string }) => [d.provider, d]));
    // earlier tests: 400 split 3:1, 429 on first, 401 on key2 of keyed
    expect(by.east.served).toBeGreaterThan(by.west.served * 2);
    expect(by.east.share).toBeGreaterThan(0);
    expect(by.far.latency_ms).toBeGreaterThan(by.near.latency_ms);
    expect(by.keyed.keys).toEqual([
      expect.objectContaining({ label: 'key1', masked: '••••aaaa', state: 'available', cooling_ms: 0 }),
      expect.objectContaining({ label: 'key2', masked: '••••bbbb', state: 'revoked' }),
    ]);
    expect(by.keyed.keys[1].cooling_ms).toBeGreaterThan(60_000);
    expect(JSON.stringify(status)).not.toContain('sk-keyed-');
    expect(status.rules).toContainEqual({ match: 'split-*', strategy: 'weighted', targets: [{ provider: 'east', weight: 3 }, { provider: 'west', weight: 1 }], fallback: [] });
    expect(status.aliases).toEqual({ fast: 'split-mini', speedy: 'fast' });

    const route = await get('/api/models/route?model=fast');
    expect(route).toMatchObject({ model: 'fast', strategy: 'weighted', alias_of: 'split-mini' });
    expect(route.candidates).toEqual([
      expect.objectContaining({ provider: 'east', upstream_model: 'split-mini', role: 'target', weight: 3, cooling_ms: 0, state: 'closed' }),
      expect.objectContaining({ provider: 'west', upstream_model: 'split-mini', role: 'target', weight: 1, cooling_ms: 0, state: 'closed' }),
    ]);
  }, 20_000);
});
