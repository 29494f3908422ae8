import { CooldownBoard, DEFAULT_COOLDOWN_MS, TargetStats, UpstreamFailure, type ProviderKey, type ProviderRuntime } from '../../providers/index.js';

/** A key's standing for one request: 0 available; otherwise how long until it is. */
function waitMs(board: CooldownBoard, provider: string, key: ProviderKey, now: number): number {
  return Math.max(board.remainingMs(provider, key.id, now), key.roomInMs(now));
}

function weightedPick(keys: readonly ProviderKey[], rng: () => number): ProviderKey {
  let total = 0;
  for (const k of keys) total += k.weight;
  let r = rng() * total;
  for (const k of keys) {
    r -= k.weight;
    if (r < 0) return k;
  }
  return keys[keys.length - 1];
}

/**
 * One target (provider) of one request: which key each attempt sends, and what a failure means for that key. A key
 * answered 429 cools down for its Retry-After (or a default); one answered 401/403 is taken out when the provider has
 * others. The next attempt goes to another available key, never straight back to the one that just failed.
 */
export class TargetLane {
  private readonly tried = new Set<ProviderKey>();

  constructor(
    readonly base: ProviderRuntime,
    private readonly board: CooldownBoard,
    private readonly stats: TargetStats,
    private readonly rng: () => number = Math.random,
  ) {}

  /** Milliseconds until this target can take a request (0: now): its own cooldown, else its soonest key. */
  coolingMs(now = Date.now()): number {
    const keys = this.base.keys;
    const simple = keys.length === 1 && keys[0].rpm === undefined && keys[0].tpm === undefined;
    if (this.board.empty && simple) return 0;
    const target = this.board.remainingMs(this.base.name, '*', now);
    let soonest = Number.POSITIVE_INFINITY;
    for (const k of keys) soonest = Math.min(soonest, waitMs(this.board, this.base.name, k, now));
    return Math.max(target, soonest);
  }

  /** The key for the next attempt: an available one not yet tried (by weight), else the one back soonest. */
  pick(now = Date.now()): ProviderKey {
    const keys = this.base.keys;
    if (keys.length === 1 && this.tried.size === 0) return keys[0];
    const fresh = keys.filter((k) => !this.tried.has(k) && waitMs(this.board, this.base.name, k, now) === 0);
    if (fresh.length) return weightedPick(fresh, this.rng);
    const rank = (k: ProviderKey): number => (this.tried.has(k) ? 1e12 : 0) + (this.board.reasonOf(this.base.name, k.id) === 'revoked' ? 1e10 : 0) + waitMs(this.board, this.base.name, k, now);
    return [...keys].sort((a, b) => rank(a) - rank(b))[0];
  }

  /** Is there a key this request has not tried that is available now? */
  private hasFreshKey(now = Date.now()): boolean {
    return this.base.keys.some((k) => !this.tried.has(k) && waitMs(this.board, this.base.name, k, now) === 0);
  }

  /** Cool down or take out the key a failure blames; the failure's reason, or null when the key is not at fault. */
  private blame(key: ProviderKey, err: unknown): 'rate_limited' | 'revoked' | null {
    if (!(err instanceof UpstreamFailure) || err.kind !== 'http') return null;
    const status = err.error.status;
    if (status === 429) {
      this.board.cool(this.base.name, key.id, err.error.retryAfterMs ?? DEFAULT_COOLDOWN_MS, 'rate_limited', key.label);
      return 'rate_limited';
    }
    if ((status === 401 || status === 403) && this.base.keys.length > 1) {
      this.board.cool(this.base.name, key.id, Number.POSITIVE_INFINITY, 'revoked', key.label);
      return 'revoked';
    }
    return null;
  }

  /**
   * One attempt of the runner on this target: `run` sends with `view` (the runtime sending the chosen key). A key
   * at fault is cooled and the attempt moves to another available key at once; when none is left, a 429 fails over
   * to the next target without waiting (when `canFailOver()`), else the failure goes to the retry policy as before.
   */
  async attempt<T>(canFailOver: () => boolean, run: (view: ProviderRuntime, key: ProviderKey) => Promise<T>): Promise<T> {
    const provider = this.base.name;
    for (let n = 0; ; n++) {
      const key = this.pick();
      key.countRequest();
      this.stats.started(provider);
      const t0 = performance.now();
      try {
        const value = await run(this.base.withKey(key), key);
        this.stats.ended(provider, key.label, true, performance.now() - t0);
        return value;
      } catch (err) {
        this.stats.ended(provider, key.label, false, 0);
        this.tried.add(key);
        const reason = this.blame(key, err);
        if (reason === null) throw err;
        if (n < this.base.keys.length && this.hasFreshKey()) continue;
        if (reason === 'rate_limited' && err instanceof UpstreamFailure && canFailOver()) {
          throw new UpstreamFailure(err.provider, err.kind, { ...err.error, retryable: false });
        }
        throw err;
      }
    }
  }
}
