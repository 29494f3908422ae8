import type { Budget } from '../api/types';
import { formatDate, formatUsd } from '../format';

const PERIOD_WORDS: Record<string, string> = { day: 'per day', week: 'per week', month: 'per month', total: 'in total' };

/** Spend against a budget's limit for the current period, with when it resets. */
export function BudgetBar({ budget, testid = 'budget-bar' }: { budget: Budget | undefined; testid?: string }) {
  if (!budget) return <span class="muted">no budget</span>;
  const pct = budget.limit_usd > 0 ? Math.min(100, (budget.spend_usd / budget.limit_usd) * 100) : 100;
  const tone = pct >= 100 ? 'budget-full' : pct >= 80 ? 'budget-high' : '';
  return (
    <div class="budget" data-testid={testid} data-spend={String(budget.spend_usd)} data-limit={String(budget.limit_usd)}>
      <div class="budget-text">
        {formatUsd(budget.spend_usd)} of {formatUsd(budget.limit_usd)} {PERIOD_WORDS[budget.period] ?? budget.period}
        <span class="muted">{budget.period_resets_at ? ` · resets ${formatDate(budget.period_resets_at)}` : ' · never resets'}</span>
      </div>
      <div class={`budget-track ${tone}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label="Budget used">
        <div class="budget-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
