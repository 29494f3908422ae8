import { useState } from 'preact/hooks';
import { api, seg } from '../api/client';
import type { BudgetPeriod, Client, ClientInput } from '../api/types';
import { useAuth } from '../auth';
import { BudgetBar } from '../components/BudgetBar';
import { SelectField, TextField } from '../components/Fields';
import { Card } from '../components/Page';
import { useAction } from '../hooks';
import { notifyError, notifySuccess } from '../notices';

const PERIODS = [
  { value: 'day', label: 'Per day' },
  { value: 'week', label: 'Per week (from Monday)' },
  { value: 'month', label: 'Per month' },
  { value: 'total', label: 'In total' },
];

/** The client's budget: spend against the limit this period, and (for admins) the limit, period and alert thresholds. */
export function ClientBudget({ client, onSaved }: { client: Client; onSaved: (c: Client) => void }) {
  const { canWrite } = useAuth();
  const b = client.budget;
  const [limit, setLimit] = useState(b ? String(b.limit_usd) : '');
  const [period, setPeriod] = useState<string>(b?.period ?? 'month');
  const [alerts, setAlerts] = useState((b?.alert_at_pct ?? [50, 80, 100]).join(', '));
  const [busy, run] = useAction();

  const save = async (budget: ClientInput['budget']) => {
    const saved = await run(() => api.patch<Client>(`/api/clients/${seg(client.id)}`, { budget } satisfies ClientInput));
    if (!saved) return;
    notifySuccess(budget ? 'Budget saved.' : 'Budget removed.');
    onSaved(saved);
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const limitUsd = Number(limit);
    const pct = alerts.split(/[,\s]+/).filter(Boolean).map(Number);
    if (!limit.trim() || !Number.isFinite(limitUsd) || limitUsd < 0) return notifyError(new Error('The limit must be an amount in USD, 0 or more.'));
    if (pct.some((p) => !Number.isInteger(p) || p < 1 || p > 100)) return notifyError(new Error('Alert thresholds are whole percentages from 1 to 100.'));
    void save({ limit_usd: limitUsd, period: period as BudgetPeriod, alert_at_pct: pct });
  };

  return (
    <Card title="Budget" testid="client-budget">
      <BudgetBar budget={b} testid="client-budget-bar" />
      {canWrite && (
        <form class="form-row" onSubmit={submit}>
          <TextField label="Limit (USD)" type="number" min="0" step="any" value={limit} onValue={setLimit} placeholder="e.g. 50" testid="budget-limit" />
          <SelectField label="Period" value={period} onValue={setPeriod} options={PERIODS} testid="budget-period" />
          <TextField label="Alert at %" value={alerts} onValue={setAlerts} placeholder="50, 80, 100" testid="budget-alerts" />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="budget-save">
            Save budget
          </button>
          {b && (
            <button type="button" class="btn" disabled={busy} onClick={() => void save(null)} data-testid="budget-remove">
              Remove
            </button>
          )}
        </form>
      )}
    </Card>
  );
}
