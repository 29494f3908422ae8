import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { LedgerEntry, List } from '../api/types';
import { useAuth } from '../auth';
import { Badge } from '../components/Badge';
import { TextField } from '../components/Fields';
import { Card } from '../components/Page';
import { Table } from '../components/Table';
import { formatDate, formatUsd } from '../format';
import { useAction, useResource } from '../hooks';
import { notifyError, notifySuccess } from '../notices';

const KIND_TONE: Record<string, 'ok' | 'warn' | 'muted' | 'info'> = { credit: 'ok', initial: 'ok', charge: 'muted', correction: 'warn' };

function signed(v: number): string {
  return v > 0 ? `+${formatUsd(v)}` : formatUsd(v);
}

/** Credit top-up / correction form and the client's ledger (newest first as the API returns it). */
export function ClientCredit({ clientId, tick, onChanged }: { clientId: string; tick: number; onChanged: () => void }) {
  const { canWrite } = useAuth();
  const base = `/api/clients/${seg(clientId)}`;
  const res = useResource((signal) => api.get<List<LedgerEntry>>(`${base}/ledger`, undefined, signal), [base, tick]);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [busy, run] = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const n = Number(amount);
    if (!amount.trim() || !Number.isFinite(n) || n === 0) {
      notifyError(new Error('Enter a non-zero amount in USD (negative for a correction).'));
      return;
    }
    const done = await run(() => api.post(`${base}/credit`, { amount_usd: n, note: note.trim() }).then(() => true));
    if (!done) return;
    notifySuccess(`${n > 0 ? 'Added' : 'Deducted'} ${formatUsd(Math.abs(n))}.`);
    setAmount('');
    setNote('');
    onChanged();
    res.reload();
  };

  return (
    <Card title="Credit and ledger">
      {canWrite && (
        <form class="form-row" onSubmit={submit}>
          <TextField label="Amount (USD)" type="number" step="any" inputMode="decimal" value={amount} onValue={setAmount} placeholder="10.00" testid="credit-amount" hint="Negative for a correction." />
          <TextField label="Note" value={note} onValue={setNote} placeholder="e.g. invoice #123" testid="credit-note" class="field-grow" />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="credit-submit">
            Add credit
          </button>
        </form>
      )}
      <Table<LedgerEntry>
        caption="Ledger"
        rows={res.data?.data}
        loading={res.loading}
        rowKey={(l) => l.id}
        rowTestId="ledger-row"
        empty="No ledger entries."
        columns={[
          { label: 'When', render: (l) => formatDate(l.created_at) },
          { label: 'Kind', render: (l) => <Badge tone={KIND_TONE[l.kind] ?? 'info'}>{l.kind}</Badge> },
          {
            label: 'Amount',
            numeric: true,
            render: (l) => (
              <span class={l.amount_usd < 0 ? 'text-err' : 'text-ok'}>
                {signed(l.amount_usd)}
                {l.estimated && <span class="muted" title="Estimated: the provider did not report exact usage"> (est.)</span>}
              </span>
            ),
          },
          { label: 'Note', render: (l) => l.note || <span class="muted">—</span> },
          {
            label: 'Request',
            render: (l) => (l.request_id ? <a class="mono" href={`#/logs/${encodeURIComponent(l.request_id)}`}>{l.request_id.slice(0, 12)}…</a> : <span class="muted">—</span>),
          },
        ]}
      />
    </Card>
  );
}
