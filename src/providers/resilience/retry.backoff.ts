import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { UpstreamFailure } from './upstream.failure.js';

/** A Retry-After longer than this is not waited for: the attempt fails over (or fails) instead. */
export const RETRY_AFTER_CAP_MS = 10_000;

/** The provider's configured delays (the last one repeats); a Retry-After from the upstream wins, up to the cap. */
export function retryDelayMs(delays: readonly number[], retryNo: number, failure: unknown): number {
  const base = delays.length ? delays[Math.min(Math.max(retryNo, 1), delays.length) - 1] : 0;
  const after = failure instanceof UpstreamFailure ? failure.error.retryAfterMs : undefined;
  return after !== undefined ? Math.min(Math.max(0, after), RETRY_AFTER_CAP_MS) : base;
}

/** Whether a failure is worth another try on the same provider. */
export function shouldRetry(err: unknown): boolean {
  if (!(err instanceof UpstreamFailure) || !err.retryable) return false;
  const after = err.error.retryAfterMs;
  return after === undefined || after <= RETRY_AFTER_CAP_MS;
}

/** cockatiel backoff over the configured delays, honouring Retry-After. */
export class ConfiguredBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly delays: readonly number[]) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const failure = 'error' in context.result ? context.result.error : undefined;
    return { duration: retryDelayMs(this.delays, context.attempt, failure), next: (ctx) => this.next(ctx) };
  }
}
