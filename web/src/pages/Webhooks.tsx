import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { List, Webhook, WebhookDelivery } from '../api/types';
import { useAuth } from '../auth';
import { Badge } from '../components/Badge';
import { CheckboxField, TextField } from '../components/Fields';
import { Card, PageHeader } from '../components/Page';
import { Table } from '../components/Table';
import { formatDate, formatRelative } from '../format';
import { useAction, useResource } from '../hooks';
import { askConfirm, notifyError, notifySuccess } from '../notices';

const EVENTS = ['budget.threshold', 'budget.exceeded', 'credit.low', 'provider.state'];

/** Alert webhooks: the admin's and the config file's (read-only), each with its recent deliveries and a test button. */
export function WebhooksPage() {
  const { canWrite } = useAuth();
  const res = useResource((signal) => api.get<List<Webhook>>('/api/webhooks', undefined, signal), []);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [busy, run] = useAction();

  const create = async (e: Event) => {
    e.preventDefault();
    if (events.length === 0) return notifyError(new Error('Pick at least one event.'));
    const body = { url: url.trim(), events, ...(secret ? { secret } : {}) };
    const created = await run(() => api.post<Webhook>('/api/webhooks', body));
    if (!created) return;
    notifySuccess('Webhook added.');
    setUrl('');
    setSecret('');
    res.reload();
  };

  return (
    <div>
      <PageHeader title="Webhooks" />
      {canWrite && (
        <Card title="Add a webhook">
          <form class="form-stack" onSubmit={create}>
            <div class="form-row">
              <TextField label="URL" type="url" value={url} onValue={setUrl} required placeholder="https://hooks.example/gg" testid="webhook-url" />
              <TextField label="Signing secret (optional, 16+ characters)" type="password" value={secret} onValue={setSecret} autoComplete="off" testid="webhook-secret" />
            </div>
            <div class="form-row">
              {EVENTS.map((ev) => (
                <CheckboxField key={ev} label={ev} checked={events.includes(ev)} onValue={(on) => setEvents((list) => (on ? [...list, ev] : list.filter((x) => x !== ev)))} testid={`webhook-event-${ev}`} />
              ))}
            </div>
            <div>
              <button type="submit" class="btn btn-primary" disabled={busy} data-testid="webhook-create">
                Add webhook
              </button>
            </div>
          </form>
        </Card>
      )}
      {res.data?.data.length === 0 && <p class="muted">No webhooks yet.</p>}
      {res.data?.data.map((hook) => <WebhookCard key={hook.id} hook={hook} onChanged={res.reload} />)}
    </div>
  );
}

function WebhookCard({ hook, onChanged }: { hook: Webhook; onChanged: () => void }) {
  const { canWrite } = useAuth();
  const base = `/api/webhooks/${seg(hook.id)}`;
  const deliveries = useResource((signal) => api.get<List<WebhookDelivery>>(`${base}/deliveries`, { limit: 20 }, signal), [base]);
  const [busy, run] = useAction();

  const test = async () => {
    const sent = await run(() => api.post<{ event_id: string }>(`${base}/test`, {}));
    if (!sent) return;
    notifySuccess('Test event queued.');
    setTimeout(() => deliveries.reload(), 1500);
  };
  const remove = async () => {
    if (!(await askConfirm({ title: 'Delete webhook', message: `Stop sending alerts to ${hook.url}?`, okLabel: 'Delete', danger: true }))) return;
    if (await run(() => api.del(base).then(() => true))) onChanged();
  };

  return (
    <Card
      title={hook.url}
      testid="webhook-card"
      actions={
        <>
          {hook.read_only && <Badge tone="muted">config file</Badge>}
          {hook.secret_set && <Badge tone="ok">signed</Badge>}
          {canWrite && (
            <button type="button" class="btn btn-small" onClick={test} disabled={busy} data-testid="webhook-test">
              Send test event
            </button>
          )}
          <button type="button" class="btn btn-small btn-ghost" onClick={deliveries.reload} data-testid="webhook-refresh">
            Refresh
          </button>
          {canWrite && !hook.read_only && (
            <button type="button" class="btn btn-small btn-danger" onClick={remove} disabled={busy} data-testid="webhook-delete">
              Delete
            </button>
          )}
        </>
      }
    >
      <p class="muted">Events: {hook.events.join(', ')}</p>
      <Table<WebhookDelivery>
        caption="Recent deliveries"
        rows={deliveries.data?.data}
        loading={deliveries.loading}
        rowKey={(d) => d.id}
        rowTestId="delivery-row"
        empty="No deliveries yet."
        columns={[
          { label: 'Event', render: (d) => <code class="mono">{d.type}</code> },
          { label: 'Status', render: (d) => <Badge tone={d.status === 'delivered' ? 'ok' : d.status === 'pending' ? 'warn' : 'muted'}>{d.status}</Badge> },
          { label: 'Attempts', render: (d) => String(d.attempts) },
          { label: 'Last answer', render: (d) => d.last_error ?? (d.last_status ? String(d.last_status) : '—') },
          { label: 'Created', render: (d) => <span title={formatDate(d.created_at)}>{formatRelative(d.created_at)}</span> },
          { label: 'Event id', render: (d) => <code class="mono">{d.event_id}</code> },
        ]}
      />
    </Card>
  );
}
