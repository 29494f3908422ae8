import type { RouteTarget } from '../../registry/index.js';

export type StrategyName = 'ordered' | 'weighted' | 'least_busy' | 'lowest_latency';

/** Share of `lowest_latency` requests sent in weighted-random order instead, so a slow target that recovered is measured again. */
export const EXPLORATION = 0.1;

/** What the strategies read about each target (this replica's numbers). */
export interface TargetLoad {
  inFlight(provider: string): number;
  latencyMs(provider: string): number | null;
}

/** A weighted random order (Efraimidis–Spirakis: each target's key is u^(1/w), highest first). */
function weightedOrder(targets: readonly RouteTarget[], rng: () => number): RouteTarget[] {
  return targets
    .map((t) => ({ t, k: Math.pow(rng(), 1 / t.weight) }))
    .sort((a, b) => b.k - a.k)
    .map((x) => x.t);
}

/**
 * The order in which a rule's targets are tried for one request. `ordered`: as configured. `weighted`: a random
 * order where each target comes first in proportion to its weight. `least_busy`: fewest calls in flight first
 * (ties by weight). `lowest_latency`: lowest moving average of time to first byte first, unmeasured targets before
 * measured ones, and a weighted-random order for a share of requests (exploration).
 */
export function orderTargets(targets: readonly RouteTarget[], strategy: StrategyName, load: TargetLoad, rng: () => number = Math.random): RouteTarget[] {
  if (strategy === 'ordered' || targets.length < 2) return [...targets];
  const shuffled = weightedOrder(targets, rng);
  if (strategy === 'weighted') return shuffled;
  if (strategy === 'least_busy') {
    // a stable sort keeps the weighted order among equally busy targets
    return shuffled.sort((a, b) => load.inFlight(a.provider) - load.inFlight(b.provider));
  }
  if (rng() < EXPLORATION) return shuffled;
  const latency = (t: RouteTarget): number => load.latencyMs(t.provider) ?? -1;
  return shuffled.sort((a, b) => latency(a) - latency(b));
}
