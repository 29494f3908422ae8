import { DataSource } from 'typeorm';
import { LedgerService } from '../../../src/billing/index.js';
import { RequestLogWriter } from '../../../src/logging/index.js';
import type { TestApp } from '../../support/test-app.js';

export interface Charge {
  requestId: string;
  amountE10: number;
  estimated: boolean;
}

export interface LogRowView {
  requestId: string;
  status: number;
  costE10: number;
  estimated: boolean;
  errorCode: string | null;
}

/** A query written with $1… placeholders, run on either database. */
export async function query<T = Record<string, unknown>>(ds: DataSource, text: string, params: unknown[] = []): Promise<T[]> {
  const sqlText = ds.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
  return (await ds.query(sqlText, params)) as T[];
}

/** Every charge and request-log row of some clients, straight from the database (after flushing the log writer). */
export async function booksOf(ds: DataSource, clientIds: readonly string[]): Promise<{ charges: Map<string, Charge>; logs: Map<string, LogRowView>; openReservations: number }> {
  const marks = clientIds.map((_, i) => `$${i + 1}`).join(', ');
  const chargeRows = await query<{ request_id: string; amount_usd_e10: string | number; estimated: unknown }>(
    ds,
    `SELECT request_id, amount_usd_e10, estimated FROM ledger_entries WHERE kind = 'charge' AND client_id IN (${marks})`,
    [...clientIds],
  );
  const logRows = await query<{ request_id: string; status: number; cost_usd_e10: string | number; estimated: unknown; error_code: string | null }>(
    ds,
    `SELECT request_id, status, cost_usd_e10, estimated, error_code FROM request_logs WHERE client_id IN (${marks})`,
    [...clientIds],
  );
  const open = await query<{ n: string | number }>(ds, `SELECT COUNT(*) AS n FROM reservations WHERE status = 'open' AND client_id IN (${marks})`, [...clientIds]);
  const charges = new Map<string, Charge>();
  for (const r of chargeRows) {
    if (charges.has(r.request_id)) throw new Error(`request ${r.request_id} charged twice`);
    charges.set(r.request_id, { requestId: r.request_id, amountE10: -Number(r.amount_usd_e10), estimated: r.estimated === true || r.estimated === 1 });
  }
  const logs = new Map<string, LogRowView>();
  for (const r of logRows) {
    logs.set(r.request_id, { requestId: r.request_id, status: Number(r.status), costE10: Number(r.cost_usd_e10), estimated: r.estimated === true || r.estimated === 1, errorCode: r.error_code });
  }
  return { charges, logs, openReservations: Number(open[0]?.n ?? 0) };
}

/**
 * The billing invariants after traffic: every balance equals the sum of its ledger and every hold the sum of its
 * open reservations (LedgerService.verify), no reservation left open, every request logged, every success charged
 * exactly once and exactly what its log says, every failure charged nothing or only what the provider reported
 * (an estimate only for a client that left after bytes reached it). `answered` maps the request ids clients saw
 * to the HTTP status (and whether a started stream ended cleanly). Returns the problems (empty when the books are right).
 */
export async function auditBooks(
  ds: DataSource,
  ledger: LedgerService,
  clientIds: readonly string[],
  answered: ReadonlyMap<string, { status: number; completed: boolean }> = new Map(),
): Promise<string[]> {
  const problems: string[] = [];
  const mismatches = (await ledger.verify()).filter((m) => clientIds.includes(m.clientId));
  for (const m of mismatches) problems.push(`client ${m.clientId}: balance ${m.balanceE10} vs ledger ${m.ledgerE10}, hold ${m.reservedE10} vs open ${m.openReservationsE10} + leases ${m.leasesE10}`);
  const { charges, logs, openReservations } = await booksOf(ds, clientIds);
  if (openReservations > 0) problems.push(`${openReservations} reservations still open`);
  for (const [id, charge] of charges) {
    const log = logs.get(id);
    if (!log) {
      problems.push(`charge ${id} (${charge.amountE10} (1e-10 USD)) has no request log`);
      continue;
    }
    if (log.costE10 !== charge.amountE10) problems.push(`charge ${id} is ${charge.amountE10} (1e-10 USD) but its log says ${log.costE10}`);
    if (charge.estimated && log.status !== 499 && log.errorCode !== 'interrupted') problems.push(`failure ${id} (status ${log.status}) was charged an estimate`);
  }
  for (const [id, log] of logs) {
    const charge = charges.get(id);
    if (log.status === 200 && log.costE10 > 0 && !charge) problems.push(`success ${id} was never charged (log says ${log.costE10} (1e-10 USD))`);
    if (log.status !== 200 && log.costE10 === 0 && charge) problems.push(`failure ${id} (status ${log.status}) was charged ${charge.amountE10} (1e-10 USD)`);
  }
  for (const [id, seen] of answered) {
    const log = logs.get(id);
    if (!log) {
      problems.push(`request ${id} (status ${seen.status}) has no request log`);
      continue;
    }
    if (seen.status === 200 && seen.completed && log.status !== 200) problems.push(`request ${id} succeeded for the client but is logged as ${log.status}`);
    if (seen.status === 200 && seen.completed && !charges.has(id) && log.costE10 > 0) problems.push(`request ${id} succeeded but was not charged`);
    if (seen.status >= 400 && charges.has(id)) problems.push(`request ${id} failed with ${seen.status} before any byte but was charged`);
  }
  return problems;
}

/** Flush the request-log writer so every finished request has its row. */
export async function flushLogs(t: TestApp): Promise<void> {
  await t.app.get(RequestLogWriter).flushAll();
}

export function services(t: TestApp): { ds: DataSource; ledger: LedgerService } {
  return { ds: t.app.get(DataSource), ledger: t.app.get(LedgerService) };
}
