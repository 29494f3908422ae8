import { ApiError } from '../../common/index.js';
import type { ProviderError } from '../adapters/core/index.js';

/** Why one upstream attempt failed. */
export type FailureKind = 'http' | 'connection' | 'timeout' | 'invalid_response' | 'stream';

/**
 * One failed upstream attempt, with the provider's error already mapped (adapter.toProviderError) and its
 * message scrubbed of secrets. `retryable` drives the retry policy; `countsForBreaker` the circuit breaker.
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly provider: string,
    readonly kind: FailureKind,
    readonly error: ProviderError,
  ) {
    super(error.message);
    this.name = 'UpstreamFailure';
  }

  get retryable(): boolean {
    return this.error.retryable && this.kind !== 'timeout' && this.kind !== 'invalid_response';
  }

  /** Provider health failures: unreachable, timed out, 5xx, 429 (not client errors like 400/404). */
  get countsForBreaker(): boolean {
    if (this.kind === 'connection' || this.kind === 'timeout') return true;
    return this.error.status >= 500 || (this.error.status === 429 && this.error.retryable);
  }

  static connection(provider: string, cause: unknown): UpstreamFailure {
    const code = (cause as { code?: unknown })?.code;
    const detail = typeof code === 'string' ? code : 'connection failed';
    return new UpstreamFailure(provider, 'connection', {
      status: 502,
      type: 'upstream_error',
      code: 'upstream_unreachable',
      param: null,
      message: `Could not reach the provider '${provider}' (${detail}).`,
      retryable: true,
    });
  }

  static timeout(provider: string, seconds: number, what: 'response' | 'stream' | 'progress'): UpstreamFailure {
    const message =
      what === 'response'
        ? `The provider '${provider}' did not answer within ${seconds} s.`
        : what === 'stream'
          ? `The provider '${provider}' sent nothing for ${seconds} s.`
          : `The provider '${provider}' sent only keep-alives, no data, for ${seconds} s.`;
    return new UpstreamFailure(provider, 'timeout', { status: 502, type: 'upstream_error', code: 'upstream_timeout', param: null, message, retryable: false });
  }

  static invalidResponse(provider: string, detail: string): UpstreamFailure {
    return new UpstreamFailure(provider, 'invalid_response', {
      status: 502,
      type: 'upstream_error',
      code: 'invalid_upstream_response',
      param: null,
      message: `The provider '${provider}' sent a response the gateway could not read: ${detail}`.slice(0, 600),
      retryable: false,
    });
  }
}

/** Statuses passed through to the client as the provider's own client error (with its type/code/param). */
const PASS_THROUGH = new Set([400, 403, 404, 409, 413, 422, 429]);

/**
 * The client-facing error for a failure that ended the request: the provider's 4xx keep their status and type;
 * the provider's authentication problems and quota exhaustion (the gateway's own configuration) and every 5xx,
 * connection failure or timeout become 502 upstream_error, with the provider's (scrubbed) message.
 */
export function clientErrorFor(failure: UpstreamFailure): ApiError {
  const e = failure.error;
  const quota = e.type === 'insufficient_quota' || e.code === 'insufficient_quota';
  if (failure.kind === 'http' && PASS_THROUGH.has(e.status) && !quota) {
    const headers: Record<string, string> = {};
    if (e.status === 429 && e.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterMs / 1000)));
    return new ApiError(e.status, e.type, e.message, e.code, e.param, headers);
  }
  const code = failure.kind === 'http' ? (quota ? 'upstream_quota_exceeded' : e.status === 401 ? 'upstream_auth_error' : e.code) : e.code;
  return new ApiError(502, 'upstream_error', `Provider '${failure.provider}': ${e.message}`, code ?? null);
}

/** The client's connection went away: nothing to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the connection.');
    this.name = 'ClientGoneError';
  }
}
