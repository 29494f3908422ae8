// docker/grafana/gophergate.dashboard.json: every PromQL query names only series the gateway exports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MetricsRegistry, registerObservationHooks, type Tracing } from '../../../src/common/index.js';
import { GatewayMetrics } from '../../../src/providers/index.js';
import { REPO, readRepoFile } from './support/repo.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROMQL_WORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'histogram_quantile', 'label_values', 'label_replace', 'abs', 'clamp_min', 'clamp_max', 'vector', 'scalar', 'time', 'sort', 'sort_desc', 'avg_over_time', 'max_over_time', 'min_over_time', 'sum_over_time', 'e',
]);

/** Metric names in a PromQL expression (or a Grafana label_values query): identifiers outside label matchers, groupings, ranges, strings and Grafana variables. */
function seriesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\blabel_values\(([^,)]*),[^)]*\)/g, ' $1 ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/\b\d+(\.\d+)?(e\d+)?\b/g, ' ');
  const words = stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return words.filter((w) => !PROMQL_WORDS.has(w));
}

/** Every series name /metrics can show: the registry's own and default metrics, the gateway's, and those other modules register by name. */
async function exportedSeries(): Promise<Set<string>> {
  const metrics = new MetricsRegistry();
  new GatewayMetrics(metrics);
  registerObservationHooks({ addHook: () => undefined } as unknown as FastifyInstance, { tracer: null } as unknown as Tracing, metrics);
  const names = new Set<string>();
  const add = (name: string, type: string): void => {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  };
  for (const m of await metrics.registry.getMetricsAsJSON()) add(m.name, String(m.type));
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  for (const file of walk(join(REPO, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.(counter|gauge|histogram)\(\s*'(gophergate_[a-z0-9_]+)'/g)) add(m[2], m[1]);
  }
  return names;
}

function queriesOf(dashboard: Json): string[] {
  const panels = (dashboard.panels as Json[]).flatMap((p) => [p, ...((p.panels as Json[] | undefined) ?? [])]);
  const exprs = panels.flatMap((p) => ((p.targets as Json[] | undefined) ?? []).map((t) => String(t.expr)));
  const variables = ((dashboard.templating?.list as Json[] | undefined) ?? []).filter((v) => v.type === 'query').map((v) => String(v.query?.query ?? v.query));
  return [...exprs, ...variables];
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readRepoFile('docker/grafana/gophergate.dashboard.json')) as Json;

  it('names only series the gateway exports', async () => {
    const exported = await exportedSeries();
    const queries = queriesOf(dashboard);
    expect(queries.length).toBeGreaterThan(20);
    const unknown = queries.flatMap((q) => seriesIn(q).filter((name) => !exported.has(name)).map((name) => `${name} (in ${q})`));
    expect(unknown).toEqual([]);
  });

  it('charts traffic, latency, the gateway overhead, tokens, cost and provider health', () => {
    const named = new Set(queriesOf(dashboard).flatMap(seriesIn));
    for (const series of [
      'gophergate_gateway_requests_total',
      'gophergate_gateway_request_duration_seconds_bucket',
      'gophergate_gateway_overhead_seconds_bucket',
      'gophergate_gateway_tokens_total',
      'gophergate_gateway_cost_usd_total',
      'gophergate_upstream_errors_total',
      'gophergate_provider_breaker_state',
    ]) expect(named).toContain(series);
  });

  it('reads PromQL the way Prometheus does (the extractor itself)', () => {
    expect(seriesIn('histogram_quantile(0.99, sum by (le, surface) (rate(gophergate_gateway_overhead_seconds_bucket{provider=~"$provider"}[$__rate_interval])))')).toEqual(['gophergate_gateway_overhead_seconds_bucket']);
    expect(seriesIn('sum(rate(a_total{status=~"5.."}[5m])) / sum(rate(b_total[5m]))')).toEqual(['a_total', 'b_total']);
    expect(seriesIn('label_values(gophergate_gateway_requests_total, provider)')).toEqual(['gophergate_gateway_requests_total']);
  });

  it('uses a datasource variable and unique panel ids', () => {
    expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const ids = (dashboard.panels as Json[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
