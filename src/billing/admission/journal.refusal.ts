import { ApiError } from '../../common/index.js';
import { isUniqueViolation, type TxBody } from '../../database/index.js';
import type { BudgetedOutcome } from '../budgets/budget.admission.js';

/** The SQLite admission's journal refused: nothing of it stays (it throws inside its transaction body). */
export class JournalRefused extends Error {
  constructor(readonly outcome: 'quota' | 'reused') {
    super(`admission refused by the database: ${outcome}`);
  }
}

/** A budgeted admission's body that throws its refusals, so that nothing of it commits and the book returns the hold. */
export function refusingBody(body: TxBody<BudgetedOutcome>): TxBody<BudgetedOutcome> {
  return function* () {
    const outcome = yield* body();
    if (outcome.kind !== 'ok') throw new JournalRefused(outcome.kind);
    return outcome;
  };
}

/** What a deferred journal's failure means for the request whose first byte waited on it. */
export function journalError(err: unknown, requestId: string): unknown {
  if ((err instanceof JournalRefused && err.outcome === 'reused') || isUniqueViolation(err)) {
    return ApiError.conflict(`The request id '${requestId}' was already used; send a new x-request-id.`, 'request_id_reused');
  }
  if (err instanceof JournalRefused) return ApiError.insufficientQuota();
  return err;
}

