import type { BudgetPeriod } from './budget.period.js';

export type BudgetScope = 'client' | 'key';

/** A budget as configured on a client or a key (money in the common money unit). */
export interface BudgetSettings {
  limitMicros: number;
  period: BudgetPeriod;
  /** Alert thresholds in percent (1–100), ascending, unique. */
  alertAtPct: number[];
}

/** A budget as the admin API shows it. */
export interface BudgetView {
  limit_usd: number;
  period: BudgetPeriod;
  alert_at_pct: number[];
  spend_usd: number;
  period_resets_at: string | null;
}

/** The periods one admission holds, to move at settlement or release (null: no budget on that scope). */
export interface BudgetHold {
  clientPeriod: number | null;
  keyPeriod: number | null;
}
