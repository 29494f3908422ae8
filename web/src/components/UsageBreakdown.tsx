import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { List, UsageGroup, UsageRow } from '../api/types';
import { formatCompact, formatInt, formatMs, formatUsd } from '../format';
import { useResource } from '../hooks';
import { HBar } from './Charts';
import { SelectField } from './Fields';
import { Table } from './Table';

const GROUPS: { value: UsageGroup; label: string }[] = [
  { value: 'client', label: 'Client' },
  { value: 'model', label: 'Model' },
  { value: 'provider', label: 'Provider' },
  { value: 'key', label: 'Key' },
  { value: 'tag', label: 'Tag (x-gophergate-tags)' },
  { value: 'surface', label: 'Surface' },
];

/** Usage for a time range broken down by client, model or provider, most expensive first. */
export function UsageBreakdown({ from, to, tick }: { from: string; to: string; tick: number }) {
  const [group, setGroup] = useState<UsageGroup>('model');
  const res = useResource(
    (signal) => api.get<List<UsageRow>>('/api/usage', { from, to, group_by: group }, signal),
    [from, to, group, tick],
  );
  const rows = res.data ? [...res.data.data].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests) : undefined;
  const maxCost = Math.max(0, ...(rows ?? []).map((r) => r.cost_usd));
  const label = GROUPS.find((g) => g.value === group)?.label ?? group;
  return (
    <div>
      <div class="toolbar">
        <SelectField label="Group by" value={group} onValue={(v) => setGroup(v as UsageGroup)} options={GROUPS} testid="usage-group" />
      </div>
      <Table<UsageRow>
        caption={`Usage by ${label}`}
        rows={rows}
        loading={res.loading}
        rowKey={(r) => r.key}
        rowTestId="usage-row"
        empty="No requests in this range."
        columns={[
          { label, render: (r) => <span class="mono">{r.key || '—'}</span> },
          { label: 'Requests', numeric: true, render: (r) => formatInt(r.requests) },
          { label: 'Errors', numeric: true, render: (r) => (r.errors ? <span class="text-err">{formatInt(r.errors)}</span> : '0') },
          { label: 'Input tok', numeric: true, render: (r) => formatCompact(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens) },
          { label: 'Output tok', numeric: true, render: (r) => formatCompact(r.output_tokens) },
          { label: 'Avg latency', numeric: true, render: (r) => formatMs(r.avg_latency_ms) },
          { label: 'Cost', numeric: true, render: (r) => formatUsd(r.cost_usd) },
          { label: '', class: 'col-bar', render: (r) => <HBar value={r.cost_usd} max={maxCost} tone="s2" /> },
        ]}
      />
    </div>
  );
}
