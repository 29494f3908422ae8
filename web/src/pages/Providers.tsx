import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import { PROVIDER_KINDS, type List, type Provider, type ProviderInput, type ProviderKind, type ProviderKindInfo, type ProviderTestResult } from '../api/types';
import { useAuth } from '../auth';
import { Badge, StateBadge } from '../components/Badge';
import { CheckboxField, SelectField, TextField } from '../components/Fields';
import { Modal } from '../components/Modal';
import { Card, PageHeader } from '../components/Page';
import { RoutingStatusCard } from '../components/RoutingStatus';
import { Table } from '../components/Table';
import { formatMs } from '../format';
import { useAction, useLive, useResource } from '../hooks';
import { askConfirm, notifyError, notifySuccess } from '../notices';

export function ProvidersPage() {
  const { canWrite } = useAuth();
  const res = useResource((signal) => api.get<List<Provider>>('/api/providers', undefined, signal), []);
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, ProviderTestResult | 'running'>>({});
  const [busy, run] = useAction();

  useLive('provider', (ev) => {
    res.setData((prev) => prev && { ...prev, data: prev.data.map((p) => (p.name === ev.name ? { ...p, state: ev.state } : p)) });
  });

  const test = async (p: Provider) => {
    setTests((t) => ({ ...t, [p.id]: 'running' }));
    const r = await run(() => api.post<ProviderTestResult>(`/api/providers/${seg(p.id)}/test`));
    setTests((t) => {
      const next = { ...t };
      if (r) next[p.id] = r;
      else delete next[p.id];
      return next;
    });
    if (r && !r.ok) notifyError(new Error(`${p.name}: test failed${r.message ? ` — ${r.message}` : ''}`));
    else if (r) notifySuccess(`${p.name}: OK in ${formatMs(r.latency_ms)}`);
    res.reload();
  };

  const remove = async (p: Provider) => {
    const ok = await askConfirm({ title: 'Delete provider', message: `Delete provider “${p.name}”? Models routed to it will fail over or stop working.`, okLabel: 'Delete', danger: true });
    if (!ok) return;
    const done = await run(() => api.del(`/api/providers/${seg(p.id)}`).then(() => true));
    if (done) {
      notifySuccess(`Provider “${p.name}” deleted.`);
      res.reload();
    }
  };

  return (
    <div>
      <PageHeader title="Providers">
        {canWrite && (
          <button type="button" class="btn btn-primary" onClick={() => setEditing('new')} data-testid="provider-add">
            Add provider
          </button>
        )}
      </PageHeader>
      <Card>
        <Table<Provider>
          caption="Providers"
          rows={res.data?.data}
          loading={res.loading}
          rowKey={(p) => p.id}
          rowTestId="provider-row"
          rowClass={(p) => (p.enabled ? undefined : 'row-dim')}
          empty="No providers. Set a provider API key in the environment or add one here."
          columns={[
            { label: 'Name', render: (p) => <span class="strong">{p.name}</span> },
            { label: 'Kind', render: (p) => p.kind },
            { label: 'Base URL', render: (p) => <span class="mono clip" title={p.base_url ?? undefined}>{p.base_url}</span> },
            { label: 'API key', render: (p) => (p.api_key ? <code class="mono">{p.api_key}</code> : <span class="muted">none</span>) },
            { label: 'Timeout', numeric: true, render: (p) => (p.timeout_seconds ? `${p.timeout_seconds}s` : '—') },
            { label: 'Source', render: (p) => <Badge tone={p.source === 'database' ? 'info' : 'muted'} title={p.source === 'database' ? 'Added here; editable' : `Defined in ${p.source}; read-only here`}>{p.source}</Badge> },
            { label: 'Enabled', render: (p) => (p.enabled ? 'yes' : <Badge tone="muted">disabled</Badge>) },
            { label: 'Breaker', render: (p) => <StateBadge state={p.state} /> },
            {
              label: 'Last test',
              render: (p) => {
                const t = tests[p.id];
                if (!t) return <span class="muted">—</span>;
                if (t === 'running') return <span class="muted">testing…</span>;
                return (
                  <span class={t.ok ? 'text-ok' : 'text-err'} title={t.message ?? undefined} data-testid="provider-test-result">
                    {t.ok ? `ok, ${formatMs(t.latency_ms)}` : `failed${t.message ? `: ${t.message}` : ''}`}
                  </span>
                );
              },
            },
            {
              label: '',
              class: 'actions',
              render: (p) =>
                canWrite ? (
                  <div class="btn-group">
                    <button type="button" class="btn btn-small" onClick={() => test(p)} disabled={tests[p.id] === 'running'} data-testid="provider-test">
                      Test
                    </button>
                    {p.source === 'database' && (
                      <>
                        <button type="button" class="btn btn-small" onClick={() => setEditing(p)} data-testid="provider-edit">
                          Edit
                        </button>
                        <button type="button" class="btn btn-small btn-danger" onClick={() => remove(p)} disabled={busy} data-testid="provider-delete">
                          Delete
                        </button>
                      </>
                    )}
                  </div>
                ) : null,
            },
          ]}
        />
      </Card>
      <RoutingStatusCard />
      {editing && (
        <ProviderForm
          provider={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            res.reload();
          }}
        />
      )}
    </div>
  );
}

function ProviderForm({ provider, onClose, onSaved }: { provider: Provider | null; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(provider?.name ?? '');
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? 'openai-compatible');
  const [baseUrl, setBaseUrl] = useState(provider?.base_url ?? '');
  const [apiKey, setApiKey] = useState('');
  const [timeout, setTimeoutValue] = useState(provider?.timeout_seconds ? String(provider.timeout_seconds) : '');
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [busy, run] = useAction();
  const kinds = useResource((signal) => api.get<List<ProviderKindInfo>>('/api/providers/kinds', undefined, signal), []);
  const defaults: Record<string, string> = Object.fromEntries((kinds.data?.data ?? []).map((k) => [k.kind, k.default_base_url ?? '']));

  const changeKind = (k: string) => {
    if (!baseUrl || Object.values(defaults).includes(baseUrl)) setBaseUrl(defaults[k] ?? '');
    setKind(k as ProviderKind); // one of PROVIDER_KINDS: the select offers no other
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: ProviderInput = { name: name.trim(), kind, base_url: baseUrl.trim(), enabled };
    if (apiKey) body.api_key = apiKey;
    if (timeout.trim()) {
      const t = Number(timeout);
      if (!Number.isFinite(t) || t <= 0) return notifyError(new Error('Timeout must be a positive number of seconds.'));
      body.timeout_seconds = t;
    }
    const saved = await run(() => (provider ? api.patch(`/api/providers/${seg(provider.id)}`, body) : api.post('/api/providers', body)).then(() => true));
    if (!saved) return;
    notifySuccess(provider ? `Provider “${body.name}” saved.` : `Provider “${body.name}” added.`);
    onSaved();
  };

  return (
    <Modal title={provider ? `Edit ${provider.name}` : 'Add provider'} onClose={onClose} testid="provider-form">
      <form class="form-stack" onSubmit={submit}>
        <TextField label="Name" value={name} onValue={setName} required hint="Unique; used in routing rules and as the model prefix (name/model)." testid="provider-name" />
        <SelectField label="Kind" value={kind} onValue={changeKind} options={PROVIDER_KINDS.map((k) => ({ value: k, label: k }))} testid="provider-kind" />
        <TextField label="Base URL" type="url" value={baseUrl} onValue={setBaseUrl} required placeholder="https://…" testid="provider-base-url" />
        <TextField
          label="API key"
          type="password"
          value={apiKey}
          onValue={setApiKey}
          autoComplete="new-password"
          placeholder={provider?.api_key ? `${provider.api_key} (unchanged)` : kind === 'ollama' ? 'not needed' : ''}
          hint="Write-only: stored encrypted, never shown again. Leave empty to keep the current key."
          testid="provider-api-key"
        />
        <TextField label="Timeout (seconds)" type="number" min="1" step="1" value={timeout} onValue={setTimeoutValue} placeholder="30" testid="provider-timeout" />
        <CheckboxField label="Enabled" checked={enabled} onValue={setEnabled} testid="provider-enabled" />
        <div class="form-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="provider-save">
            {provider ? 'Save' : 'Add provider'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
