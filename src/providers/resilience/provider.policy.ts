import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  retry,
  type RetryPolicy,
} from 'cockatiel';
import type { AbortLike } from '../transport/client-abort.js';
import type { BreakerStateName } from '../runtime/provider.definition.js';
import { ConfiguredBackoff, shouldRetry } from './retry.backoff.js';
import { UpstreamFailure } from './upstream.failure.js';

export interface PolicySettings {
  retry: { attempts: number; backoff_ms: number[] };
  breaker: { consecutive_failures: number; half_open_after_seconds: number };
}

export interface PolicyHooks {
  onStateChange(state: BreakerStateName): void;
  onRetry(failure: unknown, delayMs: number, attempt: number): void;
}

/** The breaker refused the call (open, or held): nothing was sent upstream. */
export class CircuitOpenError extends Error {
  constructor(readonly provider: string, readonly retryAfterMs: number) {
    super(`The circuit for provider '${provider}' is open.`);
    this.name = 'CircuitOpenError';
  }
}

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

/**
 * One provider's resilience, on cockatiel: retries with the configured backoff (Retry-After honoured) around a
 * consecutive-failure circuit breaker. Each attempt is the caller's function; it must only resolve once the
 * attempt can no longer fail over (for streams: once the first event is in hand, before any byte goes out).
 */
export class ProviderPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retryPolicy: RetryPolicy;
  private readonly halfOpenMs: number;
  private openedAt = 0;

  constructor(
    readonly provider: string,
    settings: PolicySettings,
    private readonly hooks: PolicyHooks,
  ) {
    this.halfOpenMs = Math.max(1, Math.round(settings.breaker.half_open_after_seconds * 1000));
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof UpstreamFailure && err.countsForBreaker),
      { halfOpenAfter: this.halfOpenMs, breaker: new ConsecutiveBreaker(settings.breaker.consecutive_failures) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.breaker.onStateChange((state) => this.hooks.onStateChange(STATE_NAMES[state]));
    this.retryPolicy = retry(handleWhen(shouldRetry), {
      maxAttempts: Math.max(0, settings.retry.attempts - 1),
      backoff: new ConfiguredBackoff(settings.retry.backoff_ms),
    });
    this.retryPolicy.onRetry((event) => this.hooks.onRetry('error' in event ? event.error : undefined, event.delay, event.attempt));
  }

  get state(): BreakerStateName {
    return STATE_NAMES[this.breaker.state];
  }

  /** Milliseconds until an open breaker lets a test call through (0 when it is closed or already due). */
  openRemainingMs(now = Date.now()): number {
    if (this.breaker.state !== CircuitState.Open) return 0;
    return Math.max(0, this.openedAt + this.halfOpenMs - now);
  }

  /** Open and not yet due for a half-open test: calling would not reach the upstream. */
  isBlocked(now = Date.now()): boolean {
    return this.breaker.state === CircuitState.Isolated || this.openRemainingMs(now) > 0;
  }

  /**
   * Run `attempt` under retry + breaker. `signal` is the client's: once it aborts, no new attempt starts.
   * Throws CircuitOpenError when the breaker refuses, else the last UpstreamFailure (or the attempt's own error).
   */
  async execute<T>(attempt: (signal: AbortLike, attemptNo: number) => Promise<T>, signal: AbortLike): Promise<T> {
    try {
      // cockatiel only reads `aborted` (its signals are typed AbortSignal; the client's is an AbortLike)
      const cancel = signal as AbortSignal;
      return await this.retryPolicy.execute(
        (ctx) => this.breaker.execute(() => attempt(signal, ctx.attempt + 1), cancel),
        cancel,
      );
    } catch (err) {
      if (err instanceof BrokenCircuitError) throw new CircuitOpenError(this.provider, this.openRemainingMs());
      throw err;
    }
  }

  /** A failure after the attempt resolved (mid-stream): counts toward the breaker without a retry. */
  recordFailure(failure: UpstreamFailure): void {
    if (!failure.countsForBreaker || this.breaker.state !== CircuitState.Closed) return;
    this.breaker.execute(() => Promise.reject(failure)).catch(() => undefined);
  }
}
