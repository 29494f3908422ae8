import { Injectable } from '@nestjs/common';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_FAILURES_PER_USERNAME = 5;
export const LOGIN_MAX_FAILURES_PER_IP = 20;
const MAX_TRACKED = 20_000;

/** Failure timestamps per key within a sliding window; bounded in memory. */
class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  /** Milliseconds until `key` may try again (0: allowed now). */
  blockedFor(key: string, now: number): number {
    const list = this.live(key, now);
    if (!list || list.length < this.limit) return 0;
    return list[list.length - this.limit] + LOGIN_WINDOW_MS - now;
  }

  record(key: string, now: number): void {
    const list = this.live(key, now) ?? [];
    list.push(now);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
    this.failures.delete(key);
    this.failures.set(key, list);
    if (this.failures.size > MAX_TRACKED) this.prune(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private live(key: string, now: number): number[] | undefined {
    const list = this.failures.get(key);
    if (!list) return undefined;
    while (list.length > 0 && list[0] + LOGIN_WINDOW_MS <= now) list.shift();
    if (list.length === 0) {
      this.failures.delete(key);
      return undefined;
    }
    return list;
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.live(key, now);
    // Still too many: forget the least recently failed (insertion order is recency), down to 90% so pruning stays rare.
    const target = Math.floor(MAX_TRACKED * 0.9);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= target) break;
      this.failures.delete(key);
    }
  }
}

/**
 * Throttles failed logins per username and per client IP (sliding 15-minute windows). While either is
 * over its limit every attempt, right or wrong, is refused with 429 and a Retry-After.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUser = new FailureWindow(LOGIN_MAX_FAILURES_PER_USERNAME);
  private readonly byIp = new FailureWindow(LOGIN_MAX_FAILURES_PER_IP);

  /** Seconds to wait before another attempt (0: go ahead). */
  retryAfterSeconds(username: string, ip: string, now = Date.now()): number {
    const ms = Math.max(this.byUser.blockedFor(this.userKey(username), now), this.byIp.blockedFor(ip, now));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  recordFailure(username: string, ip: string, now = Date.now()): void {
    this.byUser.record(this.userKey(username), now);
    this.byIp.record(ip, now);
  }

  recordSuccess(username: string, ip: string): void {
    this.byUser.reset(this.userKey(username));
    this.byIp.reset(ip);
  }

  private userKey(username: string): string {
    return username.trim().toLowerCase();
  }
}
