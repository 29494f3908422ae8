import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { newAlertEvent, outboxInsert, type AlertEvent } from '../billing/index.js';
import { EventBus, SecretKeyProvider } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { SqlTransactions, num, sql, type SqlRow } from '../database/index.js';
import type { DeliveryView, WebhookTarget, WebhookView } from './webhook.types.js';

export interface WebhookInput {
  url?: string;
  secret?: string | null;
  events?: string[];
}

const CONFIG_PREFIX = 'config-';

/**
 * Webhooks: the admin API's (stored, secret sealed with the secrets key, never returned) and config `alerts.webhooks`
 * (ids `config-<n>`, read-only). The dispatcher reads targets here.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly sqlTx: SqlTransactions,
    private readonly secrets: SecretKeyProvider,
    private readonly config: AppConfig,
    private readonly events: EventBus,
  ) {}

  /** Queue a `webhook.test` event for this webhook only (delivered, signed and retried like any other). */
  async sendTest(id: string): Promise<AlertEvent> {
    const hook = await this.get(id);
    const event = newAlertEvent('webhook.test', { webhook_id: hook.id, message: 'A test event from GopherGate.' });
    await this.sqlTx.query(outboxInsert(event, hook.id));
    this.events.publish({ type: 'alert', data: event as unknown as Record<string, unknown> });
    return event;
  }

  async list(): Promise<WebhookView[]> {
    const rows = await this.sqlTx.exec(sql('SELECT id, url, secret_enc, events, created_at FROM webhooks ORDER BY created_at, id'));
    return [...rows.map(toView), ...this.configTargets().map((t) => viewOf(t, null))];
  }

  async get(id: string): Promise<WebhookView> {
    const config = this.configTargets().find((t) => t.id === id);
    if (config) return viewOf(config, null);
    const rows = await this.sqlTx.exec(sql('SELECT id, url, secret_enc, events, created_at FROM webhooks WHERE id = $1', id));
    if (!rows.length) throw new NotFoundException(`Webhook ${id} does not exist.`);
    return toView(rows[0]);
  }

  async create(input: Required<Pick<WebhookInput, 'url' | 'events'>> & WebhookInput): Promise<WebhookView> {
    const id = randomUUID();
    const now = Date.now();
    await this.sqlTx.query(sql(
      'INSERT INTO webhooks (id, url, secret_enc, events, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
      id, input.url, input.secret ? this.secrets.box.encrypt(input.secret) : null, JSON.stringify(unique(input.events)), now,
    ));
    return this.get(id);
  }

  async update(id: string, input: WebhookInput): Promise<WebhookView> {
    this.assertWritable(id);
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (input.url !== undefined) set('url', input.url);
    if (input.secret !== undefined) set('secret_enc', input.secret ? this.secrets.box.encrypt(input.secret) : null);
    if (input.events !== undefined) set('events', JSON.stringify(unique(input.events)));
    if (sets.length === 0) throw new BadRequestException(['Nothing to change: send url, secret or events.']);
    set('updated_at', Date.now());
    const rows = await this.sqlTx.query({ sql: `UPDATE webhooks SET ${sets.join(', ')} WHERE id = $1 RETURNING id`, params });
    if (!rows.length) throw new NotFoundException(`Webhook ${id} does not exist.`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    this.assertWritable(id);
    const rows = await this.sqlTx.query(sql('DELETE FROM webhooks WHERE id = $1 RETURNING id', id));
    if (!rows.length) throw new NotFoundException(`Webhook ${id} does not exist.`);
  }

  async deliveries(id: string, limit = 50): Promise<DeliveryView[]> {
    await this.get(id);
    const rows = await this.sqlTx.exec(sql(
      `SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN alert_events e ON e.id = d.event_id WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      id, Math.max(1, Math.min(500, limit)),
    ));
    return rows.map(toDelivery);
  }

  /** Every webhook the dispatcher delivers to, secrets opened. */
  async targets(): Promise<WebhookTarget[]> {
    const rows = await this.sqlTx.exec(sql('SELECT id, url, secret_enc, events FROM webhooks'));
    const stored = rows.map((r) => ({
      id: String(r.id), url: String(r.url), secret: r.secret_enc ? this.secrets.box.decrypt(String(r.secret_enc)) : null,
      events: parseEvents(r.events), readOnly: false,
    }));
    return [...stored, ...this.configTargets()];
  }

  private configTargets(): WebhookTarget[] {
    return this.config.alerts.webhooks.map((w, i) => ({ id: `${CONFIG_PREFIX}${i}`, url: w.url, secret: w.secret ?? null, events: unique(w.events), readOnly: true }));
  }

  private assertWritable(id: string): void {
    if (id.startsWith(CONFIG_PREFIX)) throw new BadRequestException(['webhooks from the config file are read-only']);
  }
}

const unique = (events: string[]) => [...new Set(events)];

function parseEvents(text: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(text));
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

function toView(row: SqlRow): WebhookView {
  return { id: String(row.id), url: String(row.url), events: parseEvents(row.events), secret_set: Boolean(row.secret_enc), read_only: false, created_at: new Date(num(row.created_at)).toISOString() };
}

function viewOf(t: WebhookTarget, createdAt: string | null): WebhookView {
  return { id: t.id, url: t.url, events: t.events, secret_set: Boolean(t.secret), read_only: t.readOnly, created_at: createdAt };
}

const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(num(v)).toISOString());

function toDelivery(row: SqlRow): DeliveryView {
  const status = row.status === 'delivered' || row.status === 'cancelled' ? row.status : 'pending';
  const delivered = status !== 'pending';
  return {
    id: String(row.id), event_id: String(row.event_id), type: String(row.type), status,
    attempts: num(row.attempts), last_status: row.last_status === null || row.last_status === undefined ? null : num(row.last_status),
    last_error: (row.last_error as string | null) ?? null, next_attempt_at: delivered ? null : isoOrNull(row.next_attempt_at),
    delivered_at: isoOrNull(row.delivered_at), created_at: new Date(num(row.created_at)).toISOString(),
  };
}
