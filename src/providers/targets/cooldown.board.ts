import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsRegistry } from '../../common/index.js';

/** Why a key or a whole target is out of rotation. */
export type CooldownReason = 'rate_limited' | 'revoked' | 'breaker_open';

/** What replicas tell each other: `ms` from now (no shared clock needed); `key` '*' is the whole target. */
export interface CooldownMessage {
  provider: string;
  key: string;
  ms: number;
  reason: CooldownReason;
  origin?: string;
}

/** How cooldowns reach the other replicas (Redis pub/sub, see src/scaleout/cooldowns). */
export interface CooldownTransport {
  send(message: CooldownMessage): Promise<void>;
}

export interface CooldownEntry {
  provider: string;
  key: string;
  until: number;
  reason: CooldownReason;
}

/** A default cooldown after a 429 without Retry-After. */
export const DEFAULT_COOLDOWN_MS = 5_000;
/** A revoked key (401/403) stays out this long unless the provider is reconfigured. */
export const REVOKED_MS = 60 * 60 * 1000;
/** The longest cooldown honoured from a Retry-After. */
export const MAX_COOLDOWN_MS = 60 * 60 * 1000;

/**
 * Which provider keys (and whole targets) are cooling down, until when. A 429 cools a key for its Retry-After, a
 * 401/403 takes it out, an open breaker cools the target on the other replicas. Shared through a transport when one
 * is set (Redis), per replica otherwise.
 */
@Injectable()
export class CooldownBoard {
  private readonly logger = new Logger('Routing');
  private readonly entries = new Map<string, CooldownEntry>();
  private transport: CooldownTransport | null = null;
  private readonly counter: Counter<'provider' | 'key' | 'reason'>;

  constructor(metrics: MetricsRegistry) {
    this.counter = metrics.counter('gophergate_routing_cooldowns_total', 'Keys and targets put in cooldown (key "*": the whole target), by reason', ['provider', 'key', 'reason']);
  }

  useTransport(transport: CooldownTransport | null): void {
    this.transport = transport;
  }

  /** No cooldown anywhere (the hot path's shortcut). */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** Milliseconds until `provider`'s `key` ('*': the target) is back; 0 when it is not cooling. */
  remainingMs(provider: string, key: string, now = Date.now()): number {
    if (this.entries.size === 0) return 0;
    const entry = this.entries.get(`${provider}\0${key}`);
    if (!entry) return 0;
    if (entry.until <= now) {
      this.entries.delete(`${provider}\0${key}`);
      return 0;
    }
    return entry.until - now;
  }

  reasonOf(provider: string, key: string): CooldownReason | null {
    return this.remainingMs(provider, key) > 0 ? (this.entries.get(`${provider}\0${key}`)?.reason ?? null) : null;
  }

  /** Cool a key (or '*', the target) for `ms` here and on every replica. `label` names the key in logs and metrics. */
  cool(provider: string, key: string, ms: number, reason: CooldownReason, label = key): void {
    const bounded = Math.max(1, Math.min(ms, reason === 'revoked' ? REVOKED_MS : MAX_COOLDOWN_MS));
    this.apply({ provider, key, ms: bounded, reason });
    this.counter.inc({ provider, key: label, reason });
    const log = { provider, key: label, reason, cooldown_ms: bounded };
    if (reason === 'revoked') this.logger.warn(log, 'provider key refused (401/403): taken out of rotation');
    else this.logger.log(log, 'provider key cooling down');
    const transport = this.transport;
    if (!transport) return;
    transport.send({ provider, key, ms: bounded, reason }).catch((err: unknown) => {
      this.logger.warn({ reason: (err as Error)?.message }, 'could not share a cooldown; other replicas find out on their own');
    });
  }

  /** Tell the other replicas only (this replica already knows, e.g. its own breaker opened). */
  broadcast(message: CooldownMessage): void {
    this.transport?.send(message).catch(() => undefined);
  }

  /** Record a cooldown (a received one, or this replica's own) without telling anyone. */
  apply(message: CooldownMessage, now = Date.now()): void {
    const id = `${message.provider}\0${message.key}`;
    const until = now + Math.max(0, message.ms);
    const existing = this.entries.get(id);
    if (existing && existing.until >= until && existing.reason === message.reason) return;
    this.entries.set(id, { provider: message.provider, key: message.key, until, reason: message.reason });
  }

  /** Forget every cooldown of a provider (it was reconfigured: new keys, new chances). */
  forget(provider: string): void {
    for (const [id, entry] of this.entries) if (entry.provider === provider) this.entries.delete(id);
  }

  /** Current cooldowns (expired ones dropped). */
  list(now = Date.now()): CooldownEntry[] {
    const out: CooldownEntry[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) this.entries.delete(id);
      else out.push({ ...entry });
    }
    return out;
  }
}
