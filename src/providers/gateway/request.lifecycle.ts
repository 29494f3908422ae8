import { Inject, Injectable } from '@nestjs/common';
import type { Price, Usage } from '../../common/index.js';
import type { ClientChannel } from './client.channel.js';
import { BILLING, IDEMPOTENCY, LIMITER, type BillingPort, type IdempotencyPort, type LimiterPort } from './gateway.ports.js';
import { completeIdempotency, enterIdempotency } from './idempotency.gate.js';
import { RequestFinisher } from './request.finisher.js';
import type { RequestTrace } from './request.trace.js';

export interface AdmissionInput {
  model: string;
  provider: string | null;
  /** The reservation's price (null: free, nothing reserved). */
  price: Price | null;
  promptTokens: number;
  /** 0 for embeddings. */
  maxOutputTokens: number;
}

/**
 * The steps every /v1 request shares around its provider call: before it, the token-rate limit, the Idempotency-Key
 * gate and the credit reservation (in that order, each undone by RequestFinisher on the way out); after it, the JSON
 * answer stored for idempotent replays, sent, and logged.
 */
@Injectable()
export class RequestLifecycle {
  constructor(
    private readonly finisher: RequestFinisher,
    @Inject(LIMITER) private readonly limiter: LimiterPort,
    @Inject(BILLING) private readonly billing: BillingPort,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyPort,
  ) {}

  /** Admit the request. False when an idempotent replay (or an in-progress refusal) already answered it. */
  async admit(trace: RequestTrace, channel: ClientChannel, input: AdmissionInput): Promise<boolean> {
    const limiterTokens = input.promptTokens + input.maxOutputTokens;
    await this.limiter.admit(trace.principal, limiterTokens);
    trace.limiterTokens = limiterTokens;
    trace.promptTokens = input.promptTokens;
    if (await enterIdempotency(this.idempotency, trace, channel)) {
      await this.finisher.release(trace);
      return false;
    }
    trace.admission = await this.billing.admit({
      requestId: trace.requestId,
      clientId: trace.principal.clientId,
      keyId: trace.principal.keyId,
      model: input.model,
      provider: input.provider,
      price: input.price,
      promptTokens: input.promptTokens,
      maxOutputTokens: input.maxOutputTokens,
      ...(trace.idempotencyKey ? { idempotencyKey: trace.idempotencyKey } : {}),
    });
    return true;
  }

  /** Send a settled JSON answer: kept for idempotent replays, then sent, then logged (with the body when asked). */
  async respond(trace: RequestTrace, channel: ClientChannel, text: string, usage: Usage, costMicros: number, logBody: boolean): Promise<void> {
    await completeIdempotency(this.idempotency, trace, 200, text, 'application/json');
    channel.send(200, text);
    this.finisher.record(trace, { status: 200, usage, costMicros, estimated: false, ...(logBody ? { responseBody: text } : {}) });
  }
}
