import { LoginThrottle, LOGIN_MAX_FAILURES_PER_IP, LOGIN_MAX_FAILURES_PER_USERNAME, LOGIN_WINDOW_MS } from '../../../src/auth/login/login-throttle.js';

describe('LoginThrottle', () => {
  const t0 = 1_000_000;

  it('blocks a username after its failures in the window, case-insensitively, from any IP', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME; i++) {
      expect(throttle.retryAfterSeconds('Alice', `10.0.0.${i}`, t0 + i)).toBe(0);
      throttle.recordFailure('Alice', `10.0.0.${i}`, t0 + i);
    }
    const wait = throttle.retryAfterSeconds('alice', '10.9.9.9', t0 + 10);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    expect(throttle.retryAfterSeconds('bob', '10.9.9.9', t0 + 10)).toBe(0);
    expect(throttle.retryAfterSeconds('alice', '10.9.9.9', t0 + LOGIN_WINDOW_MS + 1)).toBe(0);
  });

  it('blocks an IP after its failures across many usernames', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_IP; i++) throttle.recordFailure(`user${i}`, '10.1.1.1', t0 + i);
    expect(throttle.retryAfterSeconds('someone-new', '10.1.1.1', t0 + 100)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('someone-new', '10.1.1.2', t0 + 100)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME - 1; i++) throttle.recordFailure('carol', '10.2.2.2', t0 + i);
    throttle.recordSuccess('carol', '10.2.2.2');
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME - 1; i++) throttle.recordFailure('carol', '10.2.2.2', t0 + 10 + i);
    expect(throttle.retryAfterSeconds('carol', '10.2.2.2', t0 + 20)).toBe(0);
  });

  it('stays bounded in memory under a flood of distinct usernames', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 50_000; i++) throttle.recordFailure(`u${i}`, `ip${i}`, t0 + i);
    const inner = throttle as unknown as { byUser: { failures: Map<string, unknown> } };
    expect(inner.byUser.failures.size).toBeLessThanOrEqual(20_000);
  });
});
