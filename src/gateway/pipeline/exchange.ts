import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ApiError, ZERO_USAGE, moneyToUsd, observationFor, type Money, type RequestObservation, type Usage } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { AdapterError, ClientGoneError, GatewayMetrics, adapterFailure, exchangeJson, type AbortLike, type WireRequest } from '../../providers/index.js';
import { ModelLabels } from '../metrics/model-labels.js';
import { GatewayRouter, reservationPrice, type Candidate, type RoutePlan } from '../planning/gateway.router.js';
import { runCandidates, type RunResult } from './candidate.runner.js';
import type { ClientChannel, SseSink } from './client.channel.js';
import { BILLING, IDEMPOTENCY, LIMITER, REQUEST_LOG, type Admission, type BillingPort, type IdempotencyPort, type LimiterPort, type Principal, type RequestLogPort } from './gateway.ports.js';
import { IdempotencyClaim } from './idempotency.claim.js';
import { spanRecorded, spanRouted } from './request.spans.js';
import type { SurfaceName } from './surface.js';

export function totalTokens(u: Usage): number {
  return u.input + u.cacheRead + u.cacheWrite + u.output;
}

/** What a controller reads off the request before the exchange opens (edge-validated headers). */
export interface ExchangeInit {
  requestId: string;
  /** the gateway minted the id (the client sent none): see AdmitInput.requestIdMinted */
  requestIdMinted?: boolean;
  principal: Principal;
  idempotencyKey?: string;
  tags?: string[];
}

/** How the request ended, for the log entry, the metrics and the span. */
export interface Outcome {
  status: number;
  usage: Usage;
  costE10: Money;
  estimated: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
  responseBody?: string;
}

/** Where the request is; each transition checks it. 'closed': answered (or failed) and logged, nothing more happens. */
type Phase = 'open' | 'admitted' | 'attempting' | 'serving' | 'closed';

/**
 * The limiter tokens and the credit reservation, as one hold: taken at admission, then settled or released once. A
 * settled or released hold carries no admission any more, so a second charge or release has nothing to act on.
 */
type Hold =
  | { readonly kind: 'none' }
  | { readonly kind: 'held'; readonly tokens: number; readonly admission: Admission | null }
  | { readonly kind: 'settled' }
  | { readonly kind: 'released' };

const SSE = 'text/event-stream; charset=utf-8';

/** The collaborators every exchange works with (one per app); opens an Exchange per /v1 request. */
@Injectable()
export class ExchangeDesk {
  readonly logger = new Logger('Gateway');
  readonly recordBodies: boolean;

  constructor(
    config: AppConfig,
    readonly metrics: GatewayMetrics,
    readonly router: GatewayRouter,
    @Inject(BILLING) readonly billing: BillingPort,
    @Inject(LIMITER) readonly limiter: LimiterPort,
    @Inject(IDEMPOTENCY) readonly idempotency: IdempotencyPort,
    @Inject(REQUEST_LOG) readonly requestLog: RequestLogPort,
    @Optional() private readonly labels?: ModelLabels,
  ) {
    this.recordBodies = config.logs.bodies;
  }

  open(init: ExchangeInit, surface: SurfaceName): Exchange {
    return new Exchange(init, surface, this);
  }

  /** The metrics' model label: only names the gateway serves (see ModelLabels). */
  modelLabel(model: string): string {
    return this.labels ? this.labels.of(model) : model || 'unknown';
  }
}

/**
 * One /v1 request from admission to its log entry, with explicit transitions: route → admit → attempt → (first byte)
 * → settle | release → respond | close | fail. It owns what the request accumulates (for the charge, the request log,
 * the metrics and the span), the limiter tokens and credit reservation (one hold, settled or released once), the
 * Idempotency-Key (completed or abandoned only when this request claimed it) and the log entry (written once).
 */
export class Exchange {
  readonly requestId: string;
  private readonly requestIdMinted: boolean;
  readonly principal: Principal;
  readonly surface: SurfaceName;
  readonly tags: readonly string[];
  readonly createdAt = Date.now();
  /** The request's observation when it is traced (its server span), found by request id. */
  readonly observation: RequestObservation | undefined;
  model = '';
  stream = false;
  /** The provider planned first, then the one that answered. */
  provider: string | null = null;
  /** The model id the serving provider was asked for (differs from `model` for aliases and rewrites); null until settled. */
  servedModel: string | null = null;
  /** The prompt's token estimate told at admission (a stream's estimated charge starts from it). */
  promptTokens = 0;
  private ttfbMs: number | null = null;
  private requestBody: string | undefined;
  private readonly t0 = performance.now();
  private phase: Phase = 'open';
  private hold: Hold = { kind: 'none' };
  /** The Idempotency-Key's claim, when the request was sent one. */
  private readonly claim: IdempotencyClaim | null;
  private firstByteSent = false;
  /** The first-byte transition, once: concurrent or later callers share it (and its refusal). */
  private firstByteDone: Promise<void> | null = null;

  constructor(
    init: ExchangeInit,
    surface: SurfaceName,
    private readonly desk: ExchangeDesk,
  ) {
    this.requestId = init.requestId;
    this.requestIdMinted = init.requestIdMinted === true;
    this.principal = init.principal;
    this.surface = surface;
    this.tags = init.tags ?? [];
    this.claim = init.idempotencyKey ? new IdempotencyClaim(desk.idempotency, init.principal.clientId, init.idempotencyKey) : null;
    this.observation = observationFor(init.requestId);
  }

  /** Whether a byte of the answer reached the client (a stream's first frame). */
  get delivered(): boolean {
    return this.firstByteSent;
  }

  elapsedMs(): number {
    return performance.now() - this.t0;
  }

  /** Run the request's body so that every way out is accounted for: an error frees the key, releases the hold and is logged, then reaches the filter (a client that already left gets nothing). */
  async run(body: () => Promise<void>): Promise<void> {
    // a traced request's span stays open until the pipeline is done with it (a stream's end, a client that left)
    this.observation?.hold();
    try {
      await body();
    } catch (err) {
      if (err instanceof ClientGoneError) return await this.fail({ status: 499, code: 'client_closed', message: err.message });
      const api = err instanceof ApiError ? err : err instanceof AdapterError ? new ApiError(err.status, err.type, err.message, err.code, err.param) : null;
      await this.fail(api ?? { status: 500, code: 'internal_error', message: 'Internal server error.' });
      throw api ?? err;
    } finally {
      this.observation?.release();
    }
  }

  /** What the client asked for (known before routing: a request refused early is logged with its model). */
  asked(model: string, stream: boolean): void {
    this.model = model;
    this.stream = stream;
  }

  /** Record the request (and its body when bodies are logged), plan the route, and refuse a model the key may not use. */
  route(model: string, stream: boolean, body: unknown): RoutePlan {
    this.expect('open', 'route');
    this.asked(model, stream);
    const { router, limiter } = this.desk;
    if (this.desk.recordBodies) this.requestBody = JSON.stringify(body);
    const plan = router.plan(model);
    this.provider = plan.candidates[0].provider;
    spanRouted(this);
    if (!limiter.isModelAllowed(this.principal, model) && !router.otherNames(model, plan).some((name) => limiter.isModelAllowed(this.principal, name))) {
      limiter.assertModelAllowed(this.principal, model);
    }
    return plan;
  }

  /**
   * The token-rate limit, the Idempotency-Key and the credit reservation (at the dearest candidate's price), in that
   * order. False when an idempotent replay already answered the request (nothing is held then).
   */
  async admit(channel: ClientChannel, input: { candidates: readonly Candidate[]; promptTokens: number; maxOutputTokens: number }): Promise<boolean> {
    this.expect('open', 'admit');
    const { limiter, billing } = this.desk;
    const tokens = input.promptTokens + input.maxOutputTokens;
    await limiter.admit(this.principal, tokens);
    this.hold = { kind: 'held', tokens, admission: null };
    this.promptTokens = input.promptTokens;
    if (this.claim && (await this.claim.begin(this.requestId, channel))) {
      await this.release();
      this.phase = 'closed';
      return false;
    }
    const key = this.claim?.ours ? this.claim.key : null;
    const admission = await billing.admit({
      requestId: this.requestId,
      ...(this.requestIdMinted ? { requestIdMinted: true } : {}),
      clientId: this.principal.clientId,
      keyId: this.principal.keyId,
      model: this.model,
      provider: input.candidates[0].provider,
      price: reservationPrice(input.candidates, input.promptTokens, input.maxOutputTokens),
      promptTokens: input.promptTokens,
      maxOutputTokens: input.maxOutputTokens,
      ...(key ? { idempotencyKey: key } : {}),
      ...(this.principal.budgeted ? { budgeted: true } : {}),
      ...(this.principal.lowBalanceE10 != null ? { lowBalanceE10: this.principal.lowBalanceE10 } : {}),
    });
    this.hold = { kind: 'held', tokens, admission };
    this.phase = 'admitted';
    return true;
  }

  /** The candidates in order (retries, fallbacks, the first-byte rule: see candidate.runner.ts); the one that answered serves. */
  async attempt<T>(candidates: readonly Candidate[], translate: (c: Candidate) => WireRequest, call: (c: Candidate, wire: WireRequest, signal: AbortLike) => Promise<T>, channel: ClientChannel): Promise<RunResult<T>> {
    this.expect('admitted', 'attempt');
    this.phase = 'attempting';
    const result = await runCandidates(candidates, translate, call, channel.signal, this.desk.metrics);
    this.provider = result.candidate.provider;
    this.phase = 'serving';
    return result;
  }

  /**
   * The non-streaming answer every JSON surface shares: the candidates, each reply parsed by the surface, the charge,
   * then the client's JSON (rendered by the surface with the cost) sent, kept for replays and logged.
   */
  async answer<A extends { usage: Usage }>(
    channel: ClientChannel,
    candidates: readonly Candidate[],
    translate: (c: Candidate) => WireRequest,
    parse: (c: Candidate, body: unknown, text: string) => A,
    render: (answer: A, costE10: Money) => string,
    logBody = true,
  ): Promise<RunResult<A>> {
    const { candidate, value } = await this.attempt(
      candidates,
      translate,
      async (c, wire, signal) => {
        const reply = await exchangeJson(c.rt, wire, signal);
        try {
          return { answer: parse(c, reply.body, reply.text), headersAt: reply.headersAt };
        } catch (err) {
          if (err instanceof AdapterError) throw adapterFailure(c.rt, err);
          throw err;
        }
      },
      channel,
    );
    this.ttfbMs ??= Math.max(0, value.headersAt - this.t0);
    const costE10 = await this.settle(candidate, value.answer.usage);
    const text = render(value.answer, costE10);
    await this.respond(channel, text, value.answer.usage, costE10, logBody);
    return { candidate, value: value.answer };
  }

  /** A stream's sink (recording its frames when an Idempotency-Key must store them). */
  openStream(channel: ClientChannel): SseSink {
    this.expect('serving', 'open a stream');
    return channel.sse(this.claim?.ours === true);
  }

  /**
   * The first byte of a stream is about to reach the client: the reservation is made durable and marked delivered
   * (crash reconciliation then knows the upstream was used), awaited before the byte goes. Once.
   */
  firstByte(): Promise<void> {
    return (this.firstByteDone ??= this.makeDurableForFirstByte());
  }

  private async makeDurableForFirstByte(): Promise<void> {
    // rejects when the admission cannot be made durable (its journal refused or failed): then no byte may go out, and
    // the error reaches run() like any failure before the first byte
    if (this.hold.kind === 'held' && this.hold.admission) await this.desk.billing.markDelivered(this.hold.admission);
    this.firstByteSent = true;
    this.ttfbMs ??= this.elapsedMs();
  }

  /**
   * Charge what the provider reported, at the serving candidate's price; returns the cost in money units (1e-10 USD). Only a held
   * request can be settled: settling twice, or after a release, is a programming error (and charges nothing).
   */
  async settle(candidate: Candidate, usage: Usage, estimated = false): Promise<Money> {
    const hold = this.hold;
    if (hold.kind !== 'held') throw new Error(`exchange ${this.requestId}: cannot settle a request whose hold is ${hold.kind}`);
    this.hold = { kind: 'settled' };
    this.servedModel = candidate.upstreamModel;
    candidate.key?.countTokens(totalTokens(usage)); // the key's tpm, kept under by routing
    const admission = hold.admission;
    if (!admission) return 0n;
    let cost: Money = 0n;
    // A model configured free reserved nothing and costs nothing: no charge row, no database work.
    if (admission.reservedE10 !== 0n || candidate.price !== null) {
      try {
        const result = await this.desk.billing.settle({ ...admission, price: candidate.price }, usage, { estimated, provider: candidate.provider });
        cost = result.costE10;
      } catch (err) {
        this.desk.logger.error({ request_id: this.requestId, reason: (err as Error).message }, 'settlement failed; the reservation stays open for reconciliation');
      }
    }
    this.trueUp(hold.tokens, totalTokens(usage));
    this.desk.metrics.usage(candidate.provider, this.desk.modelLabel(this.model), usage, moneyToUsd(cost));
    return cost;
  }

  /** Nothing is charged: the reservation is returned and the limiter told. A no-op unless something is held (so never twice). */
  async release(): Promise<void> {
    const hold = this.hold;
    if (hold.kind !== 'held') return;
    this.hold = { kind: 'released' };
    if (hold.admission) {
      try {
        await this.desk.billing.release(hold.admission);
      } catch (err) {
        this.desk.logger.error({ request_id: this.requestId, reason: (err as Error).message }, 'release failed; the reservation stays open for reconciliation');
      }
    }
    this.trueUp(hold.tokens, 0);
  }

  /** Keep the answer for idempotent replays (a stream's transcript before its last frame goes out). */
  async storeForReplay(status: number, body: string, contentType = SSE): Promise<void> {
    await this.claim?.complete(status, body, contentType);
  }

  /** Free the Idempotency-Key for a retry (only one this request claimed; once). */
  async abandonKey(): Promise<void> {
    await this.claim?.abandon();
  }

  /** Send a settled JSON answer: kept for idempotent replays, then sent, then logged (with the body when asked). */
  async respond(channel: ClientChannel, text: string, usage: Usage, costE10: Money, logBody: boolean): Promise<void> {
    this.expect('serving', 'respond');
    await this.storeForReplay(200, text, 'application/json');
    channel.send(200, text);
    this.close({ status: 200, usage, costE10, estimated: false, ...(logBody ? { responseBody: text } : {}) });
  }

  /** An error before (or instead of) an answer: the key freed, the hold released, the error logged. A no-op once closed. */
  async fail(error: ApiError | { status: number; code: string | null; message: string }): Promise<void> {
    if (this.phase === 'closed') return;
    await this.abandonKey();
    await this.release();
    this.close({ status: error.status, usage: { ...ZERO_USAGE }, costE10: 0n, estimated: false, errorCode: error.code, errorMessage: error.message });
  }

  /** The end: the request log row and live event (through the writer), the metrics, the span. Once; never throws. */
  close(outcome: Outcome): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    const { requestLog, metrics, recordBodies, logger } = this.desk;
    const latencyMs = Math.round(this.elapsedMs());
    const ttfbMs = this.ttfbMs;
    try {
      requestLog.write({
        requestId: this.requestId,
        createdAt: this.createdAt,
        clientId: this.principal.clientId,
        clientName: this.principal.clientName,
        keyId: this.principal.keyId,
        model: this.model,
        servedModel: this.servedModel,
        provider: this.provider,
        status: outcome.status,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        latencyMs,
        ttfbMs: ttfbMs === null ? null : Math.round(ttfbMs),
        stream: this.stream,
        usage: outcome.usage,
        costE10: outcome.costE10,
        estimated: outcome.estimated,
        surface: this.surface,
        ...(this.tags.length ? { tags: [...this.tags] } : {}),
        ...(recordBodies && this.requestBody !== undefined ? { requestBody: this.requestBody } : {}),
        ...(recordBodies && outcome.responseBody !== undefined ? { responseBody: outcome.responseBody } : {}),
      });
    } catch (err) {
      logger.error({ request_id: this.requestId, reason: (err as Error).message }, 'request log write failed');
    }
    metrics.request({ provider: this.provider, model: this.desk.modelLabel(this.model), status: outcome.status, stream: this.stream, latencyMs, ttfbMs });
    spanRecorded(this, outcome);
  }

  /** Give the rate limiter the real token count in place of the admission estimate. */
  private trueUp(estimated: number, actual: number): void {
    if (!estimated) return;
    try {
      this.desk.limiter.adjustTokens(this.principal, estimated, actual);
    } catch (err) {
      this.desk.logger.warn({ request_id: this.requestId, reason: (err as Error).message }, 'rate limiter adjustment failed');
    }
  }

  private expect(phase: Phase, transition: string): void {
    if (this.phase !== phase) throw new Error(`exchange ${this.requestId}: cannot ${transition} when ${this.phase}`);
  }
}
