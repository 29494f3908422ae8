import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Client, ClientInput, List } from '../api/types';
import { useAuth } from '../auth';
import { parseLimit, parseList, TextField } from '../components/Fields';
import { Card, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatDate, formatInt, formatUsd } from '../format';
import { navigate, useAction, useLive, useResource } from '../hooks';
import { notifyError, notifySuccess } from '../notices';

export function modelsSummary(m: string[] | null | undefined): string {
  return m && m.length ? m.join(', ') : 'all models';
}

export function limitText(v: number | null | undefined): string {
  return v === null || v === undefined ? '∞' : formatInt(v);
}

export function ClientsPage() {
  const { canWrite } = useAuth();
  const [filter, setFilter] = useState('');
  const res = useResource((signal) => api.get<List<Client>>('/api/clients', undefined, signal), []);

  useLive('credit', (ev) => {
    res.setData((prev) => prev && { ...prev, data: prev.data.map((c) => (c.id === ev.client_id ? { ...c, balance_usd: ev.balance_usd, balance_usd_exact: ev.balance_usd_exact } : c)) });
  });

  const q = filter.trim().toLowerCase();
  const rows = res.data?.data.filter((c) => !q || c.name.toLowerCase().includes(q) || c.id.toLowerCase().includes(q));

  return (
    <div>
      <PageHeader title="Clients" />
      {canWrite && <CreateClient onCreated={(c) => res.setData((prev) => (prev ? { ...prev, data: [...prev.data.filter((x) => x.id !== c.id), c] } : prev))} />}
      <Card title="All clients" actions={<TextField label="Filter" type="search" value={filter} onValue={setFilter} placeholder="name or id" class="field-inline" testid="client-filter" />}>
        <Table<Client>
          caption="Clients"
          rows={rows}
          loading={res.loading}
          rowKey={(c) => c.id}
          rowTestId="client-row"
          empty={q ? 'No client matches the filter.' : canWrite ? 'No clients yet. Create one above.' : 'No clients yet.'}
          columns={[
            { label: 'Name', render: (c) => <span class="strong">{c.name}</span> },
            { label: 'Balance', numeric: true, render: (c) => <span class={c.balance_usd < 0 ? 'text-err' : ''}>{formatUsd(c.balance_usd)}</span> },
            { label: 'Reserved', numeric: true, render: (c) => (c.reserved_usd ? formatUsd(c.reserved_usd) : '—') },
            { label: 'Models', render: (c) => <span class="mono clip" title={modelsSummary(c.allowed_models)}>{modelsSummary(c.allowed_models)}</span> },
            { label: 'RPM', numeric: true, render: (c) => limitText(c.rpm) },
            { label: 'TPM', numeric: true, render: (c) => limitText(c.tpm) },
            { label: 'Created', render: (c) => formatDate(c.created_at) },
            {
              label: '',
              class: 'actions',
              render: (c) => (
                <button type="button" class="btn btn-small" data-testid="client-open" onClick={() => navigate(`/clients/${encodeURIComponent(c.id)}`)} aria-label={`Open client ${c.name}`}>
                  Open
                </button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function CreateClient({ onCreated }: { onCreated: (c: Client) => void }) {
  const [name, setName] = useState('');
  const [credit, setCredit] = useState('');
  const [models, setModels] = useState('');
  const [rpm, setRpm] = useState('');
  const [tpm, setTpm] = useState('');
  const [busy, run] = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: ClientInput = { name: name.trim() };
    if (credit.trim()) {
      const n = Number(credit);
      if (!Number.isFinite(n)) return notifyError(new Error('Initial credit must be a number of USD.'));
      body.credit_usd = n;
    }
    const list = parseList(models);
    if (list.length) body.allowed_models = list;
    const r = parseLimit(rpm);
    const t = parseLimit(tpm);
    if (Number.isNaN(r) || Number.isNaN(t)) return notifyError(new Error('RPM and TPM must be whole numbers (empty for no limit).'));
    if (r !== null) body.rpm = r;
    if (t !== null) body.tpm = t;
    const created = await run(() => api.post<Client>('/api/clients', body));
    if (!created) return;
    notifySuccess(`Client “${created.name}” created.`);
    setName('');
    setCredit('');
    setModels('');
    setRpm('');
    setTpm('');
    onCreated(created);
  };

  return (
    <Card title="New client">
      <form class="form-row" onSubmit={submit}>
        <TextField label="Name" value={name} onValue={setName} required testid="client-create-name" />
        <TextField label="Initial credit (USD)" type="number" step="any" inputMode="decimal" value={credit} onValue={setCredit} placeholder="0.00" testid="client-create-credit" />
        <TextField label="Allowed models" value={models} onValue={setModels} placeholder="all (or gpt-*, claude-*)" testid="client-create-models" class="field-grow" />
        <TextField label="RPM" type="number" min="0" step="1" value={rpm} onValue={setRpm} placeholder="∞" testid="client-create-rpm" class="field-narrow" />
        <TextField label="TPM" type="number" min="0" step="1" value={tpm} onValue={setTpm} placeholder="∞" testid="client-create-tpm" class="field-narrow" />
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="client-create-submit">
          Create client
        </button>
      </form>
    </Card>
  );
}
