import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { List, UsageRow } from '../api/types';
import { TimeChart } from '../components/Charts';
import { SelectField } from '../components/Fields';
import { LiveFeed } from '../components/LiveFeed';
import { Card, PageHeader, Stat } from '../components/Page';
import { ProviderTiles } from '../components/ProviderTiles';
import { UsageBreakdown } from '../components/UsageBreakdown';
import { formatCompact, formatInt, formatMs, formatUsd } from '../format';
import { useResource } from '../hooks';
import { bucketUsage, totals } from '../usage';

const RANGES = [
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000, group: 'hour' as const },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000, group: 'hour' as const },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000, group: 'day' as const },
];
const REFRESH_MS = 30_000;

export function OverviewPage() {
  const [range, setRange] = useState('24h');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((x) => x + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const r = RANGES.find((x) => x.value === range) ?? RANGES[0];
  // Window end rounds up to the next minute so repeated refreshes share a cacheable URL.
  const { from, to, fromMs, toMs } = useMemo(() => {
    const end = Math.ceil(Date.now() / 60_000) * 60_000;
    return { from: new Date(end - r.ms).toISOString(), to: new Date(end).toISOString(), fromMs: end - r.ms, toMs: end - 1 };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, tick]);

  const res = useResource(
    (signal) => api.get<List<UsageRow>>('/api/usage', { from, to, group_by: r.group }, signal),
    [from, to, r.group],
  );
  const rows = res.data?.data ?? [];
  const slots = bucketUsage(rows, fromMs, toMs, r.group);
  const t = totals(rows);
  const pick = (f: (x: UsageRow) => number | null) => slots.rows.map((x) => (x ? f(x) : 0));
  const errRate = t.requests ? (t.errors / t.requests) * 100 : 0;

  return (
    <div>
      <PageHeader title="Overview">
        <SelectField label="Range" value={range} onValue={setRange} options={RANGES} testid="overview-range" />
      </PageHeader>

      <div class="stats" aria-busy={res.loading}>
        <Stat label="Requests" value={formatInt(t.requests)} />
        <Stat label="Errors" value={formatInt(t.errors)} sub={`${errRate.toFixed(1)}% of requests`} />
        <Stat label="Cost" value={formatUsd(t.cost)} />
        <Stat label="Avg latency" value={formatMs(t.avgLatency)} />
        <Stat label="Tokens" value={formatCompact(t.tokens)} sub={`${formatCompact(t.input)} in · ${formatCompact(t.output)} out`} />
      </div>

      <div class="grid-2">
        <Card>
          <TimeChart
            title="Requests and errors"
            labels={slots.labels}
            format={(v) => formatCompact(v)}
            testid="chart-requests"
            series={[
              { name: 'Requests', values: pick((x) => x.requests), tone: 's1', kind: 'bar' },
              { name: 'Errors', values: pick((x) => x.errors), tone: 'err', kind: 'bar' },
            ]}
          />
        </Card>
        <Card>
          <TimeChart
            title="Cost (USD)"
            labels={slots.labels}
            format={formatUsd}
            testid="chart-cost"
            series={[{ name: 'Cost', values: pick((x) => x.cost_usd), tone: 's2', kind: 'line' }]}
          />
        </Card>
        <Card>
          <TimeChart
            title="Average latency"
            labels={slots.labels}
            format={formatMs}
            testid="chart-latency"
            series={[{ name: 'Avg latency', values: slots.rows.map((x) => (x && x.requests ? x.avg_latency_ms : null)), tone: 's3', kind: 'line', summary: `${formatMs(t.avgLatency)} average` }]}
          />
        </Card>
        <Card>
          <TimeChart
            title="Tokens"
            labels={slots.labels}
            format={formatCompact}
            testid="chart-tokens"
            series={[
              { name: 'Input', values: pick((x) => x.input_tokens + x.cache_read_tokens + x.cache_write_tokens), tone: 's1', kind: 'line' },
              { name: 'Output', values: pick((x) => x.output_tokens), tone: 's4', kind: 'line' },
            ]}
          />
        </Card>
      </div>

      <div class="grid-2 grid-wide-left">
        <Card title="Live requests">
          <LiveFeed />
        </Card>
        <Card title="Provider health">
          <ProviderTiles />
        </Card>
      </div>

      <Card title="Breakdown">
        <UsageBreakdown from={from} to={to} tick={tick} />
      </Card>
    </div>
  );
}
