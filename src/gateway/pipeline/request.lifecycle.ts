import { Inject, Injectable } from '@nestjs/common';
import type { Money, Price, Usage } from '../../common/index.js';
import type { ClientChannel } from './client.channel.js';
import { BILLING, IDEMPOTENCY, LIMITER, type BillingPort, type IdempotencyPort, type LimiterPort } from './gateway.ports.js';
import { GatewayRouter, type RoutePlan } from '../routing/gateway.router.js';
import { completeIdempotency, enterIdempotency } from './idempotency.gate.js';
import { RequestFinisher } from './request.finisher.js';
import { guarded } from './request.guard.js';
import type { RequestTrace } from './request.trace.js';
import { spanRouted } from './request.spans.js';

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
 * The steps every /v1 request shares around its provider call: every way out accounted for (`guard`); the route and
 * the key's model allowlist (`route`); the token-rate limit, the Idempotency-Key gate and the credit reservation, in
 * that order, each undone by RequestFinisher on the way out (`admit`); the JSON answer stored for idempotent replays,
 * sent and logged (`respond`).
 */
@Injectable()
export class RequestLifecycle {
  constructor(
    private readonly router: GatewayRouter,
    private readonly finisher: RequestFinisher,
    @Inject(LIMITER) private readonly limiter: LimiterPort,
    @Inject(BILLING) private readonly billing: BillingPort,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyPort,
  ) {}

  /** Run a request's body so that an error releases, abandons and logs (see request.guard.ts), then reaches the filter. */
  guard(trace: RequestTrace, run: () => Promise<void>): Promise<void> {
    const observation = trace.observation;
    if (!observation) return guarded(trace, this.finisher, this.idempotency, run);
    // a traced request's span stays open until the pipeline is done with it (a stream's end, a client that left)
    observation.hold();
    return guarded(trace, this.finisher, this.idempotency, run).finally(() => observation.release());
  }

  /** Record the model (and the body when bodies are logged), plan the route, and refuse a model the key may not use. */
  route(trace: RequestTrace, model: string, body: unknown): RoutePlan {
    trace.model = model;
    if (this.finisher.recordBodies) trace.requestBody = JSON.stringify(body);
    const plan = this.router.plan(model);
    trace.provider = plan.candidates[0].provider;
    spanRouted(trace);
    if (!this.limiter.isModelAllowed(trace.principal, model) && !this.router.otherNames(model, plan).some((name) => this.limiter.isModelAllowed(trace.principal, name))) {
      this.limiter.assertModelAllowed(trace.principal, model);
    }
    return plan;
  }

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
      ...(trace.principal.budgeted ? { budgeted: true } : {}),
      ...(trace.principal.lowBalanceE10 != null ? { lowBalanceE10: trace.principal.lowBalanceE10 } : {}),
    });
    return true;
  }

  /** Send a settled JSON answer: kept for idempotent replays, then sent, then logged (with the body when asked). */
  async respond(trace: RequestTrace, channel: ClientChannel, text: string, usage: Usage, costE10: Money, logBody: boolean): Promise<void> {
    await completeIdempotency(this.idempotency, trace, 200, text, 'application/json');
    channel.send(200, text);
    this.finisher.record(trace, { status: 200, usage, costE10, estimated: false, ...(logBody ? { responseBody: text } : {}) });
  }
}
