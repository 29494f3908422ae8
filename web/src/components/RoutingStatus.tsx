import { useEffect } from 'preact/hooks';
import { api } from '../api/client';
import type { RoutingDeployment, RoutingStatus } from '../api/types';
import { Badge, StateBadge } from './Badge';
import { Card } from './Page';
import { Table } from './Table';
import { formatInt, formatMs } from '../format';
import { useResource } from '../hooks';

const REFRESH_MS = 5_000;

const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;

function DeploymentState({ d }: { d: RoutingDeployment }) {
  if (d.state === 'cooling') return <Badge tone="warn" title="every key is cooling down, or another replica saw its breaker open">cooling {formatMs(d.cooling_ms)}</Badge>;
  if (d.state === 'disabled') return <Badge tone="muted">disabled</Badge>;
  return <StateBadge state={d.state} />;
}

function KeyState({ state, ms }: { state: string; ms: number }) {
  if (state === 'available') return <Badge tone="ok">available</Badge>;
  if (state === 'revoked') return <Badge tone="err" title="the provider answered 401/403: out of rotation">revoked</Badge>;
  if (state === 'at_limit') return <Badge tone="warn" title="at its rpm/tpm for the last minute">at limit {formatMs(ms)}</Badge>;
  return <Badge tone="warn" title="answered 429: cooling down for its Retry-After">cooling {formatMs(ms)}</Badge>;
}

/** Deployments and keys (GET /api/routing): state, share of traffic, latency and cooldowns; refreshed every 5 s. */
export function RoutingStatusCard() {
  const res = useResource((signal) => api.get<RoutingStatus>('/api/routing', undefined, signal), []);
  const { reload } = res;
  useEffect(() => {
    const t = setInterval(() => reload(), REFRESH_MS);
    return () => clearInterval(t);
  }, [reload]);
  const rows = res.data?.deployments.flatMap((d) => [
    { id: d.provider, d, key: null as RoutingDeployment['keys'][number] | null },
    ...(d.keys.length > 1 || d.keys.some((k) => k.state !== 'available' || k.rpm_limit !== null || k.tpm_limit !== null) ? d.keys.map((k) => ({ id: `${d.provider}/${k.label}`, d, key: k })) : []),
  ]);
  const aliases = Object.entries(res.data?.aliases ?? {});
  return (
    <Card title="Deployments and keys">
      <p class="muted small">This replica's view since it started: share of the answers served, calls in flight, moving average of time to first byte, cooldowns.</p>
      <Table
        caption="Deployments and keys"
        rows={rows}
        loading={res.loading && !res.data}
        rowKey={(r) => r.id}
        rowTestId="routing-row"
        empty="No providers."
        columns={[
          { label: 'Deployment / key', render: (r) => (r.key ? <span class="mono">&nbsp;&nbsp;↳ {r.key.label} {r.key.masked}</span> : <span class="strong">{r.d.provider}</span>) },
          { label: 'State', render: (r) => (r.key ? <KeyState state={r.key.state} ms={r.key.cooling_ms} /> : <DeploymentState d={r.d} />) },
          { label: 'Share', numeric: true, render: (r) => pct(r.key ? r.key.share : r.d.share) },
          { label: 'Served', numeric: true, render: (r) => formatInt(r.key ? r.key.served : r.d.served) },
          { label: 'Failed', numeric: true, render: (r) => (r.key ? '' : formatInt(r.d.failed)) },
          { label: 'In flight', numeric: true, render: (r) => (r.key ? '' : formatInt(r.d.in_flight)) },
          { label: 'Latency (TTFB)', numeric: true, render: (r) => (r.key ? '' : r.d.latency_ms === null ? '—' : formatMs(r.d.latency_ms)) },
          {
            label: 'Limits (last minute)',
            render: (r) =>
              r.key && (r.key.rpm_limit !== null || r.key.tpm_limit !== null) ? (
                <span class="mono small">
                  {r.key.rpm_limit !== null ? `${r.key.rpm}/${r.key.rpm_limit} rpm ` : ''}
                  {r.key.tpm_limit !== null ? `${r.key.tpm}/${r.key.tpm_limit} tpm` : ''}
                </span>
              ) : (
                ''
              ),
          },
        ]}
      />
      {aliases.length > 0 && (
        <p class="small" data-testid="routing-aliases">
          Aliases: {aliases.map(([a, m], i) => <span key={a} class="mono">{i ? ', ' : ''}{a} → {m}</span>)}
        </p>
      )}
    </Card>
  );
}
