import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ApiError, ZERO_USAGE, microsToUsd, type Usage } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { GatewayMetrics } from '../../providers/index.js';
import type { Candidate } from '../routing/gateway.router.js';
import { ModelLabels } from '../metrics/model-labels.js';
import { BILLING, LIMITER, REQUEST_LOG, type BillingPort, type LimiterPort, type RequestLogPort } from './gateway.ports.js';
import type { Outcome, RequestTrace } from './request.trace.js';
import { spanRecorded } from './request.spans.js';

export function totalTokens(u: Usage): number {
  return u.input + u.cacheRead + u.cacheWrite + u.output;
}

/**
 * The end of every /v1 request: settle (exactly once, before the response completes) or release the
 * reservation, true up the rate limiter, write the request log (off the hot path) and the metrics.
 */
@Injectable()
export class RequestFinisher {
  private readonly logger = new Logger('Gateway');
  readonly recordBodies: boolean;

  constructor(
    config: AppConfig,
    private readonly metrics: GatewayMetrics,
    @Inject(BILLING) private readonly billing: BillingPort,
    @Inject(LIMITER) private readonly limiter: LimiterPort,
    @Inject(REQUEST_LOG) private readonly requestLog: RequestLogPort,
    @Optional() private readonly labels?: ModelLabels,
  ) {
    this.recordBodies = config.logs.bodies;
  }

  /**
   * The first byte is about to reach the client: resolves once the admission is durable (crash reconciliation then
   * knows the upstream was used). Rejects when it cannot be made durable: then no byte may be sent.
   */
  async delivered(trace: RequestTrace): Promise<void> {
    if (!trace.admission) return;
    await this.billing.markDelivered(trace.admission);
  }

  /** Charge what the provider reported, at the serving candidate's price. Returns the cost in micros. */
  async settle(trace: RequestTrace, candidate: Candidate, usage: Usage, estimated = false): Promise<number> {
    trace.servedModel = candidate.upstreamModel;
    candidate.key?.countTokens(totalTokens(usage)); // the key's tpm, kept under by routing
    const admission = trace.admission;
    if (!admission) return 0;
    trace.admission = null;
    let cost = 0;
    // A model configured free reserved nothing and costs nothing: no charge row, no database work.
    if (admission.reservedMicros !== 0 || candidate.price !== null) {
      try {
        const result = await this.billing.settle({ ...admission, price: candidate.price }, usage, { estimated, provider: candidate.provider });
        cost = result.costMicros;
      } catch (err) {
        this.logger.error({ request_id: trace.requestId, reason: (err as Error).message }, 'settlement failed; the reservation stays open for reconciliation');
      }
    }
    this.trueUp(trace, totalTokens(usage));
    this.metrics.usage(candidate.provider, this.modelLabel(trace.model), usage, microsToUsd(cost));
    return cost;
  }

  /** Nothing is charged: the reservation is returned. Safe when there is none. */
  async release(trace: RequestTrace): Promise<void> {
    const admission = trace.admission;
    trace.admission = null;
    if (admission) {
      try {
        await this.billing.release(admission);
      } catch (err) {
        this.logger.error({ request_id: trace.requestId, reason: (err as Error).message }, 'release failed; the reservation stays open for reconciliation');
      }
    }
    this.trueUp(trace, 0);
  }

  /** Give the rate limiter the real token count in place of the admission estimate (once). */
  private trueUp(trace: RequestTrace, actual: number): void {
    if (!trace.limiterTokens) return;
    const estimated = trace.limiterTokens;
    trace.limiterTokens = 0;
    try {
      this.limiter.adjustTokens(trace.principal, estimated, actual);
    } catch (err) {
      this.logger.warn({ request_id: trace.requestId, reason: (err as Error).message }, 'rate limiter adjustment failed');
    }
  }

  /** Request log row + live event (through the writer) + metrics. Never throws. */
  record(trace: RequestTrace, outcome: Outcome): void {
    const latencyMs = Math.round(trace.elapsedMs());
    try {
      this.requestLog.write({
        requestId: trace.requestId,
        createdAt: trace.createdAt,
        clientId: trace.principal.clientId,
        clientName: trace.principal.clientName,
        keyId: trace.principal.keyId,
        model: trace.model,
        servedModel: trace.servedModel,
        provider: trace.provider,
        status: outcome.status,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        latencyMs,
        ttfbMs: trace.ttfbMs === null ? null : Math.round(trace.ttfbMs),
        stream: trace.stream,
        usage: outcome.usage,
        costMicros: outcome.costMicros,
        estimated: outcome.estimated,
        surface: trace.surface,
        ...(trace.tags.length ? { tags: trace.tags } : {}),
        ...(this.recordBodies && trace.requestBody !== undefined ? { requestBody: trace.requestBody } : {}),
        ...(this.recordBodies && outcome.responseBody !== undefined ? { responseBody: outcome.responseBody } : {}),
      });
    } catch (err) {
      this.logger.error({ request_id: trace.requestId, reason: (err as Error).message }, 'request log write failed');
    }
    this.metrics.request({ provider: trace.provider, model: this.modelLabel(trace.model), status: outcome.status, stream: trace.stream, latencyMs, ttfbMs: trace.ttfbMs });
    spanRecorded(trace, outcome);
  }

  /** The metrics' model label: only names the gateway serves (see ModelLabels). */
  private modelLabel(model: string): string {
    return this.labels ? this.labels.of(model) : model || 'unknown';
  }

  /** A request that ended in an error before (or instead of) a response: release, then record. */
  async failed(trace: RequestTrace, error: ApiError | { status: number; code: string | null; message: string }): Promise<void> {
    await this.release(trace);
    this.record(trace, { status: error.status, usage: { ...ZERO_USAGE }, costMicros: 0, estimated: false, errorCode: error.code, errorMessage: error.message });
  }
}
