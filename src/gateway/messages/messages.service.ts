import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { AdapterError, GatewayMetrics, adapterFailure, exchangeJson, messageFromChat, relayedMessageUsage, type NormalizedUsage } from '../../providers/index.js';
import { isRecord } from '../../providers/index.js';
import { reservationPrice } from '../chat/chat.plan.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { FrameRelay, openToFirstContent } from '../pipeline/frame.relay.js';
import { IDEMPOTENCY, type IdempotencyPort } from '../pipeline/gateway.ports.js';
import { RequestFinisher } from '../pipeline/request.finisher.js';
import { RequestLifecycle } from '../pipeline/request.lifecycle.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import type { Candidate, RoutePlan } from '../routing/gateway.router.js';
import { MessagesTranslations, isRelay, passHeadersOf } from './messages.plan.js';
import { MESSAGES_SURFACE } from './messages.surface.js';
import { estimateMessagesTokens } from './messages.tokens.js';
import { validateMessagesRequest } from './messages.validator.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * POST /v1/messages after the key guard, on the shared pipeline: validate → route → allowlist and rate limit →
 * idempotency → reserve → provider call (retries, breaker, fallbacks before the first byte) → settle → respond → log.
 * Anthropic providers get a faithful relay; every other kind a translation through the internal model.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly config: AppConfig,
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    private readonly lifecycle: RequestLifecycle,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyPort,
  ) {}

  create(trace: RequestTrace, body: unknown, headers: Headers, channel: ClientChannel): Promise<void> {
    trace.surface = 'messages';
    return this.lifecycle.guard(trace, () => this.run(trace, body, headers, channel));
  }

  private async run(trace: RequestTrace, body: unknown, headers: Headers, channel: ClientChannel): Promise<void> {
    const req = validateMessagesRequest(body);
    trace.stream = req.stream === true;
    const plan = this.lifecycle.route(trace, req.model, body);
    const promptTokens = estimateMessagesTokens(req);
    const maxOutput = req.max_tokens as number;
    const admitted = await this.lifecycle.admit(trace, channel, {
      model: req.model,
      provider: trace.provider,
      price: reservationPrice(plan, promptTokens, maxOutput),
      promptTokens,
      maxOutputTokens: maxOutput,
    });
    if (!admitted) return;
    const translations = new MessagesTranslations(req, trace.stream, passHeadersOf(headers), this.config.billing.default_max_output_tokens, promptTokens, trace.requestId);
    if (trace.stream) await this.stream(trace, plan, translations, channel);
    else await this.nonStream(trace, plan, translations, channel);
  }

  private async nonStream(trace: RequestTrace, plan: RoutePlan, translations: MessagesTranslations, channel: ClientChannel): Promise<void> {
    const { candidate, value } = await runCandidates(
      plan.candidates,
      translations.translate,
      async (c, wire, signal) => {
        const exchange = await exchangeJson(c.rt, wire, signal);
        try {
          return { ...this.answer(c, exchange.body, exchange.text, translations), headersAt: exchange.headersAt };
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
    await this.lifecycle.respond(trace, channel, value.text, value.usage, costE10, true);
  }

  /** The client's answer text and its usage: the upstream's own text on a relay, the translated Message otherwise. */
  private answer(c: Candidate, body: unknown, text: string, translations: MessagesTranslations): { text: string; usage: NormalizedUsage } {
    if (isRelay(c)) {
      if (!isRecord(body) || body['type'] !== 'message' || !Array.isArray(body['content'])) {
        throw new AdapterError("The anthropic provider sent an answer that is not a Message.", null, { status: 502, type: 'upstream_error', code: 'invalid_upstream_response' });
      }
      return { text, usage: relayedMessageUsage(body) };
    }
    const { completion, usage } = c.rt.adapter.fromWire(body, translations.context(c));
    return { text: JSON.stringify(messageFromChat(completion, usage)), usage };
  }

  private async stream(trace: RequestTrace, plan: RoutePlan, translations: MessagesTranslations, channel: ClientChannel): Promise<void> {
    const { candidate, value: upstream } = await runCandidates(
      plan.candidates,
      translations.translate,
      (c, wire, signal) => openToFirstContent(c, wire, () => translations.mapper(c), signal),
      channel.signal,
      this.metrics,
    );
    trace.provider = candidate.provider;
    const relay = new FrameRelay(trace, candidate, upstream, channel.sse(Boolean(trace.idempotencyKey)), MESSAGES_SURFACE, this.finisher, this.idempotency);
    await relay.pump();
  }
}
