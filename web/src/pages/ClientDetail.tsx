import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { Client, ClientInput } from '../api/types';
import { useAuth } from '../auth';
import { parseLimit, parseList, TextAreaField, TextField } from '../components/Fields';
import { Card, Definitions, InlineError, PageHeader } from '../components/Page';
import { formatDate, formatUsd } from '../format';
import { navigate, useAction, useLive, useResource } from '../hooks';
import { askConfirm, notifyError, notifySuccess } from '../notices';
import { ClientBudget } from './ClientBudget';
import { ClientCredit } from './ClientCredit';
import { ClientKeys } from './ClientKeys';
import { limitText, modelsSummary } from './Clients';

export function ClientDetailPage({ id }: { id: string }) {
  const { canWrite } = useAuth();
  const res = useResource((signal) => api.get<Client>(`/api/clients/${seg(id)}`, undefined, signal), [id]);
  const [ledgerTick, setLedgerTick] = useState(0);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [busy, run] = useAction();

  useEffect(() => () => {
    if (debounce.current) clearTimeout(debounce.current);
  }, []);

  useLive('credit', (ev) => {
    if (ev.client_id !== id) return;
    res.setData((c) => c && { ...c, balance_usd: ev.balance_usd, balance_usd_exact: ev.balance_usd_exact });
    // A balance change means a new ledger entry (charge or credit): refresh it, at most once a second.
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => setLedgerTick((t) => t + 1), 1000);
  });

  const c = res.data;
  if (!c) {
    return (
      <div>
        <PageHeader title="Client">
          <a href="#/clients" class="btn btn-ghost">← All clients</a>
        </PageHeader>
        {res.loading ? <p class="muted">Loading…</p> : <InlineError error={res.error} />}
      </div>
    );
  }

  const remove = async () => {
    const ok = await askConfirm({
      title: 'Delete client',
      message: `Delete “${c.name}”? Its keys stop working immediately. Usage history is kept.`,
      okLabel: 'Delete client',
      danger: true,
    });
    if (!ok) return;
    const done = await run(() => api.del(`/api/clients/${seg(c.id)}`).then(() => true));
    if (done) {
      notifySuccess(`Client “${c.name}” deleted.`);
      navigate('/clients');
    }
  };

  return (
    <div>
      <PageHeader title={c.name}>
        <a href="#/clients" class="btn btn-ghost">← All clients</a>
        <a href={`#/logs?client_id=${encodeURIComponent(c.id)}`} class="btn" data-testid="client-logs">
          View logs
        </a>
        {canWrite && (
          <button type="button" class="btn btn-danger" onClick={remove} disabled={busy} data-testid="client-delete">
            Delete client
          </button>
        )}
      </PageHeader>

      <div class="grid-2">
        <Card title="Balance">
          <div class="balance">
            <span class={c.balance_usd < 0 ? 'balance-value text-err' : 'balance-value'} data-testid="client-balance" data-value={String(c.balance_usd)}>
              {formatUsd(c.balance_usd_exact ?? c.balance_usd)}
            </span>
            {!!c.reserved_usd && <span class="muted">{formatUsd(c.reserved_usd)} reserved for in-flight requests</span>}
          </div>
          <Definitions
            items={[
              ['Client id', <code class="mono">{c.id}</code>],
              ['Created', formatDate(c.created_at)],
            ]}
          />
        </Card>
        {canWrite ? (
          <EditLimits client={c} onSaved={(u) => res.setData(() => u)} />
        ) : (
          <Card title="Limits">
            <Definitions
              items={[
                ['Allowed models', <span class="mono">{modelsSummary(c.allowed_models)}</span>],
                ['Requests per minute', limitText(c.rpm)],
                ['Tokens per minute', limitText(c.tpm)],
              ]}
            />
          </Card>
        )}
      </div>

      <ClientBudget client={c} onSaved={(u) => res.setData(() => ({ ...c, ...u, budget: u.budget }))} />
      <ClientKeys clientId={c.id} />
      <ClientCredit clientId={c.id} tick={ledgerTick} onChanged={res.reload} />
    </div>
  );
}

function EditLimits({ client, onSaved }: { client: Client; onSaved: (c: Client) => void }) {
  const [name, setName] = useState(client.name);
  const [models, setModels] = useState((client.allowed_models ?? []).join('\n'));
  const [rpm, setRpm] = useState(client.rpm === null ? '' : String(client.rpm));
  const [tpm, setTpm] = useState(client.tpm === null ? '' : String(client.tpm));
  const [busy, run] = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = parseLimit(rpm);
    const t = parseLimit(tpm);
    if (Number.isNaN(r) || Number.isNaN(t)) return notifyError(new Error('RPM and TPM must be whole numbers (empty for no limit).'));
    const body: ClientInput = { name: name.trim(), allowed_models: parseList(models), rpm: r, tpm: t };
    const saved = await run(() => api.patch<Client>(`/api/clients/${seg(client.id)}`, body));
    if (!saved) return;
    notifySuccess('Client saved.');
    onSaved({ ...client, ...saved });
  };

  return (
    <Card title="Limits">
      <form class="form-stack" onSubmit={submit}>
        <TextField label="Name" value={name} onValue={setName} required testid="client-edit-name" />
        <TextAreaField
          label="Allowed models"
          value={models}
          onValue={setModels}
          rows={3}
          placeholder="empty = all models"
          hint="One glob per line or comma-separated, e.g. gpt-4o*, claude-*."
          testid="client-edit-models"
        />
        <div class="form-row">
          <TextField label="Requests / minute" type="number" min="0" step="1" value={rpm} onValue={setRpm} placeholder="no limit" testid="client-edit-rpm" />
          <TextField label="Tokens / minute" type="number" min="0" step="1" value={tpm} onValue={setTpm} placeholder="no limit" testid="client-edit-tpm" />
        </div>
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="client-edit-submit">
            Save changes
          </button>
        </div>
      </form>
    </Card>
  );
}
