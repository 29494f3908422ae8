import { randomBytes } from 'node:crypto';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import type { TestApp } from '../../support/test-app.js';
import { login, newClient, startReplica } from './support/replicas.js';
import { TEST_REDIS_URL, describeWithPostgresAndRedis, sleep, within } from './support/scaleout.js';

const ASK = { model: 'shared-4o', messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] };

async function ask(t: TestApp, key: string, model = ASK.model): Promise<number> {
  const res = await fetch(`${t.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...ASK, model }),
    signal: AbortSignal.timeout(15_000),
  });
  await res.text();
  return res.status;
}

describeWithPostgresAndRedis('two replicas on PostgreSQL + Redis share a cooldown', () => {
  let first: MockUpstream;
  let second: MockUpstream;
  let flaky: MockUpstream;
  let steady: MockUpstream;
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;
  let key: string;
  // names unique to this run: the Redis server is shared
  const suffix = randomBytes(4).toString('hex');

  beforeAll(async () => {
    first = await startMockUpstream('openai');
    second = await startMockUpstream('openai');
    flaky = await startMockUpstream('openai');
    steady = await startMockUpstream('openai');
    const one = { retry: { attempts: 1, backoff_ms: [5] }, timeout_seconds: 10 };
    const yaml = JSON.stringify({
      billing: { unpriced_models: 'free' },
      providers: [
        { name: `first-${suffix}`, kind: 'openai', base_url: first.baseUrl, api_key: 'sk-first-000000000000', ...one },
        { name: `second-${suffix}`, kind: 'openai', base_url: second.baseUrl, api_key: 'sk-second-00000000000', ...one },
        { name: `flaky-${suffix}`, kind: 'openai', base_url: flaky.baseUrl, api_key: 'sk-flaky-000000000000', ...one, breaker: { consecutive_failures: 1, half_open_after_seconds: 3 } },
        { name: `steady-${suffix}`, kind: 'openai', base_url: steady.baseUrl, api_key: 'sk-steady-00000000000', ...one },
      ],
      routing: [
        { match: 'shared-*', targets: [{ provider: `first-${suffix}` }, { provider: `second-${suffix}` }] },
        { match: 'breaker-*', targets: [{ provider: `flaky-${suffix}` }, { provider: `steady-${suffix}` }] },
      ],
    });
    const db = await createPostgresDatabase();
    drop = db.drop;
    a = await startReplica(db.url, yaml, TEST_REDIS_URL);
    b = await startReplica(db.url, yaml, TEST_REDIS_URL);
    key = (await newClient(a, await login(a), { name: 'cooldown', credit_usd: 1 })).key;
  }, 60_000);
  afterAll(async () => {
    await a?.close({ keepData: true });
    await b?.close({ keepData: true });
    await drop?.();
    await first?.close();
    await second?.close();
    await flaky?.close();
    await steady?.close();
  });

  it('a target that answered 429 on one replica is skipped by the other within a second, and served again after Retry-After', async () => {
    // the key reaches replica b through the database (invalidation); wait until b knows it
    expect(await within(5_000, async () => (await ask(b, key)) === 200, 100)).not.toBeNull();
    first.reset();
    second.reset();

    first.script(first.error(429, { 'retry-after': '2' }));
    const started = Date.now();
    expect(await ask(a, key)).toBe(200); // replica a: first answered 429, second served
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(1);

    await sleep(Math.max(0, started + 1_000 - Date.now())); // "within a second"
    for (let i = 0; i < 5; i++) expect(await ask(b, key)).toBe(200);
    expect(first.requests).toHaveLength(1); // replica b never asked the cooling target
    expect(second.requests).toHaveLength(6);

    await sleep(Math.max(0, started + 2_200 - Date.now()));
    expect(await ask(b, key)).toBe(200);
    expect(first.requests).toHaveLength(2);
  }, 30_000);

  it('a breaker that opened on one replica keeps the other replica away from that target until its half-open time', async () => {
    flaky.script(flaky.error(500));
    expect(await ask(a, key, 'breaker-4o')).toBe(200); // replica a: flaky failed (its breaker opens), steady served
    expect(flaky.requests).toHaveLength(1);
    await sleep(300);
    for (let i = 0; i < 4; i++) expect(await ask(b, key, 'breaker-4o')).toBe(200);
    expect(flaky.requests).toHaveLength(1); // replica b's own breaker is closed, yet it keeps away
    expect(steady.requests).toHaveLength(5);
  }, 30_000);
});
