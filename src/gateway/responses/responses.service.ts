import { Injectable, Logger } from '@nestjs/common';
import { ApiError, moneyToUsd, type Usage } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { ProviderRegistry, UpstreamFailure, asRecord, deleteUpstream, normalizeResponsesUsage, toResponsesUsage } from '../../providers/index.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { ExchangeDesk, type Exchange, type ExchangeInit } from '../pipeline/exchange.js';
import type { Candidate } from '../planning/gateway.router.js';
import { estimateResponsesTokens } from './responses.estimate.js';
import { streamResponse } from './responses.streamer.js';
import { ResponsesTurn, randomIds } from './responses.turn.js';
import { validateResponsesRequest } from './responses.validator.js';
import { StoredResponsesStore, type StoredResponse } from './store/stored-responses.store.js';
import { completionToResponse } from './wire/completion.to-response.js';
import type { Json, ResponseObject } from './wire/responses.types.js';

export const SURFACE = 'responses' as const;

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
    private readonly desk: ExchangeDesk,
    private readonly store: StoredResponsesStore,
    private readonly providers: ProviderRegistry,
  ) {}

  create(init: ExchangeInit, body: unknown, channel: ClientChannel): Promise<void> {
    const exchange = this.desk.open(init, SURFACE);
    return exchange.run(() => this.run(exchange, body, channel));
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

  private async run(exchange: Exchange, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateResponsesRequest(body);
    exchange.asked(req.model, req.stream === true);
    const previous = req.previous_response_id ? await this.store.get(exchange.principal.clientId, req.previous_response_id) : null;
    if (req.previous_response_id && !previous) throw previousNotFound(req.previous_response_id);
    const plan = exchange.route(req.model, req.stream === true, body);

    const defaultMaxOutput = this.config.billing.default_max_output_tokens;
    const turn = new ResponsesTurn(req, body as Json, previous, exchange.stream, defaultMaxOutput);
    const promptTokens = estimateResponsesTokens(req, turn.history);
    const maxOutputTokens = req.max_output_tokens ?? plan.candidates[0].catalog?.maxOutput ?? defaultMaxOutput;
    if (!(await exchange.admit(channel, { candidates: plan.candidates, promptTokens, maxOutputTokens }))) return;

    if (exchange.stream) return streamResponse(exchange, turn, plan, channel, (c, response) => this.keep(exchange, turn, c, response));
    const { candidate, value } = await exchange.answer(
      channel,
      plan.candidates,
      turn.translate,
      (c, reply) => {
        if (turn.isRelay(c)) {
          const response = asRecord(reply) as ResponseObject;
          if (typeof response.id !== 'string' || response.object !== 'response') throw UpstreamFailure.invalidResponse(c.provider, 'the body is not a Responses object');
          return { response, usage: normalizeResponsesUsage(response.usage) as Usage };
        }
        const { completion, usage } = c.rt.adapter.fromWire(reply, turn.context(c));
        return { response: completionToResponse(completion, usage, turn.req, randomIds, turn.createdAt), usage: usage as Usage };
      },
      ({ response, usage }, costE10) => {
        response.usage = { ...(response.usage ?? toResponsesUsage(usage)), cost: moneyToUsd(costE10) };
        return JSON.stringify(response);
      },
    );
    this.keep(exchange, turn, candidate, value.response);
  }

  /** Keep a finished response for previous_response_id and GET (unless store: false). Off the answer's critical path. */
  private keep(exchange: Exchange, turn: ResponsesTurn, c: Candidate, response: ResponseObject): void {
    if (turn.req.store === false || typeof response.id !== 'string') return;
    const record: StoredResponse = {
      id: response.id,
      clientId: exchange.principal.clientId,
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
