import { ConsoleLogger, Logger } from '@nestjs/common';
import { EventBus, MetricsRegistry, type LiveEvent } from '../../../src/common/index.js';
import { LIVE_FEED_CHANNEL, LiveFeedFanout, RedisConnections, ReplicaIdentity, parseRemote } from '../../../src/scaleout/index.js';
import { TEST_REDIS_URL, configWith, describeWithRedis, sleep, within } from './support/scaleout.js';

/** One replica's live-feed plumbing: its EventBus, its Redis connections, its fan-out. */
async function replica(redisUrl: string | undefined) {
  const metrics = new MetricsRegistry();
  const bus = new EventBus();
  const identity = new ReplicaIdentity();
  const connections = new RedisConnections(configWith(redisUrl ? { REDIS_URL: redisUrl } : {}), metrics);
  await connections.onModuleInit();
  const fanout = new LiveFeedFanout(bus, connections, identity, metrics);
  await fanout.onApplicationBootstrap();
  const seen: LiveEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return {
    bus, identity, connections, seen,
    async close() {
      fanout.onApplicationShutdown();
      await connections.onApplicationShutdown();
    },
  };
}

const requestEvent = (id: string): Extract<LiveEvent, { type: 'request' }> => ({
  type: 'request',
  data: { request_id: id, client: 'acme', client_id: 'c1', model: 'gpt-4o-mini', provider: 'openai', status: 200, latency_ms: 12, tokens: 30, cost_usd: 0.0001 },
});

describe('parseRemote', () => {
  it('accepts another replica’s event and refuses its own echo, malformed JSON and unknown types', () => {
    const event = requestEvent('r1');
    expect(parseRemote(JSON.stringify({ origin: 'b', event }), 'a')).toEqual(event);
    expect(parseRemote(JSON.stringify({ origin: 'a', event }), 'a')).toBeNull();
    expect(parseRemote('{not json', 'a')).toBeNull();
    expect(parseRemote(JSON.stringify({ origin: 'b', event: { type: 'shutdown', data: {} } }), 'a')).toBeNull();
    expect(parseRemote(JSON.stringify({ origin: 'b', event: { type: 'request' } }), 'a')).toBeNull();
    expect(parseRemote(JSON.stringify({ event }), 'a')).toBeNull();
  });
});

describeWithRedis('the live feed across replicas on a real Redis', () => {
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;
  let c: Awaited<ReturnType<typeof replica>>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    [a, b, c] = await Promise.all([replica(TEST_REDIS_URL), replica(TEST_REDIS_URL), replica(TEST_REDIS_URL)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('shows an event published on one replica on every other replica, exactly once, with no echo back', async () => {
    const event = requestEvent(`fan-${Date.now()}`);
    a.bus.publish(event);
    const mine = (r: typeof a) => r.seen.filter((e) => e.type === 'request' && e.data.request_id === event.data.request_id);
    expect(await within(2_000, () => mine(b).length >= 1 && mine(c).length >= 1)).not.toBeNull();
    await sleep(300); // time for any echo or loop to show up
    expect(mine(a)).toHaveLength(1);
    expect(mine(b)).toHaveLength(1);
    expect(mine(c)).toHaveLength(1);
    expect(mine(b)[0]).toEqual(event);
  });

  it('carries every event type both ways', async () => {
    const credit: LiveEvent = { type: 'credit', data: { client_id: `c-${Date.now()}`, balance_usd: 4.5, balance_usd_exact: '4.5' } };
    const provider: LiveEvent = { type: 'provider', data: { name: `p-${Date.now()}`, state: 'open' } };
    b.bus.publish(credit);
    c.bus.publish(provider);
    expect(await within(2_000, () => a.seen.some((e) => e.type === 'credit' && e.data.client_id === credit.data.client_id))).not.toBeNull();
    expect(await within(2_000, () => a.seen.some((e) => e.type === 'provider' && e.data.name === provider.data.name))).not.toBeNull();
    expect(b.seen.filter((e) => e.type === 'provider' && e.data.name === provider.data.name)).toHaveLength(1);
  });

  it('ignores junk on the channel and messages carrying its own replica id', async () => {
    const raw = a.connections.command!;
    await raw.publish(LIVE_FEED_CHANNEL, 'garbage');
    await raw.publish(LIVE_FEED_CHANNEL, JSON.stringify({ origin: a.identity.id, event: requestEvent('spoofed-self') }));
    await raw.publish(LIVE_FEED_CHANNEL, JSON.stringify({ origin: 'elsewhere', event: { type: 'drop-tables', data: {} } }));
    await sleep(300);
    // (Other suites may share this Redis: look only for what was sent here.)
    expect(a.seen.filter((e) => (e.type === 'request' && e.data.request_id === 'spoofed-self') || (e as { type: string }).type === 'drop-tables')).toEqual([]);
    expect(b.seen.filter((e) => e.type === 'request' && e.data.request_id === 'spoofed-self')).toHaveLength(1);
  });

  it('without REDIS_URL a replica keeps its feed local and works as before', async () => {
    const solo = await replica(undefined);
    try {
      const event = requestEvent(`solo-${Date.now()}`);
      solo.bus.publish(event);
      await sleep(200);
      expect(solo.seen.filter((e) => e.type === 'request' && e.data.request_id === event.data.request_id)).toEqual([event]);
      expect(a.seen.some((e) => e.type === 'request' && e.data.request_id === event.data.request_id)).toBe(false);
    } finally {
      await solo.close();
    }
  });
});
