import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per app instance; modules register their series through it. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    // Node's defaults under their standard names (Grafana's Node.js dashboards and common alerts use them);
    // the gateway's own series carry the gophergate_ prefix.
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = this.counter('gophergate_http_requests_total', 'HTTP requests answered', ['method', 'route', 'status']);
    this.httpDuration = this.histogram('gophergate_http_request_duration_seconds', 'HTTP request latency', ['method', 'route', 'status'], [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames: labelNames as L[], registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames: labelNames as L[], registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames: labelNames as L[], buckets, registers: [this.registry] });
  }
}
