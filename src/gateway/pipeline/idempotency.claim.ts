import { ApiError } from '../../common/index.js';
import type { ClientChannel } from './client.channel.js';
import type { IdempotencyPort } from './gateway.ports.js';

/**
 * The Idempotency-Key one request was sent with: as the client sent it, claimed by this request (ours to complete or
 * abandon), or done with. A request without the header has none (the exchange holds null and never comes here).
 */
export class IdempotencyClaim {
  private state: 'sent' | 'ours' | 'done' = 'sent';

  constructor(
    private readonly port: IdempotencyPort,
    private readonly clientId: string,
    readonly key: string,
  ) {}

  /** This request claimed the key: its answer is to be stored for replays (or the key freed). */
  get ours(): boolean {
    return this.state === 'ours';
  }

  /**
   * Before any charge: a key whose request already completed is answered from the stored response (nothing is charged
   * again); one still running is refused with 409 (the key is not ours to abandon). True when answered here.
   */
  async begin(requestId: string, channel: ClientChannel): Promise<boolean> {
    if (this.state !== 'sent') return false;
    const state = await this.port.begin(this.clientId, this.key, requestId);
    if (state.kind === 'new') {
      this.state = 'ours';
      return false;
    }
    this.state = 'done';
    if (state.kind === 'in_progress') throw ApiError.conflict('A request with this Idempotency-Key is still in progress.', 'idempotency_key_in_use');
    channel.send(state.status, state.body, state.contentType, { 'idempotent-replayed': 'true' });
    return true;
  }

  /** Keep the answer for replays; once, and only for a key this request claimed. */
  async complete(status: number, body: string, contentType: string): Promise<void> {
    if (this.state !== 'ours') return;
    this.state = 'done';
    await this.port.complete(this.clientId, this.key, status, body, contentType).catch(() => undefined);
  }

  /** Free the key for a retry; once, and only a key this request claimed. */
  async abandon(): Promise<void> {
    if (this.state !== 'ours') return;
    this.state = 'done';
    await this.port.abandon(this.clientId, this.key).catch(() => undefined);
  }
}
