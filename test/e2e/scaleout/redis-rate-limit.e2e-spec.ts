import { ConsoleLogger, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MetricsRegistry } from '../../../src/common/index.js';
import { RedisRateLimitStore } from '../../../src/auth/index.js';
import { RedisConnections } from '../../../src/scaleout/index.js';
import { TEST_REDIS_URL, configWith, describeWithRedis, sleep } from './support/scaleout.js';

/** One "replica": its own Redis connections and store, as each gateway process has. */
async function replica(redisUrl: string) {
  const metrics = new MetricsRegistry();
  const connections = new RedisConnections(configWith({ REDIS_URL: redisUrl }), metrics);
  await connections.onModuleInit();
  return { connections, store: new RedisRateLimitStore(connections, metrics), metrics };
}

const fresh = (kind: string) => `${kind}:test-${randomBytes(6).toString('hex')}`;
const perMinute = (key: string, n: number) => ({ key, capacity: n, refillPerSecond: n / 60 });

describeWithRedis('RedisRateLimitStore on a real Redis', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;

  beforeAll(async () => {
    a = await replica(TEST_REDIS_URL!);
    b = await replica(TEST_REDIS_URL!);
    expect(a.connections.ready && b.connections.ready).toBe(true);
  });
  afterAll(async () => {
    await a?.connections.onApplicationShutdown();
    await b?.connections.onApplicationShutdown();
  });

  it('holds a limit of N per minute for two replicas together, under concurrency', async () => {
    const bucket = perMinute(fresh('rpm'), 10);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).store.take([{ ...bucket, cost: 1 }])));
    expect(results.filter((w) => w === 0)).toHaveLength(10);
    for (const wait of results.filter((w) => w > 0)) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(6.01); // one request's worth of refill at 10/min
    }
  });

  it('takes from every bucket or from none', async () => {
    const id = randomBytes(6).toString('hex');
    const rpm = { key: `rpm:${id}`, capacity: 100, refillPerSecond: 100 / 60 };
    const tpm = { key: `tpm:${id}`, capacity: 1000, refillPerSecond: 1000 / 60 };
    expect(await a.store.take([{ ...rpm, cost: 1 }, { ...tpm, cost: 800 }])).toBe(0);
    expect(await b.store.take([{ ...rpm, cost: 1 }, { ...tpm, cost: 800 }])).toBeGreaterThan(0);
    // The refused request took no rpm token: 99 more single requests fit, the 100th does not.
    let admitted = 0;
    for (let i = 0; i < 100; i++) if ((await (i % 2 ? a : b).store.take([{ ...rpm, cost: 1 }])) === 0) admitted += 1;
    expect(admitted).toBe(99);
  });

  it('refills continuously on Redis time', async () => {
    const bucket = { key: fresh('rpm'), capacity: 2, refillPerSecond: 20 };
    expect(await a.store.take([{ ...bucket, cost: 1 }])).toBe(0);
    expect(await b.store.take([{ ...bucket, cost: 1 }])).toBe(0);
    const wait = await a.store.take([{ ...bucket, cost: 1 }]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(0.05);
    await sleep(120);
    expect(await b.store.take([{ ...bucket, cost: 1 }])).toBe(0);
  });

  it('shares adjustments: tokens one replica gives back are usable on the other, and never above capacity', async () => {
    const bucket = perMinute(fresh('tpm'), 1000);
    expect(await a.store.take([{ ...bucket, cost: 1000 }])).toBe(0);
    expect(await b.store.take([{ ...bucket, cost: 500 }])).toBeGreaterThan(0);
    await a.store.adjust(bucket, 600);
    expect(await b.store.take([{ ...bucket, cost: 500 }])).toBe(0);
    await b.store.adjust(bucket, 5_000);
    expect(await a.store.take([{ ...bucket, cost: 1000 }])).toBe(0);
    expect(await a.store.take([{ ...bucket, cost: 100 }])).toBeGreaterThan(0);
  });

  it('caps a cost above capacity to the capacity (admitted only on a full bucket)', async () => {
    const bucket = perMinute(fresh('tpm'), 100);
    expect(await a.store.take([{ ...bucket, cost: 1_000_000 }])).toBe(0);
    expect(await b.store.take([{ ...bucket, cost: 1_000_000 }])).toBeGreaterThan(0);
  });

  it('falls back to per-replica limits, without throwing, while Redis is unreachable', async () => {
    const down = await replica('redis://127.0.0.1:1');
    try {
      expect(down.connections.ready).toBe(false);
      const bucket = perMinute(fresh('rpm'), 2);
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await down.store.take([{ ...bucket, cost: 1 }]));
      expect(results.map((w) => w === 0)).toEqual([true, true, false]);
      await down.store.adjust(bucket, 1);
      expect(await down.store.take([{ ...bucket, cost: 1 }])).toBe(0);
      const text = await down.metrics.registry.getSingleMetricAsString('gophergate_rate_limit_local_fallback_total');
      expect(text).toMatch(/op="take"} [1-9]/);
    } finally {
      await down.connections.onApplicationShutdown();
    }
  }, 20_000);
});
