import { Injectable, Logger } from '@nestjs/common';
import { ApiError, moneyToUsd, type Usage } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { AdapterError, GatewayMetrics, ProviderRegistry, UpstreamFailure, adapterFailure, asRecord, deleteUpstream, exchangeJson, normalizeResponsesUsage, toResponsesUsage } from '../../providers/index.js';
import { reservationPrice } from '../chat/chat.plan.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { RequestFinisher } from '../pipeline/request.finisher.js';
import { RequestLifecycle } from '../pipeline/request.lifecycle.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import type { Candidate, RoutePlan } from '../routing/gateway.router.js';
import { estimateResponsesTokens } from './responses.estimate.js';
import { ResponsesStreamer } from './responses.streamer.js';
import { ResponsesTurn, randomIds } from './responses.turn.js';
import { validateResponsesRequest } from './responses.validator.js';
import { StoredResponsesStore, type StoredResponse } from './store/stored-responses.store.js';
import { completionToResponse } from './wire/completion.to-response.js';
import type { Json, ResponseObject } from './wire/responses.types.js';

export const SURFACE = 'responses';

export function previousNotFound(id: string): ApiError {
  return new ApiError(404, 'invalid_request_error', `Previous response with id '${id}' not found.`, 'previous_response_not_found', 'previous_response_id');
}

/**
 * POST /v1/responses after the key guard, on the shared pipeline: validate → the stored conversation it continues
 * (the client's own) → route and allowlist → rate limit, Idempotency-Key, reservation → provider (relay to OpenAI,
 * translation elsewhere; retries and fallbacks before the first byte) → settle → answer → keep it (store: true) → log.
 */
@Injectable()
export class ResponsesService {
  private readonly logger = new Logger('Responses');

  constructor(
    private readonly config: AppConfig,
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    private readonly lifecycle: RequestLifecycle,
    private readonly streamer: ResponsesStreamer,
    private readonly store: StoredResponsesStore,
    private readonly providers: ProviderRegistry,
  ) {}

  create(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    trace.surface = SURFACE;
    return this.lifecycle.guard(trace, () => this.run(trace, body, channel));
  }

  /** The client's own stored response (404 in the OpenAI envelope otherwise). */
  async retrieve(clientId: string, id: string): Promise<ResponseObject> {
    const found = await this.store.get(clientId, id);
    if (!found) throw ApiError.notFound(`No response found with id '${id}'.`);
    return found.response;
  }

  /** Delete the client's own stored response; the OpenAI provider's copy too, when it keeps one (best effort, not awaited). */
  async remove(clientId: string, id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    const deleted = await this.store.delete(clientId, id);
    if (!deleted) throw ApiError.notFound(`No response found with id '${id}'.`);
    const rt = deleted.upstreamId && deleted.provider ? this.providers.runtime(deleted.provider) : undefined;
    if (rt && deleted.upstreamId) {
      void deleteUpstream(rt, `responses/${encodeURIComponent(deleted.upstreamId)}`).then(
        (status) => {
          if (status >= 400 && status !== 404) this.logger.warn({ response_id: id, provider: rt.name, status }, 'the provider did not delete its copy');
        },
        (err: unknown) => this.logger.warn({ response_id: id, provider: rt.name, reason: (err as Error).message }, 'the provider did not delete its copy'),
      );
    }
    return { id, object: 'response', deleted: true };
  }

  private async run(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateResponsesRequest(body);
    trace.stream = req.stream === true;
    trace.model = req.model;
    const previous = req.previous_response_id ? await this.store.get(trace.principal.clientId, req.previous_response_id) : null;
    if (req.previous_response_id && !previous) throw previousNotFound(req.previous_response_id);
    const plan = this.lifecycle.route(trace, req.model, body);

    const defaultMaxOutput = this.config.billing.default_max_output_tokens;
    const turn = new ResponsesTurn(req, body as Json, previous, trace.stream, defaultMaxOutput);
    const promptTokens = estimateResponsesTokens(req, turn.history);
    const maxOutput = req.max_output_tokens ?? plan.candidates[0].catalog?.maxOutput ?? defaultMaxOutput;
    const admitted = await this.lifecycle.admit(trace, channel, {
      model: req.model,
      provider: trace.provider,
      price: reservationPrice(plan, promptTokens, maxOutput),
      promptTokens,
      maxOutputTokens: maxOutput,
    });
    if (!admitted) return;

    if (trace.stream) await this.streamer.relay(trace, turn, plan, channel, (c, response) => this.keep(trace, turn, c, response));
    else await this.nonStream(trace, turn, plan, channel);
  }

  private async nonStream(trace: RequestTrace, turn: ResponsesTurn, plan: RoutePlan, channel: ClientChannel): Promise<void> {
    const { candidate, value } = await runCandidates(
      plan.candidates,
      turn.translate,
      async (c, wire, signal) => {
        const exchange = await exchangeJson(c.rt, wire, signal);
        try {
          if (turn.isRelay(c)) {
            const response = asRecord(exchange.body) as ResponseObject;
            if (typeof response.id !== 'string' || response.object !== 'response') throw UpstreamFailure.invalidResponse(c.provider, 'the body is not a Responses object');
            return { response, usage: normalizeResponsesUsage(response.usage) as Usage, headersAt: exchange.headersAt };
          }
          const { completion, usage } = c.rt.adapter.fromWire(exchange.body, turn.context(c));
          return { response: completionToResponse(completion, usage, turn.req, randomIds, turn.createdAt), usage: usage as Usage, headersAt: exchange.headersAt };
        } catch (err) {
          if (err instanceof AdapterError) throw adapterFailure(c.rt, err);
          throw err;
        }
      },
      channel.signal,
      this.metrics,
    );
    trace.provider = candidate.provider;
    trace.markFirstByte(value.headersAt);
    const costE10 = await this.finisher.settle(trace, candidate, value.usage);
    const response = value.response;
    response.usage = { ...(response.usage ?? toResponsesUsage(value.usage)), cost: moneyToUsd(costE10) };
    await this.lifecycle.respond(trace, channel, JSON.stringify(response), value.usage, costE10, true);
    this.keep(trace, turn, candidate, response);
  }

  /** Keep a finished response for previous_response_id and GET (unless store: false). Off the answer's critical path. */
  private keep(trace: RequestTrace, turn: ResponsesTurn, c: Candidate, response: ResponseObject): void {
    if (turn.req.store === false || typeof response.id !== 'string') return;
    const record: StoredResponse = {
      id: response.id,
      clientId: trace.principal.clientId,
      provider: c.provider,
      upstreamId: turn.upstreamKeeps(c) ? response.id : null,
      model: turn.req.model,
      inputItems: turn.conversation(),
      response,
      createdAt: Date.now(),
    };
    this.store.put(record);
  }
}
