import type { Money, Price } from '../common/index.js';
import type { BudgetHold } from './budgets/budget.types.js';

/** What admission hands back to the gateway; pass it to markDelivered/settle/release. */
export interface Admission {
  requestId: string;
  clientId: string;
  reservedE10: Money;
  price: Price | null;
  /** The budget periods this admission holds (absent: no budget, the plain credit path). */
  budgets?: BudgetHold;
  /** the key that holds a budget period (with `budgets`) */
  keyId?: string;
  /** the client's credit.low threshold, checked after the charge (absent: none) */
  lowBalanceE10?: Money;
}

export interface AdmitInput {
  /** Must be unique per request: a request id already reserved or charged is refused with 409 `request_id_reused`. */
  requestId: string;
  clientId: string;
  keyId: string;
  model: string;
  provider: string | null;
  /** null: the model is configured free → nothing is reserved or charged. */
  price: Price | null;
  /** An upper-bound estimate of the prompt's tokens (a margin of 25 % + 256 tokens is added on top). */
  promptTokens: number;
  /** The request's max output tokens; ≤ 0 means "not given" → `billing.default_max_output_tokens`. */
  maxOutputTokens: number;
  idempotencyKey?: string;
  /**
   * The gateway minted this request's id (the client sent no x-request-id): new by construction, so it may be admitted
   * without the database's reuse check. Absent/false: the client's own id, checked by the database before the provider.
   */
  requestIdMinted?: boolean;
  /** The client or the key has a budget (from the cached key lookup): admission also holds against budgets. */
  budgeted?: boolean;
  /** The client's credit.low threshold (from the cached key lookup); null/absent: none. */
  lowBalanceE10?: Money | null;
}

export interface SettleResult {
  costE10: Money;
  balanceE10: Money;
}

export type LedgerKind = 'credit' | 'correction' | 'initial' | 'charge';
