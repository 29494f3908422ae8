import { MetricsRegistry } from '../../../../src/common/index.js';
import { EXPLORATION, orderTargets, type TargetLoad } from '../../../../src/gateway/planning/route.strategy.js';
import { TargetLane } from '../../../../src/gateway/planning/target.lane.js';
import { CooldownBoard, TargetStats, UpstreamFailure, ProviderKey } from '../../../../src/providers/index.js';
import type { ProviderRuntime } from '../../../../src/providers/index.js';

const T = (provider: string, weight = 1) => ({ provider, weight, upstreamModel: 'm' });
const idle: TargetLoad = { inFlight: () => 0, latencyMs: () => null };

/** A deterministic random source (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('route strategies', () => {
  it('ordered keeps the configured order', () => {
    expect(orderTargets([T('a'), T('b'), T('c')], 'ordered', idle).map((t) => t.provider)).toEqual(['a', 'b', 'c']);
  });

  it('weighted puts each target first in proportion to its weight', () => {
    const rng = seeded(7);
    const first: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) first[orderTargets([T('a', 3), T('b', 1)], 'weighted', idle, rng)[0].provider]++;
    expect(first.a / 4000).toBeGreaterThan(0.72);
    expect(first.a / 4000).toBeLessThan(0.78);
  });

  it('least_busy puts the target with fewer calls in flight first', () => {
    const load: TargetLoad = { inFlight: (p) => (p === 'a' ? 5 : 1), latencyMs: () => null };
    for (let i = 0; i < 50; i++) expect(orderTargets([T('a', 10), T('b')], 'least_busy', load)[0].provider).toBe('b');
  });

  it('lowest_latency prefers the fastest, tries unmeasured targets first, and explores now and then', () => {
    const load: TargetLoad = { inFlight: () => 0, latencyMs: (p) => (p === 'slow' ? 300 : p === 'fast' ? 20 : null) };
    expect(orderTargets([T('slow'), T('fast'), T('new')], 'lowest_latency', load, () => 0.99).map((t) => t.provider)).toEqual(['new', 'fast', 'slow']);
    const rng = seeded(3);
    let slowFirst = 0;
    for (let i = 0; i < 4000; i++) if (orderTargets([T('slow'), T('fast')], 'lowest_latency', { ...load, latencyMs: (p) => (p === 'slow' ? 300 : 20) }, rng)[0].provider === 'slow') slowFirst++;
    // only exploration puts the slow one first: about half of EXPLORATION
    expect(slowFirst / 4000).toBeGreaterThan(EXPLORATION / 2 - 0.025);
    expect(slowFirst / 4000).toBeLessThan(EXPLORATION / 2 + 0.025);
  });
});

describe('TargetLane: keys, cooldowns and revocation', () => {
  function lane(keys: ProviderKey[]) {
    const metrics = new MetricsRegistry();
    const board = new CooldownBoard(metrics);
    const base = { name: 'p', keys, withKey: () => base } as unknown as ProviderRuntime;
    return { lane: new TargetLane(base, board, new TargetStats(metrics), seeded(1)), board };
  }
  const failure = (status: number, retryAfterMs?: number) =>
    new UpstreamFailure('p', 'http', { status, type: 'x', code: null, param: null, message: 'no', retryable: status === 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

  it('moves to the other key at once after a 429 and cools the first for its Retry-After', async () => {
    const [k1, k2] = [new ProviderKey('p', 'key1', 'sk-one-000000000000'), new ProviderKey('p', 'key2', 'sk-two-000000000000')];
    const { lane: l, board } = lane([k1, k2]);
    const used: string[] = [];
    const value = await l.attempt(() => false, async (_view, key) => {
      used.push(key.label);
      if (used.length === 1) throw failure(429, 2000);
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(used).toHaveLength(2);
    expect(new Set(used).size).toBe(2);
    const first = used[0] === 'key1' ? k1 : k2;
    expect(board.remainingMs('p', first.id)).toBeGreaterThan(1500);
    expect(board.reasonOf('p', first.id)).toBe('rate_limited');
  });

  it('takes a key answered 401 out when the provider has another, and fails over a lone 429 without waiting when another target can serve', async () => {
    const [k1, k2] = [new ProviderKey('p', 'key1', 'sk-one-000000000000'), new ProviderKey('p', 'key2', 'sk-two-000000000000')];
    const { lane: l, board } = lane([k1, k2]);
    const used: ProviderKey[] = [];
    for (let i = 0; i < 20; i++) {
      const value = await l.attempt(() => false, async (_view, key) => {
        used.push(key);
        if (key === k2) throw failure(401);
        return 'ok';
      });
      expect(value).toBe('ok'); // the client never sees the revoked key's 401
    }
    expect(used.filter((k) => k === k2)).toHaveLength(1);
    expect(board.reasonOf('p', k2.id)).toBe('revoked');
    expect(board.remainingMs('p', k2.id)).toBeGreaterThan(59 * 60_000);

    const single = lane([new ProviderKey('p', 'key1', 'sk-solo-00000000000')]).lane;
    const err = await single.attempt(() => true, async () => { throw failure(429, 1000); }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).retryable).toBe(false); // hand over now instead of retrying here
    const alone = lane([new ProviderKey('p', 'key1', 'sk-solo-00000000000')]).lane;
    const kept = await alone.attempt(() => false, async () => { throw failure(429, 1000); }).catch((e: unknown) => e);
    expect((kept as UpstreamFailure).retryable).toBe(true); // nowhere else to go: the retry policy waits Retry-After as before
  });

  it('keeps a key under its rpm: a key at its limit is skipped while another has room', () => {
    const [k1, k2] = [new ProviderKey('p', 'key1', 'sk-one-000000000000', { rpm: 2 }), new ProviderKey('p', 'key2', 'sk-two-000000000000')];
    k1.countRequest();
    k1.countRequest();
    const { lane: l } = lane([k1, k2]);
    for (let i = 0; i < 20; i++) expect(l.pick()).toBe(k2);
    expect(l.coolingMs()).toBe(0);
  });
});
