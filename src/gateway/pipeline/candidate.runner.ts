import { ApiError, observationOf } from '../../common/index.js';
import { AdapterError, type WireRequest } from '../../providers/index.js';
import type { GatewayMetrics } from '../../providers/index.js';
import { CircuitOpenError } from '../../providers/index.js';
import { ClientGoneError, UpstreamFailure, clientErrorFor } from '../../providers/index.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { AbortLike } from '../../providers/index.js';
import { AttemptSpan, spanSkipped } from './request.spans.js';

/** Provider client errors a fallback cannot fix (the request itself is wrong). */
const NO_FAILOVER = new Set([400, 413, 422]);

export interface RunResult<T> {
  candidate: Candidate;
  value: T;
}

/** An adapter refusal as the client's 400 (or whatever status the adapter chose). */
export function adapterApiError(err: AdapterError): ApiError {
  return new ApiError(err.status, err.type, err.message, err.code, err.param);
}

/**
 * Try the candidates in order, each under its provider's policy (retries, breaker). Moves on when a breaker is
 * open, a provider failed for good, or a provider cannot take the request; answers 503 provider_unavailable
 * (Retry-After) when every candidate's breaker was open and nothing was called, else the last failure's error.
 * Everything here happens before a byte reaches the client. The time spent here (attempts and the backoff between
 * them) is the request's wait on providers; a traced request gets one span per attempt, sent upstream as `traceparent`.
 */
export async function runCandidates<T>(
  candidates: readonly Candidate[],
  translate: (c: Candidate) => WireRequest,
  attempt: (c: Candidate, wire: WireRequest, signal: AbortLike) => Promise<T>,
  signal: AbortLike,
  metrics: GatewayMetrics,
): Promise<RunResult<T>> {
  let lastFailure: UpstreamFailure | null = null;
  let refusal: AdapterError | null = null;
  let openFor = Number.POSITIVE_INFINITY;
  const observation = observationOf(signal);
  let attempted = false;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (signal.aborted) throw new ClientGoneError();
    if (i > 0) metrics.fallbacks.inc({ from: candidates[i - 1].provider, to: c.provider });
    if (c.rt.policy.isBlocked()) {
      openFor = Math.min(openFor, c.rt.policy.openRemainingMs());
      spanSkipped(observation, c, 'circuit_open');
      continue;
    }
    // a target cooling down is tried only when no other could be (never straight back after another failed)
    if (attempted && c.coolingMs) continue;
    let wire: WireRequest;
    try {
      wire = translate(c);
    } catch (err) {
      if (!(err instanceof AdapterError)) throw err;
      refusal ??= err;
      continue;
    }
    const waitFrom = observation ? performance.now() : 0;
    attempted = true;
    const lane = c.lane;
    // a rate-limited target hands over at once to another available target (fallbacks wait their turn)
    const canFailOver = (): boolean => candidates.slice(i + 1).some((n) => n.role === 'target' && !n.coolingMs && !n.rt.policy.isBlocked());
    try {
      const value = await c.rt.policy.execute(async (attemptSignal, attemptNo) => {
        if (attemptSignal.aborted) throw new ClientGoneError();
        const span = AttemptSpan.start(observation, c, attemptNo, i);
        metrics.inFlight.inc({ provider: c.provider });
        try {
          const send = (w: WireRequest): WireRequest => (span ? span.wire(w) : w);
          let result: Awaited<ReturnType<typeof attempt>>;
          if (lane) {
            result = await lane.attempt(canFailOver, (view, key) => {
              c.rt = view; // the runtime sending the chosen key (everything else shared)
              c.key = key;
              return attempt(c, send(wire), attemptSignal);
            });
          } else {
            result = await attempt(c, send(wire), attemptSignal);
          }
          span?.succeeded();
          return result;
        } catch (err) {
          if (err instanceof UpstreamFailure) metrics.upstreamError(c.provider, err.error.status, err.kind);
          span?.failed(err);
          throw err;
        } finally {
          metrics.inFlight.dec({ provider: c.provider });
        }
      }, signal);
      return { candidate: c, value };
    } catch (err) {
      if (err instanceof CircuitOpenError) {
        openFor = Math.min(openFor, err.retryAfterMs);
        continue;
      }
      if (!(err instanceof UpstreamFailure)) throw err;
      lastFailure = err;
      if (err.kind === 'http' && NO_FAILOVER.has(err.error.status)) break;
    } finally {
      if (observation) observation.upstreamMs += performance.now() - waitFrom;
    }
  }
  if (lastFailure) throw clientErrorFor(lastFailure);
  if (refusal) throw adapterApiError(refusal);
  if (Number.isFinite(openFor)) throw ApiError.providerUnavailable(Math.max(1, openFor / 1000));
  throw ApiError.providerUnavailable(1);
}
