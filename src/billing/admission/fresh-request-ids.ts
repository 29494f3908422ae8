/** The gateway's own request ids: `req_` + 12 hex of milliseconds + 20 random hex (common/http/request-id.ts). */
const MINTED = /^req_([0-9a-f]{12})[0-9a-f]{20}$/;
/** How long an id counts as fresh. The gateway admits an id it minted within milliseconds; this is a wide margin. */
export const FRESH_WINDOW_MS = 15_000;

export type FreshVerdict = 'fresh' | 'reused' | 'unknown';

/**
 * Request-id reuse, decided in memory when it can be. An id in the minted shape whose time lies between this process's
 * start and now, and no older than the window, can only have been used before by this process within the window (an
 * earlier use carries the same time): the ids seen in the window answer whether it was. Any other id (a client's own,
 * an old one) is `unknown`: the database decides, before the provider is called, as it always did.
 */
export class FreshRequestIds {
  /** id → its time; insertion order is close to time order, so pruning walks from the front. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly startedAt: number) {}

  claim(requestId: string, now = Date.now()): FreshVerdict {
    const m = MINTED.exec(requestId);
    if (!m) return 'unknown';
    const at = parseInt(m[1], 16);
    const oldest = Math.max(this.startedAt, now - FRESH_WINDOW_MS);
    if (at < oldest || at > now) return 'unknown';
    this.prune(now);
    if (this.seen.has(requestId)) return 'reused';
    this.seen.set(requestId, at);
    return 'fresh';
  }

  private prune(now: number): void {
    const oldest = now - FRESH_WINDOW_MS;
    for (const [id, at] of this.seen) {
      if (at >= oldest) break;
      this.seen.delete(id);
    }
  }
}
