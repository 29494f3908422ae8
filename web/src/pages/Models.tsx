import { useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { List, Model, RouteResult } from '../api/types';
import { useAuth } from '../auth';
import { StateBadge } from '../components/Badge';
import { SelectField, TextField } from '../components/Fields';
import { Card, InlineError, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatCompact, formatMs, formatPrice } from '../format';
import { useAction, useResource } from '../hooks';
import { notifyError, notifySuccess } from '../notices';

const PAGE = 100;

export function ModelsPage() {
  const { canWrite } = useAuth();
  const res = useResource((signal) => api.get<List<Model>>('/api/models', undefined, signal), []);
  const [q, setQ] = useState('');
  const [provider, setProvider] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [busy, run] = useAction();

  const providers = useMemo(() => {
    const s = new Set<string>();
    for (const m of res.data?.data ?? []) {
      if (m.provider) s.add(m.provider);
      for (const p of m.served_by ?? []) s.add(p);
    }
    return [...s].sort();
  }, [res.data]);

  const filtered = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (res.data?.data ?? []).filter(
      (m) =>
        (!needle || m.id.toLowerCase().includes(needle) || (m.name ?? '').toLowerCase().includes(needle)) &&
        (!provider || m.provider === provider || (m.served_by ?? []).includes(provider)),
    );
  }, [res.data, q, provider]);

  const refresh = async () => {
    const done = await run(() => api.post('/api/registry/refresh').then(() => true));
    if (done) {
      notifySuccess('Model registry refreshed.');
      res.reload();
    }
  };

  return (
    <div>
      <PageHeader title="Models">
        {canWrite && (
          <button type="button" class="btn" onClick={refresh} disabled={busy} data-testid="registry-refresh">
            {busy ? 'Refreshing…' : 'Refresh registry'}
          </button>
        )}
      </PageHeader>
      <RouteTester />
      <Card
        title={`Catalog${res.data ? ` (${filtered.length} of ${res.data.data.length})` : ''}`}
        actions={
          <div class="toolbar">
            <TextField label="Search" type="search" value={q} onValue={(v) => { setQ(v); setShown(PAGE); }} placeholder="model id or name" class="field-inline" testid="model-search" />
            <SelectField
              label="Provider"
              value={provider}
              onValue={(v) => { setProvider(v); setShown(PAGE); }}
              options={[{ value: '', label: 'All' }, ...providers.map((p) => ({ value: p, label: p }))]}
              class="field-inline"
              testid="model-provider"
            />
          </div>
        }
      >
        <p class="muted small">Prices are USD per 1M tokens.</p>
        <Table<Model>
          caption="Model catalog"
          rows={res.data ? filtered.slice(0, shown) : undefined}
          loading={res.loading}
          rowKey={(m) => `${m.provider ?? ''}/${m.id}`}
          rowTestId="model-row"
          empty="No models match."
          columns={[
            { label: 'Model', render: (m) => <span class="mono" title={m.name ?? undefined}>{m.id}</span> },
            { label: 'Provider', render: (m) => m.provider ?? '—' },
            { label: 'Input', numeric: true, render: (m) => formatPrice(m.input_price) },
            { label: 'Output', numeric: true, render: (m) => formatPrice(m.output_price) },
            { label: 'Cache read', numeric: true, render: (m) => formatPrice(m.cache_read_price) },
            { label: 'Cache write', numeric: true, render: (m) => formatPrice(m.cache_write_price) },
            { label: 'Context', numeric: true, render: (m) => formatCompact(m.context) },
            { label: 'Max out', numeric: true, render: (m) => formatCompact(m.max_output) },
            { label: 'Served by', render: (m) => (m.served_by?.length ? m.served_by.join(', ') : <span class="muted">no provider</span>) },
          ]}
        />
        {filtered.length > shown && (
          <div class="table-more">
            <button type="button" class="btn" onClick={() => setShown((s) => s + PAGE)}>
              Show {Math.min(PAGE, filtered.length - shown)} more
            </button>
          </div>
        )}
      </Card>
    </div>
  );
}

/** "Which provider would serve this model?" — GET /api/models/route?model=X. */
function RouteTester() {
  const [model, setModel] = useState('');
  const [result, setResult] = useState<RouteResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!model.trim()) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.get<RouteResult>('/api/models/route', { model: model.trim() }));
    } catch (err) {
      setError(err);
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Route tester">
      <form class="form-row" onSubmit={submit}>
        <TextField label="Model" value={model} onValue={setModel} placeholder="e.g. gpt-4o-mini or anthropic/claude-sonnet-4-5" class="field-grow" testid="route-model" />
        <button type="submit" class="btn btn-primary" disabled={busy || !model.trim()} data-testid="route-submit">
          Which provider?
        </button>
      </form>
      <InlineError error={error} />
      {result && (
        <div data-testid="route-result">
          <p>
            <span class="mono strong">{result.model}</span>{' '}
            {result.price ? (
              <span class="muted">
                · input {formatPrice(result.price.input)} · output {formatPrice(result.price.output)} · cache read {formatPrice(result.price.cache_read)} · cache write{' '}
                {formatPrice(result.price.cache_write)} per 1M tokens
              </span>
            ) : (
              <span class="muted">· no price known</span>
            )}
          </p>
          <p class="muted small" data-testid="route-strategy">
            {result.alias_of ? <>alias of <span class="mono">{result.alias_of}</span> · </> : null}
            strategy <span class="strong">{result.strategy ?? 'ordered'}</span>
            {result.strategy && result.strategy !== 'ordered' ? ' (targets are ordered per request)' : ''}
          </p>
          <Table
            caption="Route candidates in order"
            rows={result.candidates.map((c, i) => ({ ...c, i }))}
            rowKey={(c) => `${c.i}`}
            rowTestId="route-candidate"
            empty="No provider can serve this model."
            columns={[
              { label: '#', numeric: true, render: (c) => (c.role ? `${c.i + 1} (${c.role})` : c.i === 0 ? '1 (primary)' : `${c.i + 1} (fallback)`) },
              { label: 'Provider', render: (c) => <span class="strong">{c.provider}</span> },
              { label: 'Weight', numeric: true, render: (c) => (c.weight === null || c.weight === undefined ? '—' : String(c.weight)) },
              { label: 'Upstream model', render: (c) => <span class="mono">{c.upstream_model}</span> },
              { label: 'Breaker', render: (c) => <StateBadge state={c.state} /> },
              { label: 'Cooldown', numeric: true, render: (c) => (c.cooling_ms ? formatMs(c.cooling_ms) : '—') },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
