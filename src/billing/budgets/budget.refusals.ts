import { Injectable } from '@nestjs/common';
import { ApiError, type Price } from '../../common/index.js';
import { SqlTransactions, num, sql } from '../../database/index.js';
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

  /** `knownLeftMicros`: what the credit book says is left (SQLite), which the database alone cannot know. */
  async creditError(clientId: string, holdMicros: number, price: Price | null, promptTokens: number, maxOutput: number, knownLeftMicros?: number): Promise<ApiError> {
    const rows = knownLeftMicros === undefined ? await this.sqlTx.exec(sql('SELECT balance_micros, reserved_micros FROM clients WHERE id = $1', clientId)).catch(() => []) : [];
    if (!price || (knownLeftMicros === undefined && rows.length === 0)) return ApiError.insufficientQuota();
    const left = knownLeftMicros ?? num(rows[0].balance_micros) - num(rows[0].reserved_micros);
    return ApiError.insufficientQuota(explainRefusal({ what: 'Your credit balance', holdMicros, leftMicros: left, price, promptTokens, maxOutputTokens: maxOutput }));
  }

  async budgetError(refused: BudgetRefused, holdMicros: number, price: Price | null, promptTokens: number, maxOutput: number): Promise<ApiError> {
    const rows = await this.sqlTx
      .exec(sql('SELECT spent_micros, reserved_micros FROM budget_spend WHERE owner_id = $1 AND period_start = $2', refused.ownerId, refused.periodStart))
      .catch(() => []);
    const used = rows.length ? num(rows[0].spent_micros) + num(rows[0].reserved_micros) : 0;
    const left = Math.max(0, refused.limitMicros - used);
    const resets = periodResetsAt(refused.period, refused.periodStart);
    const owner = refused.scope === 'client' ? "The client's" : "This key's";
    const what = `${owner} ${PERIOD_WORDS[refused.period]} budget`;
    if (!price) return ApiError.budgetExceeded(`${what} is used up.`);
    return ApiError.budgetExceeded(explainRefusal({
      what, holdMicros, leftMicros: left, price, promptTokens, maxOutputTokens: maxOutput,
      suffix: resets === null ? '' : ` until it resets at ${new Date(resets).toISOString()}`,
    }));
  }
}
