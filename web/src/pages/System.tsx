import { useMemo } from 'preact/hooks';
import { api } from '../api/client';
import type { SystemInfo } from '../api/types';
import { useAuth } from '../auth';
import { StateBadge } from '../components/Badge';
import { Card, Definitions, InlineError, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatBytes, formatDate, formatDuration, formatInt, formatRelative } from '../format';
import { useNow, useResource } from '../hooks';

export function SystemPage() {
  const { isAdmin } = useAuth();
  const res = useResource((signal) => api.get<SystemInfo>('/api/system', undefined, signal), []);
  const now = useNow(1000);
  const s = res.data;
  // Uptime keeps counting locally between refreshes.
  const fetchedAt = useFetchedAt(s);

  return (
    <div>
      <PageHeader title="System">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading}>
          Refresh
        </button>
        {isAdmin && (
          <a class="btn btn-primary" href="/api/system/backup" download data-testid="system-backup">
            Download backup
          </a>
        )}
      </PageHeader>
      {!s && (res.loading ? <p class="muted">Loading…</p> : <InlineError error={res.error} />)}
      {s && (
        <div class="grid-2" data-testid="system-info">
          <Card title="Gateway">
            <Definitions
              items={[
                ['Version', <span data-testid="system-version">{s.version}</span>],
                ['Uptime', formatDuration(s.uptime_seconds + (now - fetchedAt) / 1000)],
                ['Process id', String(s.pid)],
                ['Node.js', s.node_version],
              ]}
            />
          </Card>
          <Card title="Storage and registry">
            <Definitions
              items={[
                ['Database', s.database.kind === 'postgres' ? 'PostgreSQL' : s.database.kind === 'sqlite' ? 'SQLite' : s.database.kind],
                ['Database size', formatBytes(s.database.size_bytes)],
                ['Registry source', <span class="mono clip">{s.registry.source}</span>],
                ['Registry loaded', s.registry.loaded_at ? <span title={formatDate(s.registry.loaded_at)}>{formatRelative(s.registry.loaded_at, now)}</span> : 'never'],
                ['Catalog data from', s.registry.as_of ? <span title={formatDate(s.registry.as_of)}>{formatRelative(s.registry.as_of, now)}</span> : 'unknown'],
                ['Models known', formatInt(s.registry.models)],
              ]}
            />
          </Card>
          <Card title="Providers" class="span-2">
            <Table
              caption="Provider breaker states"
              rows={s.providers}
              rowKey={(p) => p.name}
              empty="No providers configured."
              columns={[
                { label: 'Name', render: (p) => <span class="strong">{p.name}</span> },
                { label: 'Kind', render: (p) => p.kind },
                { label: 'Breaker', render: (p) => <StateBadge state={p.state} /> },
              ]}
            />
          </Card>
        </div>
      )}
    </div>
  );
}

function useFetchedAt(data: unknown): number {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => Date.now(), [data]);
}
