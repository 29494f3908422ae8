import { useState } from 'preact/hooks';
import type { LiveAlert } from '../api/types';
import { formatUsd } from '../format';
import { useLive } from '../hooks';

const MAX_SHOWN = 5;

/** One line for an alert from the live feed. */
export function alertText(a: LiveAlert): string {
  const d = a.data;
  switch (a.type) {
    case 'budget.threshold':
      return `Budget: ${String(d.scope)} ${String(d.id).slice(0, 8)} reached ${String(d.pct)}% (${formatUsd(Number(d.spend_usd))} of ${formatUsd(Number(d.limit_usd))} this ${String(d.period)})`;
    case 'budget.exceeded':
      return `Budget exceeded: ${String(d.scope)} ${String(d.id).slice(0, 8)} (${formatUsd(Number(d.spend_usd))} of ${formatUsd(Number(d.limit_usd))})`;
    case 'credit.low':
      return `Low credit: client ${String(d.client_id).slice(0, 8)} has ${formatUsd(Number(d.balance_usd))} (below ${formatUsd(Number(d.threshold_usd))})`;
    case 'webhook.test':
      return 'Test event queued for a webhook.';
    default:
      return `${a.type}: ${JSON.stringify(d)}`;
  }
}

/** Alerts (budgets, credit) as dismissable notices while the dashboard is open. */
export function AlertNotices() {
  const [items, setItems] = useState<LiveAlert[]>([]);
  useLive('alert', (a) => setItems((list) => [a, ...list.filter((x) => x.id !== a.id)].slice(0, MAX_SHOWN)));
  if (items.length === 0) return null;
  return (
    <div class="alert-notices" role="status" aria-live="polite">
      {items.map((a) => (
        <div class="alert-notice" key={a.id} data-testid="alert-notice" data-type={a.type}>
          <span>{alertText(a)}</span>
          <button type="button" class="icon-btn" aria-label="Dismiss alert" onClick={() => setItems((list) => list.filter((x) => x.id !== a.id))}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
