import type { ProviderError } from '../../../../src/providers/adapters/index.js';
import { CircuitOpenError, ProviderPolicy } from '../../../../src/providers/resilience/provider.policy.js';
import { RETRY_AFTER_CAP_MS, retryDelayMs, shouldRetry } from '../../../../src/providers/resilience/retry.backoff.js';
import { UpstreamFailure, clientErrorFor } from '../../../../src/providers/resilience/upstream.failure.js';

function httpFailure(status: number, extra: Partial<ProviderError> = {}): UpstreamFailure {
  return new UpstreamFailure('p', 'http', { status, type: 'server_error', code: null, param: null, message: `HTTP ${status}`, retryable: status >= 500 || status === 429, ...extra });
}

describe('retry delays', () => {
  it('walks the configured delays and repeats the last one', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs([100, 200, 400], n, undefined))).toEqual([100, 200, 400, 400]);
  });

  it('prefers Retry-After up to the cap, and does not retry beyond it', () => {
    expect(retryDelayMs([100], 1, httpFailure(429, { retryAfterMs: 1500 }))).toBe(1500);
    expect(shouldRetry(httpFailure(429, { retryAfterMs: 1500 }))).toBe(true);
    expect(shouldRetry(httpFailure(429, { retryAfterMs: RETRY_AFTER_CAP_MS + 1 }))).toBe(false);
  });

  it('retries connection errors, 429 and 5xx but not 4xx, quota exhaustion or timeouts', () => {
    expect(shouldRetry(UpstreamFailure.connection('p', { code: 'ECONNRESET' }))).toBe(true);
    expect(shouldRetry(httpFailure(503))).toBe(true);
    expect(shouldRetry(httpFailure(529))).toBe(true);
    expect(shouldRetry(httpFailure(400))).toBe(false);
    expect(shouldRetry(httpFailure(429, { type: 'insufficient_quota', retryable: false }))).toBe(false);
    expect(shouldRetry(UpstreamFailure.timeout('p', 1, 'response'))).toBe(false);
  });
});

describe('client errors for upstream failures', () => {
  it('passes 4xx through, turns 5xx, 401 and quota into 502 upstream_error', () => {
    expect(clientErrorFor(httpFailure(404, { type: 'not_found_error' }))).toMatchObject({ status: 404, type: 'not_found_error' });
    expect(clientErrorFor(httpFailure(429, { retryAfterMs: 2500 }))).toMatchObject({ status: 429, headers: { 'retry-after': '3' } });
    expect(clientErrorFor(httpFailure(500))).toMatchObject({ status: 502, type: 'upstream_error' });
    expect(clientErrorFor(httpFailure(401))).toMatchObject({ status: 502, code: 'upstream_auth_error' });
    expect(clientErrorFor(httpFailure(429, { type: 'insufficient_quota' }))).toMatchObject({ status: 502, code: 'upstream_quota_exceeded' });
  });
});

describe('ProviderPolicy', () => {
  const states: string[] = [];
  const retries: number[] = [];
  const policy = (attempts: number, failures: number, halfOpenSeconds = 0.1): ProviderPolicy =>
    new ProviderPolicy('p', { retry: { attempts, backoff_ms: [1, 2] }, breaker: { consecutive_failures: failures, half_open_after_seconds: halfOpenSeconds } }, {
      onStateChange: (s) => states.push(s),
      onRetry: (_f, delay) => retries.push(delay),
    });
  const never = new AbortController().signal;

  beforeEach(() => {
    states.length = 0;
    retries.length = 0;
  });

  it('retries retryable failures up to attempts, then gives up with the last failure', async () => {
    const p = policy(3, 100);
    let calls = 0;
    await expect(p.execute(async () => { calls++; throw httpFailure(502); }, never)).rejects.toBeInstanceOf(UpstreamFailure);
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry a 400', async () => {
    const p = policy(3, 100);
    let calls = 0;
    await expect(p.execute(async () => { calls++; throw httpFailure(400); }, never)).rejects.toMatchObject({ error: { status: 400 } });
    expect(calls).toBe(1);
  });

  it('opens after consecutive failures, refuses without calling, half-opens after the delay and closes on success', async () => {
    const p = policy(1, 2, 0.5); // half-open after 500 ms: room for a loaded machine between opening and the refused call
    for (let i = 0; i < 2; i++) await expect(p.execute(async () => { throw httpFailure(500); }, never)).rejects.toBeInstanceOf(UpstreamFailure);
    expect(p.state).toBe('open');
    expect(p.isBlocked()).toBe(true);
    let called = false;
    const refused = await p.execute(async () => { called = true; return 1; }, never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).retryAfterMs).toBeGreaterThan(0);
    expect(called).toBe(false);
    await new Promise((r) => setTimeout(r, 600));
    expect(p.isBlocked()).toBe(false);
    await expect(p.execute(async () => 'ok', never)).resolves.toBe('ok');
    expect(p.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('does not count client errors toward the breaker', async () => {
    const p = policy(1, 2);
    for (let i = 0; i < 5; i++) await p.execute(async () => { throw httpFailure(404); }, never).catch(() => undefined);
    expect(p.state).toBe('closed');
  });

  it('counts mid-stream failures recorded after the attempt', async () => {
    const p = policy(1, 2);
    p.recordFailure(httpFailure(500));
    p.recordFailure(httpFailure(500));
    await new Promise((r) => setTimeout(r, 5));
    expect(p.state).toBe('open');
  });
});
