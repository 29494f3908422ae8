import { ApiError } from '../../common/index.js';
import type { IdempotencyPort } from './gateway.ports.js';
import type { ClientChannel } from './client.channel.js';
import type { RequestTrace } from './request.trace.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header, validated (printable ASCII, at most 255 characters). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (!KEY.test(value)) throw ApiError.invalidRequest('The Idempotency-Key header must be 1-255 printable ASCII characters.', 'Idempotency-Key', 'invalid_idempotency_key');
  return value;
}

/**
 * Before any charge: a request whose key already completed is answered from the stored response (nothing is
 * charged again); one still running is refused with 409. Returns true when the request was answered here.
 */
export async function enterIdempotency(port: IdempotencyPort, trace: RequestTrace, channel: ClientChannel): Promise<boolean> {
  const key = trace.idempotencyKey;
  if (!key) return false;
  const state = await port.begin(trace.principal.clientId, key, trace.requestId);
  if (state.kind === 'new') return false;
  if (state.kind === 'in_progress') {
    trace.idempotencyKey = undefined; // not ours to abandon
    throw ApiError.conflict('A request with this Idempotency-Key is still in progress.', 'idempotency_key_in_use');
  }
  trace.idempotencyKey = undefined;
  channel.send(state.status, state.body, state.contentType, { 'idempotent-replayed': 'true' });
  return true;
}

export async function completeIdempotency(port: IdempotencyPort, trace: RequestTrace, status: number, body: string, contentType: string): Promise<void> {
  const key = trace.idempotencyKey;
  if (!key) return;
  trace.idempotencyKey = undefined;
  await port.complete(trace.principal.clientId, key, status, body, contentType).catch(() => undefined);
}

export async function abandonIdempotency(port: IdempotencyPort, trace: RequestTrace): Promise<void> {
  const key = trace.idempotencyKey;
  if (!key) return;
  trace.idempotencyKey = undefined;
  await port.abandon(trace.principal.clientId, key).catch(() => undefined);
}
