import { Injectable } from '@nestjs/common';
import { moneyToDecimal, moneyToUsd, usdToMoney, type Money } from '../../common/index.js';
import { SqlTransactions, money, sql } from '../../database/index.js';
import { BudgetClock } from './budget.clock.js';
import { isBudgetPeriod, periodResetsAt, periodStart, type BudgetPeriod } from './budget.period.js';
import type { BudgetSettings, BudgetView } from './budget.types.js';

export const DEFAULT_ALERT_PCT = [50, 80, 100];

/** What the admin API sends for a budget (validated by its DTO). */
export interface BudgetInput {
  limit_usd: number;
  period: BudgetPeriod;
  alert_at_pct?: number[];
}

/** The three budget columns of a client or key row. */
export interface BudgetColumns {
  budget_limit_usd_e10: Money | null;
  budget_period: string | null;
  budget_alert_pct: string | null;
}

/** Budgets as the admin API sets and shows them: the columns they are stored in, and this period's spend. */
@Injectable()
export class BudgetService {
  constructor(private readonly sqlTx: SqlTransactions, private readonly clock: BudgetClock) {}

  /** The columns for a budget input; null clears the budget. */
  columnsFor(input: BudgetInput | null): BudgetColumns {
    if (input === null) return { budget_limit_usd_e10: null, budget_period: null, budget_alert_pct: null };
    const pct = [...new Set(input.alert_at_pct ?? DEFAULT_ALERT_PCT)].sort((a, b) => a - b);
    return { budget_limit_usd_e10: usdToMoney(input.limit_usd), budget_period: input.period, budget_alert_pct: JSON.stringify(pct) };
  }

  /** The settings stored in a row's columns, or null when it has no budget. */
  settingsOf(row: BudgetColumns): BudgetSettings | null {
    if (row.budget_limit_usd_e10 === null || row.budget_limit_usd_e10 === undefined || !isBudgetPeriod(row.budget_period)) return null;
    return { limitE10: money(row.budget_limit_usd_e10), period: row.budget_period, alertAtPct: parsePct(row.budget_alert_pct) };
  }

  /** The budget of `ownerId` (a client or key id) with this period's spend and reset time; null when none. */
  async view(ownerId: string, row: BudgetColumns): Promise<BudgetView | null> {
    const settings = this.settingsOf(row);
    if (!settings) return null;
    const now = this.clock.now();
    const start = periodStart(settings.period, now);
    const rows = await this.sqlTx.exec(sql('SELECT spent_usd_e10 FROM budget_spend WHERE owner_id = $1 AND period_start = $2', ownerId, start));
    const resets = periodResetsAt(settings.period, now);
    const spent = rows.length ? money(rows[0].spent_usd_e10) : 0n;
    return {
      limit_usd: moneyToUsd(settings.limitE10),
      limit_usd_exact: moneyToDecimal(settings.limitE10),
      period: settings.period,
      alert_at_pct: settings.alertAtPct,
      spend_usd: moneyToUsd(spent),
      spend_usd_exact: moneyToDecimal(spent),
      period_resets_at: resets === null ? null : new Date(resets).toISOString(),
    };
  }
}

export function parsePct(text: string | null | undefined): number[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((x): x is number => Number.isInteger(x) && x >= 1 && x <= 100) : [];
  } catch {
    return [];
  }
}
