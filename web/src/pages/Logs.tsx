import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Client, List, LogEntry, LogPage, Provider } from '../api/types';
import { StatusBadge } from '../components/Badge';
import { SelectField, TextField } from '../components/Fields';
import { Card, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatCompact, formatDate, formatMs, formatUsd, fromLocalInput, toLocalInput } from '../format';
import { useResource } from '../hooks';

export interface LogFilters {
  client_id: string;
  model: string;
  provider: string;
  tag: string;
  status: string;
  surface: string;
  from: string;
  to: string;
  limit: string;
}

const EMPTY: LogFilters = { client_id: '', model: '', provider: '', tag: '', status: '', surface: '', from: '', to: '', limit: '50' };
const SURFACES = [
  { value: '', label: 'All surfaces' },
  ...['chat', 'embeddings', 'messages', 'responses'].map((v) => ({ value: v, label: v })),
];
const LIMITS = ['25', '50', '100', '200'].map((v) => ({ value: v, label: v }));

/** Filters can come from the hash, e.g. #/logs?client_id=abc&status=500 (links from other pages). */
export function LogsPage({ query }: { query?: URLSearchParams }) {
  const initial: LogFilters = { ...EMPTY };
  for (const k of Object.keys(EMPTY) as (keyof LogFilters)[]) {
    const v = query?.get(k);
    if (v) initial[k] = k === 'from' || k === 'to' ? toLocalInput(v) : v;
  }
  const [draft, setDraft] = useState<LogFilters>(initial);
  const [applied, setApplied] = useState<LogFilters>(initial);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];

  const clients = useResource((signal) => api.get<List<Client>>('/api/clients', undefined, signal), []);
  const providers = useResource((signal) => api.get<List<Provider>>('/api/providers', undefined, signal), []);
  const res = useResource(
    (signal) =>
      api.get<LogPage>(
        '/api/logs',
        {
          client_id: applied.client_id,
          model: applied.model.trim(),
          provider: applied.provider,
          tag: applied.tag.trim(),
          status: applied.status.trim(),
          surface: applied.surface,
          from: fromLocalInput(applied.from),
          to: fromLocalInput(applied.to),
          limit: applied.limit,
          cursor,
        },
        signal,
      ),
    [applied, cursor],
  );

  const set = (k: keyof LogFilters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const apply = (e: Event) => {
    e.preventDefault();
    setApplied({ ...draft });
    setCursors([undefined]);
  };
  const reset = () => {
    setDraft({ ...EMPTY });
    setApplied({ ...EMPTY });
    setCursors([undefined]);
  };

  const next = res.data?.next_cursor;
  const page = cursors.length;

  return (
    <div>
      <PageHeader title="Logs">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} data-testid="logs-refresh">
          Refresh
        </button>
      </PageHeader>
      <Card>
        <form class="form-row filters" onSubmit={apply} aria-label="Log filters">
          <SelectField
            label="Client"
            value={draft.client_id}
            onValue={set('client_id')}
            options={[{ value: '', label: 'All clients' }, ...(clients.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
            testid="logs-client"
          />
          <TextField label="Model" value={draft.model} onValue={set('model')} placeholder="any" testid="logs-model" />
          <SelectField
            label="Provider"
            value={draft.provider}
            onValue={set('provider')}
            options={[{ value: '', label: 'All providers' }, ...(providers.data?.data ?? []).map((p) => ({ value: p.name, label: p.name }))]}
            testid="logs-provider"
          />
          <SelectField label="Surface" value={draft.surface} onValue={set('surface')} options={SURFACES} class="field-narrow" testid="logs-surface" />
          <TextField label="Tag" value={draft.tag} onValue={set('tag')} placeholder="any" class="field-narrow" testid="logs-tag" />
          <TextField label="Status" value={draft.status} onValue={set('status')} placeholder="e.g. 200, 429" class="field-narrow" testid="logs-status" />
          <TextField label="From" type="datetime-local" value={draft.from} onValue={set('from')} testid="logs-from" />
          <TextField label="To" type="datetime-local" value={draft.to} onValue={set('to')} testid="logs-to" />
          <SelectField label="Per page" value={draft.limit} onValue={set('limit')} options={LIMITS} class="field-narrow" testid="logs-limit" />
          <div class="btn-group">
            <button type="submit" class="btn btn-primary" data-testid="logs-apply">
              Apply
            </button>
            <button type="button" class="btn" onClick={reset}>
              Reset
            </button>
          </div>
        </form>
      </Card>
      <Card>
        <Table<LogEntry>
          caption="Request log"
          rows={res.data?.data}
          loading={res.loading}
          rowKey={(l) => l.request_id}
          rowTestId="log-row"
          empty="No requests match these filters."
          columns={[
            { label: 'Time', render: (l) => <a href={`#/logs/${encodeURIComponent(l.request_id)}`} data-testid="log-open">{formatDate(l.created_at)}</a> },
            { label: 'Client', render: (l) => l.client_name ?? l.client_id ?? '—' },
            { label: 'Model', render: (l) => <span class="mono">{l.model ?? '—'}</span> },
            { label: 'Provider', render: (l) => l.provider ?? '—' },
            { label: 'Surface', render: (l) => <span data-testid="log-surface">{l.surface ?? 'chat'}</span> },
            { label: 'Tags', render: (l) => (Array.isArray(l.tags) && l.tags.length ? <span class="mono small">{(l.tags as string[]).join(', ')}</span> : <span class="muted">—</span>) },
            {
              label: 'Status',
              render: (l) => (
                <>
                  <StatusBadge status={l.status} /> {l.error_code && <span class="muted small">{l.error_code}</span>}
                </>
              ),
            },
            { label: 'Latency', numeric: true, render: (l) => formatMs(l.latency_ms) },
            { label: 'TTFB', numeric: true, render: (l) => formatMs(l.ttfb_ms) },
            { label: 'In', numeric: true, render: (l) => formatCompact((l.input_tokens ?? 0) + (l.cache_read_tokens ?? 0) + (l.cache_write_tokens ?? 0)) },
            { label: 'Out', numeric: true, render: (l) => formatCompact(l.output_tokens) },
            { label: 'Cost', numeric: true, render: (l) => <>{formatUsd(l.cost_usd)}{l.estimated && <span class="muted" title="estimated"> est.</span>}</> },
            { label: 'Stream', render: (l) => (l.stream ? 'yes' : 'no') },
          ]}
        />
        <nav class="pager" aria-label="Log pages">
          <button type="button" class="btn" disabled={page <= 1 || res.loading} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="logs-prev">
            ← Newer
          </button>
          <span class="muted">Page {page}</span>
          <button type="button" class="btn" disabled={!next || res.loading} onClick={() => next && setCursors((c) => [...c, next])} data-testid="logs-next">
            Older →
          </button>
        </nav>
      </Card>
    </div>
  );
}
