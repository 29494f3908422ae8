import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { EventBus, MetricsRegistry, ScheduledJobs, ZERO_USAGE, creditEvent, minMoney, type Money } from '../../common/index.js';
import { RequestLogWriter } from '../../logging/index.js';
import { SqlTransactions, bool, money, num, sql, type SqlRow } from '../../database/index.js';
import { BillingService } from '../billing.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { BillingInstance } from '../instance/billing-instance.js';
import { ledgerEntryId } from '../ledger/ledger.ids.js';
import { recoverMissingLogRows } from './log-recovery.js';
import { RESERVATION_BUDGET_COLUMNS, budgetMoves } from '../budgets/budget.sql.js';
import { CreditBook } from '../admission/credit-book.js';
import { LEASES_END_OF_INSTANCE, LEASE_OWNERS } from '../admission/lease.sql.js';

const SWEEP_EVERY_MS = 60_000;
export const RECONCILIATION_JOB = 'reconciliation';
const BATCH = 2_000;

export interface ReconcileResult {
  released: number;
  charged: number;
  /** open reservations left alone because their process still runs */
  live: number;
}

/**
 * Settles what a crash left open. At start (and every minute, for replicas that die while this one runs), every open
 * reservation whose owning process no longer runs (BillingInstance.isAlive) is claimed with a conditional update
 * (status 'open' → …), so several replicas running this at once never double-process a row:
 * - nothing reached the client (`delivered` false) → released, nothing charged;
 * - bytes reached the client → charged `estimate_usd_e10` (prompt estimate × input price + half the max output × output
 *   price, computed at admission and never above the reservation), ledger and request log flagged `estimated`.
 * Each reconciled request gets a request-log row (status 502, error code `interrupted`) unless it already has one, and
 * its Idempotency-Key is freed (released) or locked (charged). Before that, charges whose log line was lost in the
 * crash get one rebuilt (log-recovery.ts).
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reconciliation');
  private running: Promise<ReconcileResult> | null = null;
  private readonly reconciled: Counter<'outcome'>;

  constructor(
    private readonly sqlTx: SqlTransactions,
    private readonly instance: BillingInstance,
    private readonly billing: BillingService,
    private readonly idempotency: IdempotencyService,
    private readonly logs: RequestLogWriter,
    private readonly events: EventBus,
    metrics: MetricsRegistry,
    private readonly jobs: ScheduledJobs,
    private readonly book: CreditBook,
  ) {
    this.reconciled = metrics.counter('gophergate_billing_reconciled_total', 'Open reservations settled after a crash', ['outcome']);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      // before the open reservations: the charges this run makes write their own log lines
      const recovered = await recoverMissingLogRows(this.sqlTx, this.instance, this.logs);
      if (recovered > 0) this.logger.warn({ recovered }, 'request-log lines a stopped process never wrote were rebuilt from its charges');
    } catch (err) {
      this.logger.error({ err }, 'could not rebuild missing request-log lines');
    }
    try {
      await this.reconcileOpen();
    } catch (err) {
      this.logger.error({ err }, 'crash reconciliation failed at start; retrying every minute');
    }
    // the lines rebuilt above (and those of the estimates just charged) are written before the process serves, so a
    // client or operator asking right after a restart finds every charged request in the log (bounded; never throws)
    await this.logs.flushAll();
    // the sweep for replicas that die later: one replica at a time (the claims are conditional updates either way)
    this.jobs.every({ name: RECONCILIATION_JOB, everyMs: SWEEP_EVERY_MS, exclusive: true, run: () => this.reconcileOpen() });
  }

  /** Reconcile every open reservation whose process is gone. Concurrent calls share one run. */
  reconcileOpen(): Promise<ReconcileResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<ReconcileResult> {
    const result: ReconcileResult = { released: 0, charged: 0, live: 0 };
    const alive = new Map<string, boolean>();
    let after = '';
    for (let round = 0; round < 1000; round++) {
      const rows = await this.sqlTx.exec(
        sql(
          `SELECT request_id, client_id, key_id, model, provider, amount_usd_e10, estimate_usd_e10, delivered, instance_id, created_at
           FROM reservations WHERE status = 'open' AND request_id > $1 AND (instance_id IS NULL OR instance_id <> $2)
           ORDER BY request_id LIMIT $3`,
          after, this.instance.id, BATCH,
        ),
      );
      for (const row of rows) {
        const owner = (row.instance_id as string | null) ?? null;
        let ownerAlive = alive.get(owner ?? '');
        if (ownerAlive === undefined) {
          ownerAlive = owner ? await this.instance.isAlive(owner) : false;
          alive.set(owner ?? '', ownerAlive);
        }
        // an ownerless row written after this process started belongs to a live request elsewhere: leave it
        if (ownerAlive || (!owner && num(row.created_at) >= this.instance.startedAt)) {
          result.live += 1;
          continue;
        }
        if (bool(row.delivered)) {
          if (await this.chargeEstimate(row)) result.charged += 1;
        } else if (await this.billing.releaseReservation(String(row.request_id))) {
          result.released += 1;
          this.reconciled.inc({ outcome: 'released' });
          await this.afterwards(row, false, 0n);
        }
      }
      if (rows.length < BATCH) break;
      after = String(rows[rows.length - 1].request_id);
    }
    if (result.released || result.charged) this.logger.warn(result, 'reservations left open by a stopped process were reconciled');
    // after the reservations: a dead instance's journals are all in them, and what its leases still hold goes back
    if (this.sqlTx.dialect === 'postgres') await this.reclaimLeases(alive);
    return result;
  }

  /**
   * The credit leases of instances that no longer run (the same liveness test as their reservations) go back to their
   * clients' free balance: one statement per dead instance, so a replica running this at the same time finds nothing.
   * A live instance's leases are its own to return (idle, or at shutdown).
   */
  private async reclaimLeases(alive: Map<string, boolean>): Promise<void> {
    const owners = await this.sqlTx.exec(sql(LEASE_OWNERS, this.instance.id));
    for (const row of owners) {
      const owner = String(row.instance_id);
      let ownerAlive = alive.get(owner);
      if (ownerAlive === undefined) {
        ownerAlive = await this.instance.isAlive(owner);
        alive.set(owner, ownerAlive);
      }
      if (ownerAlive) continue;
      const clients = await this.sqlTx.atomic(sql(LEASES_END_OF_INSTANCE, owner));
      if (clients.length) this.logger.warn({ instance_id: owner, clients: clients.length }, 'credit leases of a stopped process were reclaimed');
    }
  }

  private async chargeEstimate(row: SqlRow): Promise<boolean> {
    const requestId = String(row.request_id);
    const now = Date.now();
    const entryId = ledgerEntryId();
    const book = this.book;
    const outcome = await this.sqlTx.run(function* () {
      const claimed = yield sql(
        `UPDATE reservations SET status = 'settled', updated_at = $2 WHERE request_id = $1 AND status = 'open'
         RETURNING amount_usd_e10, estimate_usd_e10, ${RESERVATION_BUDGET_COLUMNS}`,
        requestId, now,
      );
      if (claimed.length === 0) return null;
      const clientId = String(claimed[0].client_id);
      const held = money(claimed[0].amount_usd_e10);
      const estimate = minMoney(held, money(claimed[0].estimate_usd_e10));
      const inserted = yield sql(
        `INSERT INTO ledger_entries (id, client_id, amount_usd_e10, kind, request_id, note, estimated, created_at)
         VALUES ($1, $2, $3, 'charge', $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
        entryId, clientId, -estimate, requestId, 'estimated: the gateway stopped while this request was streaming', true, now,
      );
      const cost = inserted.length ? estimate : 0n;
      for (const step of budgetMoves(claimed[0], cost, held)) yield step;
      const client = yield sql(
        'UPDATE clients SET balance_usd_e10 = balance_usd_e10 - $2, reserved_usd_e10 = reserved_usd_e10 - $3 WHERE id = $1 RETURNING balance_usd_e10',
        clientId, cost, held,
      );
      return { clientId, cost, held, balance: money(client[0]?.balance_usd_e10) };
    }, (done) => {
      // a stopped process's hold and charge, now in the database: the book (if it has the client) follows
      if (done) book.charged(done.clientId, done.cost, done.held);
    });
    if (!outcome) return false;
    this.reconciled.inc({ outcome: 'estimated' });
    this.events.publish(creditEvent(outcome.clientId, outcome.balance));
    await this.afterwards(row, true, outcome.cost);
    return true;
  }

  private async afterwards(row: SqlRow, charged: boolean, cost: Money): Promise<void> {
    const requestId = String(row.request_id);
    await this.idempotency.resolveAfterCrash(requestId, charged).catch((err) => this.logger.warn({ err, request_id: requestId }, 'idempotency key not resolved'));
    this.logs.write({
      requestId,
      createdAt: num(row.created_at),
      clientId: String(row.client_id),
      clientName: null,
      keyId: (row.key_id as string | null) ?? null,
      model: String(row.model),
      provider: (row.provider as string | null) ?? null,
      status: 502,
      errorCode: 'interrupted',
      errorMessage: charged
        ? 'The gateway stopped after this response had started; charged an estimate.'
        : 'The gateway stopped before this request was answered; nothing was charged.',
      latencyMs: 0,
      ttfbMs: null,
      stream: false,
      usage: { ...ZERO_USAGE },
      costE10: cost,
      estimated: charged,
    });
  }
}
