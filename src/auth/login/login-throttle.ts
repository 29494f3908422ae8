import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { throttleAddress } from './client-address.js';

export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Consecutive failures for one username from one address before that pair waits. */
export const LOGIN_MAX_FAILURES_PER_USERNAME = 5;
/** Failures from one address (any usernames) before that address waits. */
export const LOGIN_MAX_FAILURES_PER_IP = 20;

/**
 * The Redis command connection when REDIS_URL is set (provided by src/scaleout under this token, read when the
 * throttle is first used, after the connection is opened): every replica then counts the same failures.
 */
export const LOGIN_THROTTLE_REDIS = 'gophergate:LoginThrottleRedis';
export type RedisClientSource = () => object | null;

interface Limiters {
  byIp: RateLimiterAbstract;
  byUserAndIp: RateLimiterAbstract;
}

/**
 * Sign-in throttling, rate-limiter-flexible's login-protection recipe: failures are counted per client address
 * (LOGIN_MAX_FAILURES_PER_IP in 15 minutes, any usernames) and per username + address (LOGIN_MAX_FAILURES_PER_USERNAME
 * consecutive failures; a success clears them). While either is over its limit every attempt from there, right or
 * wrong, is refused with 429 and a Retry-After. Nothing is counted per username alone, so hammering one user from one
 * address cannot lock that user out from anywhere else. The address is the real client's (server.trust_proxy);
 * IPv6 counts per /64. Counters live in Redis with REDIS_URL (shared by the replicas; in memory while Redis is
 * unreachable), else in memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private limiters: Limiters | null = null;

  constructor(@Optional() @Inject(LOGIN_THROTTLE_REDIS) private readonly redis?: RedisClientSource | null) {}

  /** Seconds to wait before another attempt (0: go ahead). */
  async retryAfterSeconds(username: string, ip: string): Promise<number> {
    const { byIp, byUserAndIp } = this.get();
    const [ipRes, pairRes] = await Promise.all([this.read(byIp, this.ipKey(ip)), this.read(byUserAndIp, this.pairKey(username, ip))]);
    let ms = 0;
    if (ipRes && ipRes.consumedPoints >= LOGIN_MAX_FAILURES_PER_IP) ms = Math.max(ms, ipRes.msBeforeNext);
    if (pairRes && pairRes.consumedPoints >= LOGIN_MAX_FAILURES_PER_USERNAME) ms = Math.max(ms, pairRes.msBeforeNext);
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const { byIp, byUserAndIp } = this.get();
    await Promise.all([this.consume(byIp, this.ipKey(ip)), this.consume(byUserAndIp, this.pairKey(username, ip))]);
  }

  /** A success clears that username's failures from that address (not the address's own count). */
  async recordSuccess(username: string, ip: string): Promise<void> {
    try {
      await this.get().byUserAndIp.delete(this.pairKey(username, ip));
    } catch (err) {
      this.logger.warn({ reason: (err as Error)?.message }, 'could not clear sign-in failures');
    }
  }

  private get(): Limiters {
    if (this.limiters) return this.limiters;
    const window = LOGIN_WINDOW_MS / 1000;
    const memoryIp = new RateLimiterMemory({ keyPrefix: 'login_fail_ip', points: LOGIN_MAX_FAILURES_PER_IP, duration: window });
    const memoryPair = new RateLimiterMemory({ keyPrefix: 'login_fail_user_ip', points: LOGIN_MAX_FAILURES_PER_USERNAME, duration: window });
    const client = this.redis?.() ?? null;
    this.limiters = client
      ? {
          byIp: new RateLimiterRedis({ storeClient: client, keyPrefix: 'gophergate:login_fail_ip', points: LOGIN_MAX_FAILURES_PER_IP, duration: window, insuranceLimiter: memoryIp, rejectIfRedisNotReady: true }),
          byUserAndIp: new RateLimiterRedis({ storeClient: client, keyPrefix: 'gophergate:login_fail_user_ip', points: LOGIN_MAX_FAILURES_PER_USERNAME, duration: window, insuranceLimiter: memoryPair, rejectIfRedisNotReady: true }),
        }
      : { byIp: memoryIp, byUserAndIp: memoryPair };
    return this.limiters;
  }

  private async read(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
    try {
      return await limiter.get(key);
    } catch (err) {
      this.logger.warn({ reason: (err as Error)?.message }, 'sign-in throttle unavailable');
      return null;
    }
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      // Over the limit: the rejection is the limiter's answer, the failure is counted all the same.
      if (!(err instanceof RateLimiterRes)) this.logger.warn({ reason: (err as Error)?.message }, 'sign-in throttle unavailable');
    }
  }

  private ipKey(ip: string): string {
    return throttleAddress(ip);
  }

  private pairKey(username: string, ip: string): string {
    return `${username.trim().toLowerCase()}_${throttleAddress(ip)}`;
  }
}
