import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { ClientKey, List, NewClientKey } from '../api/types';
import { useAuth } from '../auth';
import { Badge } from '../components/Badge';
import { BudgetBar } from '../components/BudgetBar';
import { TextField } from '../components/Fields';
import { Card } from '../components/Page';
import { SecretReveal } from '../components/SecretReveal';
import { Table } from '../components/Table';
import { formatDate, formatRelative, fromLocalInput, parseTime } from '../format';
import { useAction, useResource } from '../hooks';
import { askConfirm, notifySuccess } from '../notices';

function keyStatus(k: ClientKey) {
  if (k.revoked_at) return <Badge tone="muted">revoked</Badge>;
  const exp = parseTime(k.expires_at);
  if (exp !== null && exp <= Date.now()) return <Badge tone="warn">expired</Badge>;
  return <Badge tone="ok">active</Badge>;
}

export function ClientKeys({ clientId }: { clientId: string }) {
  const { canWrite } = useAuth();
  const base = `/api/clients/${seg(clientId)}/keys`;
  const res = useResource((signal) => api.get<List<ClientKey>>(base, undefined, signal), [base]);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  // The one and only copy of a new key in the UI; dropped when the user confirms they saved it.
  const [secret, setSecret] = useState<NewClientKey | null>(null);
  const [busy, run] = useAction();

  const create = async (e: Event) => {
    e.preventDefault();
    const body: { name?: string; expires_at?: string } = {};
    if (name.trim()) body.name = name.trim();
    const exp = fromLocalInput(expires);
    if (exp) body.expires_at = exp;
    const created = await run(() => api.post<NewClientKey>(base, body));
    if (!created) return;
    setSecret(created);
    setName('');
    setExpires('');
    res.reload();
  };

  const revoke = async (k: ClientKey) => {
    const ok = await askConfirm({
      title: 'Revoke key',
      message: `Revoke key ${k.prefix}${k.name ? ` (“${k.name}”)` : ''}? Requests using it will fail with 401 immediately.`,
      okLabel: 'Revoke key',
      danger: true,
    });
    if (!ok) return;
    const done = await run(() => api.del(`${base}/${seg(k.id)}`).then(() => true));
    if (done) {
      notifySuccess(`Key ${k.prefix} revoked.`);
      res.reload();
    }
  };

  return (
    <Card title="API keys">
      {canWrite && (
        <form class="form-row" onSubmit={create}>
          <TextField label="Key name (optional)" value={name} onValue={setName} placeholder="e.g. production" testid="key-create-name" />
          <TextField label="Expires (optional)" type="datetime-local" value={expires} onValue={setExpires} testid="key-create-expires" />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="key-create-submit">
            Create key
          </button>
        </form>
      )}
      {secret && <SecretReveal secret={secret.key} label={`New key ${secret.prefix}`} onDone={() => setSecret(null)} />}
      <Table<ClientKey>
        caption="API keys"
        rows={res.data?.data}
        loading={res.loading}
        rowKey={(k) => k.id}
        rowTestId="key-row"
        rowClass={(k) => (k.revoked_at ? 'row-dim' : undefined)}
        empty="No keys yet."
        columns={[
          { label: 'Key', render: (k) => <code class="mono">{k.prefix}…</code> },
          { label: 'Name', render: (k) => k.name || <span class="muted">—</span> },
          { label: 'Status', render: keyStatus },
          { label: 'Budget', render: (k) => <BudgetBar budget={k.budget} testid="key-budget-bar" /> },
          { label: 'Created', render: (k) => formatDate(k.created_at) },
          { label: 'Expires', render: (k) => (k.expires_at ? formatDate(k.expires_at) : 'never') },
          { label: 'Last used', render: (k) => (k.last_used_at ? <span title={formatDate(k.last_used_at)}>{formatRelative(k.last_used_at)}</span> : 'never') },
          {
            label: '',
            class: 'actions',
            render: (k) =>
              canWrite && !k.revoked_at ? (
                <button type="button" class="btn btn-small btn-danger" onClick={() => revoke(k)} disabled={busy} data-testid="key-revoke" aria-label={`Revoke key ${k.prefix}`}>
                  Revoke
                </button>
              ) : k.revoked_at ? (
                <span class="muted" title={formatDate(k.revoked_at)}>revoked {formatRelative(k.revoked_at)}</span>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
