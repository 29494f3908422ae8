import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { SqlTransactions, num, sql, type SqlRow } from '../database/index.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureOf } from './webhook.signer.js';
import type { WebhookTarget } from './webhook.types.js';
import { WebhooksService } from './webhooks.service.js';

export const ALERT_DELIVERY_JOB = 'alerts.webhooks';
const EVENTS_PER_ROUND = 200;
const DELIVERIES_PER_ROUND = 50;
const TIMEOUT_MS = 10_000;

/**
 * Delivers the alert outbox to webhooks. Every `alerts.poll_ms`, the replica that wins the `alerts.webhooks` advisory
 * lock (PostgreSQL; SQLite is one process) (1) gives each new event a delivery row per subscribed webhook (unique per
 * event and webhook) and (2) POSTs the due deliveries: signed JSON, the event's stored body byte for byte; a 2xx marks it
 * delivered, anything else schedules the next attempt after `alerts.retry_backoff_seconds` (the last wait repeats).
 * Rows live in the database, so a restart or a crash resumes where it stopped (at least once: a crash between a 2xx and
 * its mark redelivers the same event id).
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap {
  constructor(
    private readonly sqlTx: SqlTransactions,
    private readonly webhooks: WebhooksService,
    private readonly config: AppConfig,
    private readonly jobs: ScheduledJobs,
  ) {}

  /** One round every `alerts.poll_ms` (skipped while the previous one runs, or when another replica holds the lock). */
  onApplicationBootstrap(): void {
    this.jobs.every({ name: ALERT_DELIVERY_JOB, everyMs: this.config.alerts.poll_ms, exclusive: true, run: () => this.round() });
  }

  private async round(): Promise<void> {
    const events = await this.sqlTx.exec(sql('SELECT id, type, target FROM alert_events WHERE dispatched = $1 ORDER BY created_at, id LIMIT $2', false, EVENTS_PER_ROUND));
    const due = await this.sqlTx.exec(sql("SELECT 1 AS x FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 1", Date.now()));
    if (events.length === 0 && due.length === 0) return;
    const targets = await this.webhooks.targets();
    for (const event of events) await this.fanOut(event, targets);
    await this.deliverDue(targets);
  }

  private async fanOut(event: SqlRow, targets: WebhookTarget[]): Promise<void> {
    const id = String(event.id);
    const type = String(event.type);
    const target = (event.target as string | null) ?? null;
    const now = Date.now();
    const to = targets.filter((t) => (target ? t.id === target : t.events.includes(type)));
    await this.sqlTx.run(function* () {
      for (const t of to) {
        yield sql(
          `INSERT INTO webhook_deliveries (id, event_id, webhook_id, status, attempts, next_attempt_at, created_at)
           VALUES ($1, $2, $3, 'pending', 0, $4, $4) ON CONFLICT (event_id, webhook_id) DO NOTHING`,
          randomUUID(), id, t.id, now,
        );
      }
      yield sql('UPDATE alert_events SET dispatched = $2 WHERE id = $1', id, true);
    });
  }

  private async deliverDue(targets: WebhookTarget[]): Promise<void> {
    const rows = await this.sqlTx.exec(sql(
      `SELECT d.id, d.webhook_id, d.event_id, d.attempts, e.body FROM webhook_deliveries d JOIN alert_events e ON e.id = d.event_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at, d.id LIMIT $2`,
      Date.now(), DELIVERIES_PER_ROUND,
    ));
    const byId = new Map(targets.map((t) => [t.id, t]));
    await Promise.all(rows.map((row) => this.deliver(row, byId.get(String(row.webhook_id)))));
  }

  private async deliver(row: SqlRow, target: WebhookTarget | undefined): Promise<void> {
    const id = String(row.id);
    if (!target) {
      await this.sqlTx.query(sql("UPDATE webhook_deliveries SET status = 'cancelled', last_error = $2 WHERE id = $1", id, 'the webhook was deleted'));
      return;
    }
    const body = String(row.body);
    const attempts = num(row.attempts) + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'GopherGate-Webhooks', [EVENT_ID_HEADER]: String(row.event_id) };
      if (target.secret) headers[SIGNATURE_HEADER] = signatureOf(target.secret, body);
      const res = await fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `answered ${status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not connect: ${(err as Error).message}`.slice(0, 500);
    }
    const now = Date.now();
    if (error === null) {
      await this.sqlTx.query(sql("UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = $4 WHERE id = $1", id, attempts, status, now));
      return;
    }
    const backoff = this.config.alerts.retry_backoff_seconds;
    const wait = backoff.length ? backoff[Math.min(attempts - 1, backoff.length - 1)] * 1000 : 60_000;
    await this.sqlTx.query(sql('UPDATE webhook_deliveries SET attempts = $2, last_status = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1', id, attempts, status, error, now + wait));
  }
}
