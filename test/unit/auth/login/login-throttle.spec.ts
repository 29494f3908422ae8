import { jest } from '@jest/globals';
import { throttleAddress } from '../../../../src/auth/login/client-address.js';
import { LoginThrottle, LOGIN_MAX_FAILURES_PER_IP, LOGIN_MAX_FAILURES_PER_USERNAME, LOGIN_WINDOW_MS } from '../../../../src/auth/login/login-throttle.js';

describe('LoginThrottle (rate-limiter-flexible, per address and per username + address)', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('blocks a username from the address that failed, case-insensitively, and nowhere else', async () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME; i++) {
      expect(await throttle.retryAfterSeconds('Alice', '10.0.0.1')).toBe(0);
      await throttle.recordFailure('Alice', '10.0.0.1');
    }
    const wait = await throttle.retryAfterSeconds('alice', '10.0.0.1');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    // one address hammering a user does not lock that user out from elsewhere
    expect(await throttle.retryAfterSeconds('alice', '10.9.9.9')).toBe(0);
    expect(await throttle.retryAfterSeconds('bob', '10.0.0.1')).toBe(0);
  });

  it('blocks an address after its failures across many usernames', async () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_IP; i++) await throttle.recordFailure(`user${i}`, '10.1.1.1');
    expect(await throttle.retryAfterSeconds('someone-new', '10.1.1.1')).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds('someone-new', '10.1.1.2')).toBe(0);
  });

  it('a success clears that username\'s failures from that address', async () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME - 1; i++) await throttle.recordFailure('carol', '10.2.2.2');
    await throttle.recordSuccess('carol', '10.2.2.2');
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME - 1; i++) await throttle.recordFailure('carol', '10.2.2.2');
    expect(await throttle.retryAfterSeconds('carol', '10.2.2.2')).toBe(0);
  });

  it('forgets failures after the window', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_USERNAME; i++) await throttle.recordFailure('dave', '10.3.3.3');
    expect(await throttle.retryAfterSeconds('dave', '10.3.3.3')).toBeGreaterThan(0);
    jest.advanceTimersByTime(LOGIN_WINDOW_MS + 1000);
    expect(await throttle.retryAfterSeconds('dave', '10.3.3.3')).toBe(0);
  });

  it('counts IPv6 addresses per /64 and IPv4-mapped addresses as IPv4', async () => {
    expect(throttleAddress('2001:db8:1:2::1')).toBe(throttleAddress('2001:db8:1:2:ffff:1:2:3'));
    expect(throttleAddress('2001:db8:1:2::1')).not.toBe(throttleAddress('2001:db8:1:3::1'));
    expect(throttleAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttleAddress('192.0.2.7')).toBe('192.0.2.7');
    const throttle = new LoginThrottle();
    for (let i = 1; i <= LOGIN_MAX_FAILURES_PER_IP; i++) await throttle.recordFailure(`u${i}`, `2001:db8:aa:bb::${i.toString(16)}`);
    expect(await throttle.retryAfterSeconds('fresh', '2001:db8:aa:bb:1234::99')).toBeGreaterThan(0);
    expect(await throttle.retryAfterSeconds('fresh', '2001:db8:aa:bc::1')).toBe(0);
  });
});
