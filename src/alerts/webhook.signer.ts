import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-gophergate-signature';
export const EVENT_ID_HEADER = 'x-gophergate-event-id';

/** `sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`, what a receiver recomputes to trust a delivery. */
export function signatureOf(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}
