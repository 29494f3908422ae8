export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

const DAY_MS = 86_400_000;

export function isBudgetPeriod(value: unknown): value is BudgetPeriod {
  return typeof value === 'string' && (BUDGET_PERIODS as readonly string[]).includes(value);
}

/**
 * The start (epoch ms, UTC) of the period that contains `now`: days at 00:00 UTC, weeks on Monday, months on the 1st;
 * `total` never rolls (0). Spend is keyed by this start, so a new period begins at zero without any job running.
 */
export function periodStart(period: BudgetPeriod, now: number): number {
  const day = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
  switch (period) {
    case 'day':
      return day;
    case 'week':
      // getUTCDay: 0 = Sunday … 6 = Saturday; Monday starts the week
      return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
    case 'month': {
      const d = new Date(now);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
    case 'total':
      return 0;
  }
}

/** When the period containing `now` ends (the next period's start); null for `total`. */
export function periodResetsAt(period: BudgetPeriod, now: number): number | null {
  const start = periodStart(period, now);
  switch (period) {
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month': {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    case 'total':
      return null;
  }
}
