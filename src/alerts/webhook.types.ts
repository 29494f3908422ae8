/** A webhook the dispatcher can deliver to: from the admin API (stored) or from config `alerts.webhooks` (read-only). */
export interface WebhookTarget {
  id: string;
  url: string;
  secret: string | null;
  events: string[];
  readOnly: boolean;
}

/** A webhook as the admin API shows it: the secret never, only whether there is one. */
export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  secret_set: boolean;
  read_only: boolean;
  created_at: string | null;
}

export interface DeliveryView {
  id: string;
  event_id: string;
  type: string;
  status: 'pending' | 'delivered' | 'cancelled';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}
