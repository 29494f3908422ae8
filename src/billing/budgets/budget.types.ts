import type { Money } from '../../common/index.js';
import type { BudgetPeriod } from './budget.period.js';

export type BudgetScope = 'client' | 'key';

/** A budget as configured on a client or a key (money in the common money unit). */
export interface BudgetSettings {
  limitE10: Money;
  period: BudgetPeriod;
  /** Alert thresholds in percent (1–100), ascending, unique. */
  alertAtPct: number[];
}

/** A budget as the admin API shows it. */
export interface BudgetView {
  limit_usd: number;
  /** the exact decimal of limit_usd (a JSON number cannot carry every amount exactly) */
  limit_usd_exact: string;
  period: BudgetPeriod;
  alert_at_pct: number[];
  spend_usd: number;
  spend_usd_exact: string;
  period_resets_at: string | null;
}

/** The periods one admission holds, to move at settlement or release (null: no budget on that scope). */
export interface BudgetHold {
  clientPeriod: number | null;
  keyPeriod: number | null;
}
