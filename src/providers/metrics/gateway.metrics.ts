import { Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry, type Usage } from '../../common/index.js';
import type { BreakerStateName } from '../runtime/provider.definition.js';

const STATE_VALUE: Record<BreakerStateName, number> = { closed: 0, half_open: 1, open: 2 };
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

/** Model label values are capped so a client cannot mint unbounded series with junk names. */
function modelLabel(model: string): string {
  return model.length <= 100 ? model : `${model.slice(0, 97)}...`;
}

/** Prometheus series of the gateway, per provider and model. */
@Injectable()
export class GatewayMetrics {
  readonly requests: Counter<'provider' | 'model' | 'status' | 'stream'>;
  readonly latency: Histogram<'provider' | 'model' | 'stream'>;
  readonly ttfb: Histogram<'provider' | 'model' | 'stream'>;
  readonly tokens: Counter<'provider' | 'model' | 'kind'>;
  readonly cost: Counter<'provider' | 'model'>;
  readonly retries: Counter<'provider'>;
  readonly fallbacks: Counter<'from' | 'to'>;
  readonly upstreamErrors: Counter<'provider' | 'status' | 'kind'>;
  readonly breakerState: Gauge<'provider'>;
  readonly breakerTransitions: Counter<'provider' | 'state'>;
  readonly inFlight: Gauge<'provider'>;

  constructor(metrics: MetricsRegistry) {
    this.requests = metrics.counter('gophergate_gateway_requests_total', 'Gateway requests by provider, model and final status', ['provider', 'model', 'status', 'stream']);
    this.latency = metrics.histogram('gophergate_gateway_request_duration_seconds', 'Gateway request latency, end to end', ['provider', 'model', 'stream'], LATENCY_BUCKETS);
    this.ttfb = metrics.histogram('gophergate_gateway_ttfb_seconds', 'Time until the upstream answered (headers)', ['provider', 'model', 'stream'], LATENCY_BUCKETS);
    this.tokens = metrics.counter('gophergate_gateway_tokens_total', 'Tokens by kind (input uncached, cache_read, cache_write, output, reasoning)', ['provider', 'model', 'kind']);
    this.cost = metrics.counter('gophergate_gateway_cost_usd_total', 'Cost charged to clients in USD', ['provider', 'model']);
    this.retries = metrics.counter('gophergate_provider_retries_total', 'Upstream attempts retried', ['provider']);
    this.fallbacks = metrics.counter('gophergate_provider_fallbacks_total', 'Requests moved to a fallback provider', ['from', 'to']);
    this.upstreamErrors = metrics.counter('gophergate_upstream_errors_total', 'Failed upstream attempts', ['provider', 'status', 'kind']);
    this.breakerState = metrics.gauge('gophergate_provider_breaker_state', 'Circuit breaker state (0 closed, 1 half open, 2 open)', ['provider']);
    this.breakerTransitions = metrics.counter('gophergate_provider_breaker_transitions_total', 'Circuit breaker state changes', ['provider', 'state']);
    this.inFlight = metrics.gauge('gophergate_provider_in_flight', 'Upstream calls in flight', ['provider']);
  }

  setBreaker(provider: string, state: BreakerStateName): void {
    this.breakerState.set({ provider }, STATE_VALUE[state]);
  }

  breakerChanged(provider: string, state: BreakerStateName): void {
    this.setBreaker(provider, state);
    this.breakerTransitions.inc({ provider, state });
  }

  forgetProvider(provider: string): void {
    this.breakerState.remove({ provider });
    this.inFlight.remove({ provider });
  }

  request(o: { provider: string | null; model: string; status: number; stream: boolean; latencyMs: number; ttfbMs: number | null }): void {
    const provider = o.provider ?? 'none';
    const model = modelLabel(o.model);
    const stream = o.stream ? 'true' : 'false';
    this.requests.inc({ provider, model, status: String(o.status), stream });
    const series = { provider, model, stream };
    this.latency.observe(series, o.latencyMs / 1000);
    if (o.ttfbMs !== null) this.ttfb.observe(series, o.ttfbMs / 1000);
  }

  usage(provider: string, model: string, usage: Usage, costUsd: number): void {
    const m = modelLabel(model);
    if (usage.input) this.tokens.inc({ provider, model: m, kind: 'input' }, usage.input);
    if (usage.cacheRead) this.tokens.inc({ provider, model: m, kind: 'cache_read' }, usage.cacheRead);
    if (usage.cacheWrite) this.tokens.inc({ provider, model: m, kind: 'cache_write' }, usage.cacheWrite);
    if (usage.output) this.tokens.inc({ provider, model: m, kind: 'output' }, usage.output);
    if (usage.reasoning) this.tokens.inc({ provider, model: m, kind: 'reasoning' }, usage.reasoning);
    if (costUsd > 0) this.cost.inc({ provider, model: m }, costUsd);
  }

  upstreamError(provider: string, status: number, kind: string): void {
    this.upstreamErrors.inc({ provider, status: String(status), kind });
  }
}
