import { Injectable, Logger } from '@nestjs/common';
import { EventBus, moneyToDecimal, moneyToUsd, type Money } from '../../common/index.js';
import { SqlTransactions, bool, money, num, sql, type SqlRow, type SqlStep } from '../../database/index.js';
import type { Admission } from '../billing.types.js';
import type { BudgetRefused } from '../budgets/budget.admission.js';
import { parsePct } from '../budgets/budget.service.js';
import type { BudgetScope } from '../budgets/budget.types.js';
import { newAlertEvent, outboxInsert, type AlertEvent } from './alert.event.js';

const SPEND_ROW = {
  client: `SELECT s.spent_usd_e10, s.alerted_pct, s.exceeded, o.budget_limit_usd_e10, o.budget_alert_pct, o.budget_period, o.id AS client_id
    FROM budget_spend s JOIN clients o ON o.id = s.owner_id WHERE s.owner_id = $1 AND s.period_start = $2`,
  key: `SELECT s.spent_usd_e10, s.alerted_pct, s.exceeded, o.budget_limit_usd_e10, o.budget_alert_pct, o.budget_period, o.client_id
    FROM budget_spend s JOIN client_keys o ON o.id = s.owner_id WHERE s.owner_id = $1 AND s.period_start = $2`,
} as const;
/** compare-and-set: only the replica that moves alerted_pct from what it read fires the thresholds in between */
const CLAIM_PCT = 'UPDATE budget_spend SET alerted_pct = $3 WHERE owner_id = $1 AND period_start = $2 AND alerted_pct = $4 RETURNING owner_id';
const CLAIM_EXCEEDED = 'UPDATE budget_spend SET exceeded = $3 WHERE owner_id = $1 AND period_start = $2 AND exceeded = $4 RETURNING spent_usd_e10';
const CLAIM_LOW = `UPDATE clients SET low_balance_alerted = $2 WHERE id = $1 AND low_balance_alerted = $3 AND low_balance_usd_e10 IS NOT NULL
  AND balance_usd_e10 < low_balance_usd_e10 RETURNING balance_usd_e10, low_balance_usd_e10`;

/**
 * Budget and credit alerts, each decided and written to the outbox in ONE transaction, so it fires exactly once per
 * threshold per period however many replicas settle at once (a compare-and-set on budget_spend), and a crash never loses
 * one that was decided. The checks are level-based (spend ≥ threshold and not yet fired), so one missed by a crash right
 * after a settlement fires at the next settlement of that budget.
 */
@Injectable()
export class BudgetAlerts {
  private readonly logger = new Logger('BudgetAlerts');

  constructor(private readonly sqlTx: SqlTransactions, private readonly events: EventBus) {}

  /** After a settlement that moved budget spend: fire the thresholds crossed and budget.exceeded. Never throws. */
  async afterSettle(admission: Admission, keyId: string | null): Promise<void> {
    const hold = admission.budgets;
    if (!hold) return;
    const checks: Array<[BudgetScope, string, number]> = [];
    if (hold.clientPeriod !== null) checks.push(['client', admission.clientId, hold.clientPeriod]);
    if (hold.keyPeriod !== null && keyId) checks.push(['key', keyId, hold.keyPeriod]);
    for (const [scope, ownerId, start] of checks) {
      await this.emit(() => thresholdBody(scope, ownerId, start)).catch((err) => this.logger.warn({ err, owner_id: ownerId }, 'budget alert check failed'));
    }
  }

  /** A request was refused by a budget: budget.exceeded, once per period. Never throws. */
  async afterRefusal(refused: BudgetRefused): Promise<void> {
    await this.emit(() => refusalBody(refused)).catch((err) => this.logger.warn({ err, owner_id: refused.ownerId }, 'budget alert failed'));
  }

  /** After a charge: credit.low when the balance fell below the client's low_balance threshold (once until topped up). */
  async afterCharge(clientId: string, balanceE10: Money, lowBalanceE10: Money | null | undefined): Promise<void> {
    if (lowBalanceE10 === null || lowBalanceE10 === undefined || balanceE10 >= lowBalanceE10) return;
    await this.emit(() => lowBalanceBody(clientId)).catch((err) => this.logger.warn({ err, client_id: clientId }, 'credit alert failed'));
  }

  private async emit(body: () => Generator<SqlStep, AlertEvent[], SqlRow[]>): Promise<void> {
    const fired = await this.sqlTx.run(body);
    for (const event of fired) this.events.publish({ type: 'alert', data: event as unknown as Record<string, unknown> });
  }
}

function eventData(scope: BudgetScope, ownerId: string, row: SqlRow, pct: number): Record<string, unknown> {
  return {
    scope, id: ownerId, client_id: String(row.client_id), pct, spend_usd: moneyToUsd(money(row.spent_usd_e10)),
    spend_usd_exact: moneyToDecimal(money(row.spent_usd_e10)), limit_usd: moneyToUsd(money(row.budget_limit_usd_e10)),
    limit_usd_exact: moneyToDecimal(money(row.budget_limit_usd_e10)), period: String(row.budget_period),
  };
}

function* thresholdBody(scope: BudgetScope, ownerId: string, start: number): Generator<SqlStep, AlertEvent[], SqlRow[]> {
  const fired: AlertEvent[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = yield sql(SPEND_ROW[scope], ownerId, start);
    const row = rows[0];
    if (!row || row.budget_limit_usd_e10 === null || row.budget_limit_usd_e10 === undefined) return fired;
    const limit = money(row.budget_limit_usd_e10);
    const spent = money(row.spent_usd_e10);
    const alerted = num(row.alerted_pct);
    const crossed = parsePct(row.budget_alert_pct as string | null).filter((p) => p > alerted && spent * 100n >= BigInt(p) * limit);
    if (crossed.length > 0) {
      const top = crossed[crossed.length - 1];
      const claimed = yield sql(CLAIM_PCT, ownerId, start, top, alerted);
      if (claimed.length === 0) continue; // another replica moved it: read again
      for (const pct of crossed) {
        const event = newAlertEvent('budget.threshold', eventData(scope, ownerId, row, pct));
        yield outboxInsert(event);
        fired.push(event);
      }
    }
    if (limit > 0n && spent >= limit && !bool(row.exceeded)) {
      const claimed = yield sql(CLAIM_EXCEEDED, ownerId, start, true, false);
      if (claimed.length > 0) {
        const event = newAlertEvent('budget.exceeded', eventData(scope, ownerId, row, Number((spent * 100n) / limit)));
        yield outboxInsert(event);
        fired.push(event);
      }
    }
    return fired;
  }
  return fired;
}

function* refusalBody(refused: BudgetRefused): Generator<SqlStep, AlertEvent[], SqlRow[]> {
  yield sql('INSERT INTO budget_spend (owner_id, period_start, spent_usd_e10, reserved_usd_e10) VALUES ($1, $2, 0, 0) ON CONFLICT (owner_id, period_start) DO NOTHING', refused.ownerId, refused.periodStart);
  const claimed = yield sql(CLAIM_EXCEEDED, refused.ownerId, refused.periodStart, true, false);
  if (claimed.length === 0) return [];
  const rows = yield sql(SPEND_ROW[refused.scope], refused.ownerId, refused.periodStart);
  if (!rows[0]) return [];
  const spent = money(rows[0].spent_usd_e10);
  const event = newAlertEvent('budget.exceeded', eventData(refused.scope, refused.ownerId, rows[0], refused.limitE10 > 0n ? Number((spent * 100n) / refused.limitE10) : 100));
  yield outboxInsert(event);
  return [event];
}

function* lowBalanceBody(clientId: string): Generator<SqlStep, AlertEvent[], SqlRow[]> {
  const claimed = yield sql(CLAIM_LOW, clientId, true, false);
  if (claimed.length === 0) return [];
  const event = newAlertEvent('credit.low', {
    client_id: clientId, balance_usd: moneyToUsd(money(claimed[0].balance_usd_e10)), balance_usd_exact: moneyToDecimal(money(claimed[0].balance_usd_e10)),
    threshold_usd: moneyToUsd(money(claimed[0].low_balance_usd_e10)), threshold_usd_exact: moneyToDecimal(money(claimed[0].low_balance_usd_e10)),
  });
  yield outboxInsert(event);
  return [event];
}
