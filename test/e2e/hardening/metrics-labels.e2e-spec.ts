import { randomBytes } from 'node:crypto';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { FAST, adminToken, createClient, metricsText, post, startGateway, type TestClient } from '../gateway/support/gateway.harness.js';

const ask = (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 });

/** The distinct values of the `model` label on the gateway's series. */
function modelLabels(text: string): Set<string> {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('gophergate_')) continue;
    const m = /[{,]model="((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) values.add(m[1]);
  }
  return values;
}

describe('Prometheus series stay bounded and Node defaults keep their names (issue 12, items 3 and 4)', () => {
  let mock: MockUpstream;
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    mock = await startMockUpstream('openai', { apiKey: 'sk-labels-key-0123456789' });
    // unpriced_models: free and a catch-all rule: every invented name is routed and answered (the worst case)
    t = await startGateway('sqlite', {
      providers: [{ name: 'openai', kind: 'openai', base_url: mock.baseUrl, api_key: 'sk-labels-key-0123456789', ...FAST, pricing: { 'my-local-model': { input: 0, output: 0 } } }],
      routing: [{ match: '*', provider: 'openai' }],
      billing: { unpriced_models: 'free' },
    });
    client = await createClient(t, await adminToken(t), { name: 'labels', credit_usd: 5 });
  });
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  it('exports Node\'s default metrics under their standard names, the gateway\'s own with gophergate_', async () => {
    const text = await metricsText(t);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).not.toMatch(/^gophergate_process_/m);
    expect(text).not.toMatch(/^gophergate_nodejs_/m);
    expect(text).toMatch(/^gophergate_http_requests_total\{/m);
  });

  it('200 requests with random model names add no series beyond `other`; served names keep their label', async () => {
    // warm up every label combination a known model and an unknown one can produce
    expect((await post(t, client.key, '/v1/chat/completions', ask('gpt-4o'))).status).toBe(200);
    expect((await post(t, client.key, '/v1/chat/completions', ask('my-local-model'))).status).toBe(200);
    expect((await post(t, client.key, '/v1/chat/completions', ask(`warm-${randomBytes(6).toString('hex')}`))).status).toBe(200);
    const before = (await metricsText(t)).split('\n').length;
    const invented: string[] = [];
    for (let i = 0; i < 200; i += 10) {
      const batch = Array.from({ length: 10 }, () => `made-up-${randomBytes(8).toString('hex')}`);
      invented.push(...batch);
      const answers = await Promise.all(batch.map((model) => post(t, client.key, '/v1/chat/completions', ask(model))));
      for (const a of answers) expect(a.status).toBe(200);
    }
    const text = await metricsText(t);
    const after = text.split('\n').length;
    const labels = modelLabels(text);
    for (const name of invented) expect(labels.has(name)).toBe(false);
    expect(labels.has('other')).toBe(true);
    expect(labels.has('gpt-4o')).toBe(true); // in the catalog
    expect(labels.has('my-local-model')).toBe(true); // configured by the operator
    // the exposition barely moves (histogram buckets for /metrics itself, counters' values change in place)
    expect(after - before).toBeLessThanOrEqual(20);
  });
});
