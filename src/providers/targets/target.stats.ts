import { Injectable } from '@nestjs/common';
import type { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '../../common/index.js';

/** Weight of a new sample in the moving average of time to first byte. */
const EWMA_ALPHA = 0.3;

export interface TargetSnapshot {
  provider: string;
  inFlight: number;
  /** Moving average of time to first byte (ms); null before the first success. */
  latencyMs: number | null;
  served: number;
  failed: number;
  keys: Record<string, number>;
}

interface TargetState {
  inFlight: number;
  ewma: number | null;
  served: number;
  failed: number;
  keys: Map<string, number>;
}

/**
 * Live numbers per target (provider) on this replica, for the strategies and the dashboard: calls in flight
 * (least_busy), the moving average of time to first byte (lowest_latency), answers served per key (share of traffic).
 */
@Injectable()
export class TargetStats {
  private readonly targets = new Map<string, TargetState>();
  private readonly selections: Counter<'provider' | 'key' | 'outcome'>;
  private readonly latencyGauge: Gauge<'provider'>;

  constructor(metrics: MetricsRegistry) {
    this.selections = metrics.counter('gophergate_routing_attempts_total', 'Upstream attempts per target and key, by outcome (ok, failed)', ['provider', 'key', 'outcome']);
    this.latencyGauge = metrics.gauge('gophergate_routing_target_ttfb_seconds', 'Moving average of the time to first byte per target (lowest_latency uses it)', ['provider']);
  }

  private state(provider: string): TargetState {
    let s = this.targets.get(provider);
    if (!s) {
      s = { inFlight: 0, ewma: null, served: 0, failed: 0, keys: new Map() };
      this.targets.set(provider, s);
    }
    return s;
  }

  inFlight(provider: string): number {
    return this.targets.get(provider)?.inFlight ?? 0;
  }

  /** Moving average of time to first byte in ms; null when never measured. */
  latencyMs(provider: string): number | null {
    return this.targets.get(provider)?.ewma ?? null;
  }

  started(provider: string): void {
    this.state(provider).inFlight += 1;
  }

  /** An attempt ended: `ms` is its time to first byte when it succeeded. */
  ended(provider: string, key: string, ok: boolean, ms: number): void {
    const s = this.state(provider);
    s.inFlight = Math.max(0, s.inFlight - 1);
    this.selections.inc({ provider, key, outcome: ok ? 'ok' : 'failed' });
    if (!ok) {
      s.failed += 1;
      return;
    }
    s.served += 1;
    s.keys.set(key, (s.keys.get(key) ?? 0) + 1);
    s.ewma = s.ewma === null ? ms : s.ewma + EWMA_ALPHA * (ms - s.ewma);
    this.latencyGauge.set({ provider }, s.ewma / 1000);
  }

  snapshot(): TargetSnapshot[] {
    return [...this.targets.entries()].map(([provider, s]) => ({
      provider,
      inFlight: s.inFlight,
      latencyMs: s.ewma === null ? null : Math.round(s.ewma * 10) / 10,
      served: s.served,
      failed: s.failed,
      keys: Object.fromEntries(s.keys),
    }));
  }
}
