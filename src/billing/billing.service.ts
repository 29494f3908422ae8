import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { ApiError, EventBus, MetricsRegistry, creditEvent, moneyToUsd, type Money, type Usage } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { SqlTransactions, bool, isUniqueViolation, money, sql } from '../database/index.js';
import type { Admission, AdmitInput, SettleResult } from './billing.types.js';
import { costE10 } from './cost/cost.calculator.js';
import { reservationFor } from './cost/reservation.estimator.js';
import { BillingInstance } from './instance/billing-instance.js';
import { ledgerEntryId } from './ledger/ledger.ids.js';
import { BudgetRefused, budgetedAdmitBody } from './budgets/budget.admission.js';
import { BudgetClock } from './budgets/budget.clock.js';
import { RESERVATION_BUDGET_COLUMNS, budgetMoves } from './budgets/budget.sql.js';
import { BudgetRefusals } from './budgets/budget.refusals.js';
import type { BudgetHold } from './budgets/budget.types.js';
import { BudgetAlerts } from './alerts/budget.alerts.js';
import { CreditBook } from './admission/credit-book.js';
import { AdmissionJournal } from './admission/admission.journal.js';
import { FreshRequestIds } from './admission/fresh-request-ids.js';
import { CreditLeases } from './admission/credit-leases.js';
import { JournalRefused, journalError, refusingBody } from './admission/journal.refusal.js';
import { PG_CHARGE, PRIOR_CHARGE, pgAdmit, pgLeaseJournalBody, sqliteAdmitBody, sqliteChargeSteps, type SqliteCharge } from './billing.sql.js';

/**
 * Admission, settlement and release of prepaid credit — each ONE short transaction in raw parameterized SQL.
 *
 * Invariants (checked by LedgerService.verify()):
 * - clients.balance_usd_e10 == Σ ledger_entries.amount_usd_e10 (balance is updated in the same transaction as every entry);
 * - clients.reserved_usd_e10 == Σ open reservations' amount_usd_e10 + Σ credit leases' (PostgreSQL);
 * - at most one charge per request id (ledger_entries.request_id is UNIQUE).
 *
 * Admission's database form is one conditional UPDATE (`balance − reserved ≥ worst case`), atomic on SQLite and
 * PostgreSQL and across processes, plus the reservations row, in the same transaction. On SQLite the credit book decides
 * in memory and that transaction is the admission's journal, written off the request's path and durable before its
 * first byte (markDelivered) or inside its settlement. On PostgreSQL a request with a gateway-minted id is admitted
 * against this replica's credit lease in memory, and its journal moves the amount from the lease row to the reservation
 * row, on the same schedule; other requests are admitted by the one awaited statement before the upstream is called
 * (see README.md, "Admission without a round trip").
 * Settlement charges the REAL cost even when it exceeds the reservation (the books follow the provider's usage; the
 * overrun is counted in `gophergate_billing_overrun_total` and logged). Because the reservation is a true worst case
 * (see reservation.estimator.ts), an overrun needs a provider reporting more tokens than max output + prompt margin;
 * only then can a balance dip below zero, by at most that overrun, and the next admission is refused until a top-up.
 */
@Injectable()
export class BillingService {
  private readonly logger = new Logger('BillingService');
  private readonly admissions: Counter<'result'>;
  private readonly overruns: Counter<never>;
  private readonly charged: Counter<never>;
  private readonly freshIds: FreshRequestIds;

  constructor(
    private readonly sqlTx: SqlTransactions,
    private readonly config: AppConfig,
    private readonly instance: BillingInstance,
    private readonly events: EventBus,
    metrics: MetricsRegistry,
    private readonly clock: BudgetClock,
    private readonly refusals: BudgetRefusals,
    private readonly alerts: BudgetAlerts,
    private readonly book: CreditBook,
    private readonly journal: AdmissionJournal,
    private readonly leases: CreditLeases,
  ) {
    this.freshIds = new FreshRequestIds(instance.startedAt);
    this.admissions = metrics.counter('gophergate_billing_admissions_total', 'Billing admissions by result', ['result']);
    this.overruns = metrics.counter('gophergate_billing_overrun_total', 'Settlements whose real cost exceeded the reservation', []);
    this.charged = metrics.counter('gophergate_billing_charged_usd_total', 'USD charged to clients (a float sum for dashboards; the ledger is exact)', []);
  }

  async admit(input: AdmitInput): Promise<Admission> {
    const maxOutput = input.maxOutputTokens > 0 ? input.maxOutputTokens : this.config.billing.default_max_output_tokens;
    const { reserveE10, estimateE10 } = reservationFor(input.price, input.promptTokens, maxOutput);
    const admission: Admission = { requestId: input.requestId, clientId: input.clientId, reservedE10: reserveE10, price: input.price };
    if (reserveE10 === 0n) {
      this.admissions.inc({ result: 'free' });
      return admission;
    }
    const now = Date.now();
    const instanceId = this.instance.id;
    let outcome: 'ok' | 'quota' | 'reused';
    const params = [
      input.requestId, input.clientId, input.keyId, input.model.slice(0, 200), input.provider?.slice(0, 64) ?? null, reserveE10,
      estimateE10, false, Math.max(0, Math.min(2_147_483_647, Math.floor(input.promptTokens) || 0)),
      input.idempotencyKey?.slice(0, 255) ?? null, instanceId, now,
    ];
    let budgets: BudgetHold | undefined;
    let refusedBy: BudgetRefused | null = null;
    if (this.book.enabled) {
      // SQLite: the credit book decides at once; the database hears of it through the admission's journal
      if (!this.book.isLoaded(input.clientId)) await this.book.load(input.clientId);
      const amount = reserveE10;
      const left = this.book.tryHold(input.clientId, amount);
      if (left !== null) {
        this.admissions.inc({ result: 'quota' });
        throw await this.refusals.creditError(input.clientId, reserveE10, input.price, input.promptTokens, maxOutput, left);
      }
      // only an id the gateway minted for THIS request may skip the database's reuse check: a client can send any id,
      // including one the gateway minted for an earlier request (possibly on another replica)
      const fresh = input.requestIdMinted ? this.freshIds.claim(input.requestId, now) : 'unknown';
      if (fresh === 'reused') {
        this.book.unhold(input.clientId, amount);
        this.admissions.inc({ result: 'reused' });
        throw ApiError.conflict(`The request id '${input.requestId}' was already used; send a new x-request-id.`, 'request_id_reused');
      }
      // an id the database must check, an Idempotency-Key (its crash recovery reads the row) or a budget (read in the
      // transaction): journaled now, before the provider is called, as always; anything else is journaled later
      if (fresh === 'fresh' && !input.idempotencyKey && !input.budgeted) {
        this.journal.defer(input.requestId, input.clientId, amount, (delivered) => sqliteAdmitBody(params, delivered));
        this.admissions.inc({ result: 'ok' });
        if (input.lowBalanceE10 !== null && input.lowBalanceE10 !== undefined) admission.lowBalanceE10 = input.lowBalanceE10;
        return admission;
      }
    }
    if (this.leases.enabled && input.requestIdMinted && !input.idempotencyKey && !input.budgeted) {
      // PostgreSQL: this replica's credit lease decides at once (a minted id is new by construction); the journal moves
      // the amount from the lease row to the reservation row later, off the request's path
      if (this.leases.tryHold(input.clientId, reserveE10)) {
        this.journal.defer(input.requestId, input.clientId, reserveE10, (delivered) => pgLeaseJournalBody(params, delivered), this.leases, true);
        this.admissions.inc({ result: 'ok' });
        if (input.lowBalanceE10 !== null && input.lowBalanceE10 !== undefined) admission.lowBalanceE10 = input.lowBalanceE10;
        return admission;
      }
    }
    try {
      if (input.budgeted) {
        // a client or key with a budget: one transaction holding credit and each budget's current period
        const body = budgetedAdmitBody({ params, clientId: input.clientId, keyId: input.keyId, reserveE10, now: this.clock.now() });
        const result = this.book.enabled
          ? await this.journal.now(input.requestId, input.clientId, reserveE10, () => refusingBody(body))
          : await this.sqlTx.run(body);
        outcome = result.kind;
        if (result.kind === 'ok') budgets = result.hold;
      } else if (this.sqlTx.dialect === 'postgres') {
        outcome = await pgAdmit(this.sqlTx, params);
        // too little free credit while this replica's lease holds some of it: give the lease back, then ask once more
        if (outcome === 'quota' && this.leases.enabled && (await this.leases.giveBack(input.clientId))) outcome = await pgAdmit(this.sqlTx, params);
      } else {
        await this.journal.now(input.requestId, input.clientId, reserveE10, () => sqliteAdmitBody(params, false));
        outcome = 'ok';
      }
    } catch (err) {
      if (err instanceof JournalRefused) {
        outcome = err.outcome;
      } else if (err instanceof BudgetRefused) {
        refusedBy = err;
        outcome = 'quota';
      } else {
        if (!isUniqueViolation(err)) throw err;
        outcome = 'reused';
      }
    }
    this.admissions.inc({ result: refusedBy ? 'budget' : outcome });
    if (refusedBy) void this.alerts.afterRefusal(refusedBy);
    if (refusedBy) throw await this.refusals.budgetError(refusedBy, reserveE10, input.price, input.promptTokens, maxOutput);
    if (outcome === 'quota') throw await this.refusals.creditError(input.clientId, reserveE10, input.price, input.promptTokens, maxOutput);
    if (outcome === 'reused') throw ApiError.conflict(`The request id '${input.requestId}' was already used; send a new x-request-id.`, 'request_id_reused');
    if (budgets) {
      admission.budgets = budgets;
      admission.keyId = input.keyId;
    }
    if (input.lowBalanceE10 !== null && input.lowBalanceE10 !== undefined) admission.lowBalanceE10 = input.lowBalanceE10;
    return admission;
  }

  /**
   * The first byte is about to reach the client: resolves once the admission is durable (SQLite: its journal has
   * committed, normally long before, while the upstream worked; PostgreSQL: it was at admission), so that nothing is
   * ever delivered without a durable reservation, and a crash from then on is charged an estimate instead of released.
   * Rejects (402/409, or the database's error) when the journal could not be written: no byte may go out then.
   * The delivered mark itself is fire-and-forget, as a crash before it only means "released" for a request whose
   * first byte may just have left.
   */
  async markDelivered(admission: Admission): Promise<void> {
    if (admission.reservedE10 === 0n) return;
    // a journal still waiting is written now (SQLite, and PostgreSQL's lease admissions); otherwise resolved at once
    const { durable, alreadyWritten } = this.journal.delivered(admission.requestId);
    await durable.catch((err: unknown) => {
      throw journalError(err, admission.requestId);
    });
    if (!alreadyWritten) return; // the journal wrote the row as delivered
    // one statement; on SQLite it shares the commit of its event-loop turn (often with this request's own settlement)
    this.sqlTx
      .atomic(sql(`UPDATE reservations SET delivered = $2 WHERE request_id = $1 AND status = 'open'`, admission.requestId, true))
      .catch((err: unknown) => this.logger.warn({ err, request_id: admission.requestId }, 'could not mark a reservation delivered'));
  }

  /**
   * Charge the real cost exactly once per request id and release the rest of the reservation. A second call (any usage)
   * returns the first charge and changes nothing.
   */
  async settle(admission: Admission, usage: Usage, options: { estimated?: boolean; provider?: string | null } = {}): Promise<SettleResult> {
    const cost = admission.price ? costE10(usage, admission.price) : 0n;
    if (admission.reservedE10 === 0n && cost === 0n) {
      return { costE10: 0n, balanceE10: await this.balanceOf(admission.clientId) };
    }
    let result: Awaited<ReturnType<BillingService['charge']>>;
    try {
      result = await this.charge(admission.requestId, admission.clientId, cost, Boolean(options.estimated), null);
    } finally {
      this.journal.forget(admission.requestId);
    }
    if (!result.duplicate) {
      this.charged.inc(moneyToUsd(result.costE10));
      if (result.costE10 > admission.reservedE10) {
        this.overruns.inc();
        this.logger.warn(
          { request_id: admission.requestId, client_id: admission.clientId, reserved_usd_e10: String(admission.reservedE10), cost_usd_e10: String(result.costE10) },
          'real cost exceeded the reservation; charged in full',
        );
      }
      this.events.publish(creditEvent(admission.clientId, result.balanceE10));
      // alerts are decided in their own transaction, off the answer's path (level-based: a missed one fires next time)
      if (admission.budgets) void this.alerts.afterSettle(admission, admission.keyId ?? null);
      if (admission.lowBalanceE10 !== undefined) void this.alerts.afterCharge(admission.clientId, result.balanceE10, admission.lowBalanceE10);
    }
    return { costE10: result.costE10, balanceE10: result.balanceE10 };
  }

  /** Nothing is charged; the reservation's hold is returned. Safe to call twice, or after settle (no effect then). */
  async release(admission: Admission): Promise<void> {
    if (admission.reservedE10 === 0n) return;
    // an admission never journaled is returned in memory (to the credit book or the lease); nothing of it is in the database
    if (await this.journal.cancel(admission.requestId)) return;
    try {
      await this.releaseReservation(admission.requestId);
    } finally {
      this.journal.forget(admission.requestId);
    }
  }

  /** Release an open reservation by request id; returns false when it was not open. */
  async releaseReservation(requestId: string): Promise<boolean> {
    const now = Date.now();
    const book = this.book;
    let closed: { clientId: string; held: Money } | null = null;
    return this.sqlTx.run(function* () {
      closed = null;
      const rows = yield sql(
        `UPDATE reservations SET status = 'released', updated_at = $2 WHERE request_id = $1 AND status = 'open' RETURNING amount_usd_e10, ${RESERVATION_BUDGET_COLUMNS}`,
        requestId, now,
      );
      if (rows.length === 0) return false;
      for (const step of budgetMoves(rows[0], 0n, money(rows[0].amount_usd_e10))) yield step;
      yield sql('UPDATE clients SET reserved_usd_e10 = reserved_usd_e10 - $2 WHERE id = $1', rows[0].client_id, money(rows[0].amount_usd_e10));
      closed = { clientId: String(rows[0].client_id), held: money(rows[0].amount_usd_e10) };
      return true;
    }, () => {
      const c = closed as { clientId: string; held: Money } | null;
      if (c) book.released(c.clientId, c.held);
    });
  }

  /**
   * The one charging transaction (settlement and crash reconciliation): insert the charge (unique request id), close the
   * reservation if it is open, move balance and hold. `duplicate` = this request id was already charged: nothing changed.
   */
  async charge(requestId: string, clientId: string, cost: Money, estimated: boolean, note: string | null): Promise<{ duplicate: boolean; costE10: Money; balanceE10: Money }> {
    const now = Date.now();
    const entryId = ledgerEntryId();
    if (this.sqlTx.dialect === 'postgres') {
      // a lease admission still waiting for its journal: written first, alone (one statement), then the charge. A crash
      // between the two leaves an open, undelivered reservation for a JSON answer not yet sent: released, as it should be.
      // Refused (the lease row no longer held it): the answer exists, so it is charged without a reservation.
      await this.journal.written(requestId);
      // one statement, one round trip: the charge row, the reservation's close and the balance move commit together
      const [row] = await this.sqlTx.atomic(sql(PG_CHARGE, entryId, clientId, -cost, requestId, note, estimated, now));
      if (bool(row?.inserted)) {
        if (row.balance_usd_e10 === null || row.balance_usd_e10 === undefined) throw new Error(`client ${clientId} does not exist`);
        return { duplicate: false, costE10: cost, balanceE10: money(row.balance_usd_e10) };
      }
      if (row?.prior_amount_usd_e10 !== null && row?.prior_amount_usd_e10 !== undefined) {
        return { duplicate: true, costE10: -money(row.prior_amount_usd_e10), balanceE10: money(row.prior_balance_usd_e10) };
      }
      // the first charge committed while this statement ran (not in its snapshot): read it now
      const prior = await this.sqlTx.exec(sql(PRIOR_CHARGE, requestId));
      return { duplicate: true, costE10: -money(prior[0]?.amount_usd_e10), balanceE10: money(prior[0]?.balance_usd_e10) };
    }
    const book = this.book;
    const steps = () => sqliteChargeSteps(entryId, requestId, clientId, cost, estimated, note, now);
    const mirror = (r: SqliteCharge) => {
      if (!r.duplicate) book.charged(clientId, r.costE10, r.heldE10);
    };
    // SQLite: an admission still waiting for its journal is written in this same transaction (one commit, not two)
    const waiting = await this.journal.takeWaiting(requestId);
    if (waiting) {
      try {
        return await this.sqlTx.run(function* () {
          yield* waiting.body();
          const charged = yield* steps();
          // charged already (a concurrent settle of the same admission): its journal must not stay behind, open
          if (charged.duplicate) throw new JournalRefused('reused');
          return charged;
        }, (r) => {
          waiting.holds.journaled(waiting.clientId, waiting.amount);
          mirror(r);
        });
      } catch (err) {
        waiting.holds.unhold(waiting.clientId, waiting.amount);
        if (!(err instanceof JournalRefused) && !isUniqueViolation(err)) throw err;
        // nothing of it committed. Already charged: the charge below returns the first one. Refused (the book had it
        // wrong): the answer exists, so it is charged without a reservation, and the book reads the client again.
        if (!(err instanceof JournalRefused && err.outcome === 'reused')) waiting.holds.invalidate(waiting.clientId);
      }
    }
    return this.sqlTx.run(steps, mirror);
  }

  async balanceOf(clientId: string): Promise<Money> {
    const rows = await this.sqlTx.exec(sql('SELECT balance_usd_e10 FROM clients WHERE id = $1', clientId));
    return money(rows[0]?.balance_usd_e10);
  }
}
