import { jest } from '@jest/globals';
import { ApiError } from '../../../../src/common/index.js';
import type { ClientPrincipal } from '../../../../src/auth/auth.types.js';
import { ClientLimiter } from '../../../../src/auth/limits/client-limiter.js';
import { MemoryRateLimitStore } from '../../../../src/auth/limits/rate-limit.store.js';
import { modelAllowed } from '../../../../src/auth/limits/model-glob.js';

const principal = (over: Partial<ClientPrincipal> = {}): ClientPrincipal => ({
  keyId: 'k1', clientId: 'c1', clientName: 'acme', allowedModels: null, rpm: null, tpm: null, ...over,
});

function rateLimitError(fn: () => void): ApiError {
  try {
    fn();
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rate-limit error');
}

describe('model allowlist', () => {
  it.each([
    [null, 'anything-at-all', true],
    [['gpt-4o'], 'gpt-4o', true],
    [['gpt-4o'], 'gpt-4o-mini', false],
    [['gpt-4o*'], 'gpt-4o-mini', true],
    [['claude-*', 'gpt-?o'], 'gpt-4o', true],
    [['claude-*'], 'gpt-4o', false],
    [['gpt-*'], 'openai/gpt-4o', true],
    [['openai/*'], 'openai/gpt-4o', true],
    [['openai/*'], 'anthropic/claude-3', false],
    [['gpt.4'], 'gpt-4', false],
    [['(a|b)'], 'a', false],
    [['GPT-*'], 'gpt-4o', false],
    [[], 'gpt-4o', false],
  ])('%j admits %s: %s', (allowed, model, expected) => {
    expect(modelAllowed(allowed as string[] | null, model)).toBe(expected);
  });

  it('assertModelAllowed throws 403 model_not_allowed', () => {
    const limiter = new ClientLimiter(new MemoryRateLimitStore());
    const p = principal({ allowedModels: ['claude-*'] });
    expect(limiter.isModelAllowed(p, 'claude-3')).toBe(true);
    let err: ApiError | undefined;
    try {
      limiter.assertModelAllowed(p, 'gpt-4o');
    } catch (e) {
      err = e as ApiError;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect(err?.status).toBe(403);
    expect(err?.code).toBe('model_not_allowed');
  });
});

describe('ClientLimiter rate limits', () => {
  let limiter: ClientLimiter;
  const start = new Date('2026-01-01T00:00:00Z').getTime();

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    limiter = new ClientLimiter(new MemoryRateLimitStore());
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('admits everything without limits', () => {
    const p = principal();
    for (let i = 0; i < 1000; i++) limiter.admit(p, 100_000);
  });

  it('allows rpm requests in a burst, then 429 with Retry-After, then refills at rpm/60 per second', () => {
    const p = principal({ rpm: 3 });
    for (let i = 0; i < 3; i++) limiter.admit(p, 0);
    const err = rateLimitError(() => limiter.admit(p, 0));
    expect(err.status).toBe(429);
    expect(err.type).toBe('rate_limit_exceeded');
    expect(err.headers['retry-after']).toBe('20');
    jest.setSystemTime(start + 19_000);
    expect(() => limiter.admit(p, 0)).toThrow(ApiError);
    jest.setSystemTime(start + 20_000);
    limiter.admit(p, 0);
  });

  it('limits tokens per minute and takes nothing from rpm when tpm refuses', () => {
    const p = principal({ rpm: 2, tpm: 1000 });
    limiter.admit(p, 900);
    const err = rateLimitError(() => limiter.admit(p, 500));
    expect(err.status).toBe(429);
    expect(Number(err.headers['retry-after'])).toBe(24); // 400 tokens at 1000/60 per second
    limiter.admit(p, 100); // the refused request took no rpm token: the second request still fits
    expect(() => limiter.admit(p, 0)).toThrow(ApiError);
  });

  it('adjustTokens refunds an over-estimate and charges an under-estimate', () => {
    const p = principal({ tpm: 1000 });
    limiter.admit(p, 1000);
    expect(() => limiter.admit(p, 1)).toThrow(ApiError);
    limiter.adjustTokens(p, 1000, 200);
    limiter.admit(p, 800);
    expect(() => limiter.admit(p, 1)).toThrow(ApiError);
    jest.setSystemTime(start + 60_000);
    limiter.adjustTokens(p, 0, 500); // used 500 more than estimated: the bucket owes them
    limiter.admit(p, 500);
    expect(() => limiter.admit(p, 1)).toThrow(ApiError);
  });

  it('admits a request larger than the whole tpm budget only when the bucket is full', () => {
    const p = principal({ tpm: 100 });
    limiter.admit(p, 5000);
    expect(() => limiter.admit(p, 5000)).toThrow(ApiError);
    jest.setSystemTime(start + 60_000);
    limiter.admit(p, 5000);
  });

  it('keeps separate buckets per client and follows a changed limit', () => {
    const a = principal({ clientId: 'a', rpm: 1 });
    const b = principal({ clientId: 'b', rpm: 1 });
    limiter.admit(a, 0);
    limiter.admit(b, 0);
    expect(() => limiter.admit(a, 0)).toThrow(ApiError);
    const raised = { ...a, rpm: 1000 };
    jest.setSystemTime(start + 1_000); // +16.7 tokens at the new rate
    limiter.admit(raised, 0);
  });
});
