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

const PAGE = 50;

type PriceFilter = '' | 'priced' | 'free' | 'unknown';

/** Free: an explicit zero price; unknown: no price at all (refused unless unpriced models are allowed). */
function priceKind(m: Model): Exclude<PriceFilter, ''> {
  if (m.input_price === null || m.output_price === null) return 'unknown';
  return m.input_price === 0 && m.output_price === 0 ? 'free' : 'priced';
}

/** A price cell: the base rate, and each long-context tier's rate under it. */
function PriceCell({ m, pick }: { m: Model; pick: 'input_price' | 'output_price' }) {
  if (m[pick] === null) return <span class="muted">{pick === 'input_price' ? 'unknown' : '—'}</span>;
  return (
    <span>
      {formatPrice(m[pick])}
      {m.tiers?.map((t) => (
        <span key={t.above_tokens} class="muted small price-tier" data-testid="model-tier">
          {formatPrice(t[pick])} &gt;{formatCompact(t.above_tokens)}
        </span>
      ))}
    </span>
  );
}

export function ModelsPage() {
  const { canWrite } = useAuth();
  const res = useResource((signal) => api.get<List<Model>>('/api/models', undefined, signal), []);
  const [q, setQ] = useState('');
  const [provider, setProvider] = useState('');
  const [pricing, setPricing] = useState<PriceFilter>('');
  const [page, setPage] = useState(0);
  const [busy, run] = useAction();

  // Built once per load: what a search matches (id, name, provider) lower-cased, so typing filters 500+ rows cheaply.
  const index = useMemo(
    () => (res.data?.data ?? []).map((m) => ({ m, text: `${m.id}\u0000${m.name ?? ''}\u0000${m.provider ?? ''}`.toLowerCase(), kind: priceKind(m) })),
    [res.data],
  );

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
    const out: Model[] = [];
    for (const { m, text, kind } of index) {
      if (needle && !text.includes(needle)) continue;
      if (provider && m.provider !== provider && !(m.served_by ?? []).includes(provider)) continue;
      if (pricing && kind !== pricing) continue;
      out.push(m);
    }
    return out;
  }, [index, q, provider, pricing]);

  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = filtered.slice(current * PAGE, current * PAGE + PAGE);

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
        testid="model-catalog"
        title={`Catalog${res.data ? ` (${filtered.length} of ${res.data.data.length})` : ''}`}
        actions={
          <div class="toolbar">
            <TextField label="Search" type="search" value={q} onValue={(v) => { setQ(v); setPage(0); }} placeholder="model id, name or provider" class="field-inline" testid="model-search" />
            <SelectField
              label="Provider"
              value={provider}
              onValue={(v) => { setProvider(v); setPage(0); }}
              options={[{ value: '', label: 'All' }, ...providers.map((p) => ({ value: p, label: p }))]}
              class="field-inline"
              testid="model-provider"
            />
            <SelectField
              label="Price"
              value={pricing}
              onValue={(v) => { setPricing(v as PriceFilter); setPage(0); }}
              options={[{ value: '', label: 'Any' }, { value: 'priced', label: 'Priced' }, { value: 'free', label: 'Free' }, { value: 'unknown', label: 'Unknown' }]}
              class="field-inline"
              testid="model-price"
            />
          </div>
        }
      >
        <p class="muted small">Prices are USD per 1M tokens; a second line is a long-context tier (above that many prompt tokens). Unknown: no price, not served unless unpriced models are allowed.</p>
        <Table<Model>
          caption="Model catalog"
          rows={res.data ? rows : undefined}
          loading={res.loading}
          rowKey={(m) => `${m.provider ?? ''}/${m.id}`}
          rowTestId="model-row"
          empty="No models match."
          columns={[
            { label: 'Model', render: (m) => <span class="mono" title={m.name ?? undefined}>{m.id}</span> },
            { label: 'Provider', render: (m) => m.provider ?? '—' },
            { label: 'Input', numeric: true, render: (m) => <PriceCell m={m} pick="input_price" /> },
            { label: 'Output', numeric: true, render: (m) => <PriceCell m={m} pick="output_price" /> },
            { label: 'Cache read', numeric: true, render: (m) => formatPrice(m.cache_read_price) },
            { label: 'Cache write', numeric: true, render: (m) => formatPrice(m.cache_write_price) },
            { label: 'Context', numeric: true, render: (m) => formatCompact(m.context) },
            { label: 'Max out', numeric: true, render: (m) => formatCompact(m.max_output) },
            { label: 'Served by', render: (m) => (m.served_by?.length ? m.served_by.join(', ') : <span class="muted">no provider</span>) },
          ]}
        />
        {pages > 1 && (
          <div class="pager">
            <button type="button" class="btn" onClick={() => setPage(current - 1)} disabled={current === 0} data-testid="model-page-prev">
              Previous
            </button>
            <span class="muted" data-testid="model-page-info">
              Page {current + 1} of {pages}
            </span>
            <button type="button" class="btn" onClick={() => setPage(current + 1)} disabled={current >= pages - 1} data-testid="model-page-next">
              Next
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
