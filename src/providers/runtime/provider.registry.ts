import { Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { ApiError, EventBus } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { GatewayMetrics } from '../metrics/gateway.metrics.js';
import { ProviderRuntime } from './provider.runtime.js';
import { probeProvider } from './provider.probe.js';
import { CooldownBoard } from '../targets/cooldown.board.js';
import { definitionFromConfig, type BreakerStateName, type ProviderDefinition, type ProviderSummary } from './provider.definition.js';

/**
 * The providers the gateway serves, by name: from the config (and the env keys), and from the database via
 * upsert/remove at any time (hot: a new runtime serves the next request; the old one finishes its in-flight calls).
 * Each runtime owns one keep-alive pool and one circuit breaker, whose changes go to the live feed and metrics.
 */
@Injectable()
export class ProviderRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('ProviderRegistry');
  private readonly runtimes = new Map<string, ProviderRuntime>();
  private namesView: ReadonlySet<string> = new Set();
  private versionNo = 0;
  private readonly graceMs: number;

  constructor(
    config: AppConfig,
    private readonly events: EventBus,
    private readonly metrics: GatewayMetrics,
    @Optional() private readonly cooldowns?: CooldownBoard,
  ) {
    this.graceMs = Math.max(1000, config.runtime.drain_seconds * 1000);
    for (const p of config.providers) this.upsert(definitionFromConfig(p));
  }

  /** Every provider (enabled or not) with its breaker state; never the key. */
  list(): ProviderSummary[] {
    return [...this.runtimes.values()].map((rt) => ({
      name: rt.name,
      kind: rt.def.kind,
      baseUrl: rt.baseUrl.toString().replace(/\/$/, ''),
      source: rt.def.source,
      enabled: rt.def.enabled,
      state: rt.policy.state,
      ...(rt.def.id ? { id: rt.def.id } : {}),
    }));
  }

  /** Names of the enabled providers: what routing may choose from. */
  names(): ReadonlySet<string> {
    return this.namesView;
  }

  /** A copy of the provider's definition (it holds the key: for trusted callers only). */
  get(name: string): ProviderDefinition | undefined {
    const rt = this.runtimes.get(name);
    return rt ? structuredClone(rt.def) : undefined;
  }

  /** The serving runtime of an enabled provider. */
  runtime(name: string): ProviderRuntime | undefined {
    const rt = this.runtimes.get(name);
    return rt?.def.enabled ? rt : undefined;
  }

  state(name: string): BreakerStateName | undefined {
    return this.runtimes.get(name)?.policy.state;
  }

  /** Add or replace a provider; serves from the next request. Throws on an invalid definition (bad URL, kind or preset). */
  upsert(def: ProviderDefinition): void {
    const rt = new ProviderRuntime(structuredClone(def), {
      onStateChange: (state) => this.onBreaker(def.name, rt, state),
      onRetry: () => this.metrics.retries.inc({ provider: def.name }),
    });
    const previous = this.runtimes.get(def.name);
    this.runtimes.set(def.name, rt);
    this.refreshNames();
    this.metrics.setBreaker(def.name, 'closed');
    if (previous) {
      void previous.close(this.graceMs);
      this.cooldowns?.forget(def.name); // new keys or settings: no old cooldown holds
    }
    this.logger.log({ provider: def.name, kind: def.kind, base_url: rt.baseUrl.origin, source: def.source, enabled: def.enabled }, previous ? 'provider replaced' : 'provider added');
  }

  remove(name: string): void {
    const rt = this.runtimes.get(name);
    if (!rt) return;
    this.runtimes.delete(name);
    this.refreshNames();
    this.metrics.forgetProvider(name);
    void rt.close(this.graceMs);
    this.logger.log({ provider: name }, 'provider removed');
  }

  /** A real, minimal upstream call (the provider's model list): reachability and credentials. */
  async testCall(name: string): Promise<{ ok: boolean; latency_ms: number; message: string }> {
    const rt = this.runtimes.get(name);
    if (!rt) throw ApiError.notFound(`No provider named '${name}'.`);
    return probeProvider(rt);
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.runtimes.values()];
    this.runtimes.clear();
    this.refreshNames();
    await Promise.all(all.map((rt) => rt.close(this.graceMs)));
  }

  /** Bumped on every change of the provider set (caches key on it). */
  get version(): number {
    return this.versionNo;
  }

  private refreshNames(): void {
    this.versionNo += 1;
    this.namesView = new Set([...this.runtimes.values()].filter((rt) => rt.def.enabled).map((rt) => rt.name));
  }

  private onBreaker(name: string, rt: ProviderRuntime, state: BreakerStateName): void {
    if (this.runtimes.get(name) !== rt) return; // a replaced runtime's late transition
    this.metrics.breakerChanged(name, state);
    this.events.publish({ type: 'provider', data: { name, state } });
    // the other replicas treat this target as cooling down until its half-open test is due
    if (state === 'open') this.cooldowns?.broadcast({ provider: name, key: '*', ms: rt.policy.openRemainingMs() || rt.def.breaker.half_open_after_seconds * 1000, reason: 'breaker_open' });
    const log = { provider: name, state };
    if (state === 'open') this.logger.warn(log, 'circuit opened');
    else this.logger.log(log, 'circuit state changed');
  }
}
