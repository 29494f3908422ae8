import { Injectable } from '@nestjs/common';
import { ApiError, maxMoney, type Money, type Price } from '../../common/index.js';
import { SqlTransactions, money, sql } from '../../database/index.js';
import { explainRefusal } from '../refusal/refusal.explainer.js';
import type { BudgetRefused } from './budget.admission.js';
import { periodResetsAt } from './budget.period.js';

const PERIOD_WORDS = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' } as const;

/**
 * The 402 answers of admission, in numbers: the request's worst-case hold, what is left (read after the refusal, off
 * the hot path), and the largest max_tokens that would fit. Credit: `insufficient_quota`; a budget: `budget_exceeded`.
 */
@Injectable()
export class BudgetRefusals {
  constructor(private readonly sqlTx: SqlTransactions) {}

  /** `knownLeftE10`: what the credit book says is left (SQLite), which the database alone cannot know. */
  async creditError(clientId: string, holdE10: Money, price: Price | null, promptTokens: number, maxOutput: number, knownLeftE10?: Money): Promise<ApiError> {
    const rows = knownLeftE10 === undefined ? await this.sqlTx.exec(sql('SELECT balance_usd_e10, reserved_usd_e10 FROM clients WHERE id = $1', clientId)).catch(() => []) : [];
    if (!price || (knownLeftE10 === undefined && rows.length === 0)) return ApiError.insufficientQuota();
    const left = knownLeftE10 ?? money(rows[0].balance_usd_e10) - money(rows[0].reserved_usd_e10);
    return ApiError.insufficientQuota(explainRefusal({ what: 'Your credit balance', holdE10, leftE10: left, price, promptTokens, maxOutputTokens: maxOutput }));
  }

  async budgetError(refused: BudgetRefused, holdE10: Money, price: Price | null, promptTokens: number, maxOutput: number): Promise<ApiError> {
    const rows = await this.sqlTx
      .exec(sql('SELECT spent_usd_e10, reserved_usd_e10 FROM budget_spend WHERE owner_id = $1 AND period_start = $2', refused.ownerId, refused.periodStart))
      .catch(() => []);
    const used = rows.length ? money(rows[0].spent_usd_e10) + money(rows[0].reserved_usd_e10) : 0n;
    const left = maxMoney(0n, refused.limitE10 - used);
    const resets = periodResetsAt(refused.period, refused.periodStart);
    const owner = refused.scope === 'client' ? "The client's" : "This key's";
    const what = `${owner} ${PERIOD_WORDS[refused.period]} budget`;
    if (!price) return ApiError.budgetExceeded(`${what} is used up.`);
    return ApiError.budgetExceeded(explainRefusal({
      what, holdE10, leftE10: left, price, promptTokens, maxOutputTokens: maxOutput,
      suffix: resets === null ? '' : ` until it resets at ${new Date(resets).toISOString()}`,
    }));
  }
}
