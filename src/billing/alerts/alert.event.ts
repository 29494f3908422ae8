import { randomBase62 } from '../../common/index.js';
import { sql, type SqlStep } from '../../database/index.js';

/** An alert as webhooks receive it (the JSON body, byte for byte the same on every redelivery) and the live feed shows it. */
export interface AlertEvent {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export function newAlertEvent(type: string, data: Record<string, unknown>, now = Date.now()): AlertEvent {
  return { id: `evt_${now.toString(36)}${randomBase62(14)}`, type, created_at: new Date(now).toISOString(), data };
}

/** The outbox row of an event: written in the transaction that decided the event happened, so a crash loses none. */
export function outboxInsert(event: AlertEvent, target: string | null = null): SqlStep {
  return sql(
    'INSERT INTO alert_events (id, type, body, target, dispatched, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    event.id, event.type, JSON.stringify(event), target, false, Date.parse(event.created_at),
  );
}
