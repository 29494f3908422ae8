import { Injectable } from '@nestjs/common';
import { moneyToUsd } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { AdapterError, toOpenAIUsage } from '../../providers/index.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { RequestFinisher } from '../pipeline/request.finisher.js';
import { RequestLifecycle } from '../pipeline/request.lifecycle.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import { GatewayMetrics } from '../../providers/index.js';
import type { RoutePlan } from '../routing/gateway.router.js';
import { adapterFailure, exchangeJson } from '../../providers/index.js';
import { ChatStreamer } from './chat.streamer.js';
import { Translations, reservationPrice } from './chat.plan.js';
import { validateChatRequest } from './chat.validator.js';
import { estimatePromptTokens } from './token.estimate.js';

/**
 * POST /v1/chat/completions after the key guard: validate → route → model allowlist and rate limit → price →
 * idempotency → reserve → provider call (retries, breaker, fallbacks) → settle → respond → log.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly config: AppConfig,
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    private readonly streamer: ChatStreamer,
    private readonly lifecycle: RequestLifecycle,
  ) {}

  /** Serve one request. Errors before the response started are thrown (the global filter renders them). */
  complete(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    return this.lifecycle.guard(trace, () => this.run(trace, body, channel));
  }

  private async run(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateChatRequest(body);
    trace.stream = req.stream === true;
    const plan = this.lifecycle.route(trace, req.model, body);

    const defaultMaxOutput = this.config.billing.default_max_output_tokens;
    const promptTokens = estimatePromptTokens(req);
    const maxOutput = req.max_completion_tokens ?? req.max_tokens ?? plan.candidates[0].catalog?.maxOutput ?? defaultMaxOutput;
    const admitted = await this.lifecycle.admit(trace, channel, {
      model: req.model,
      provider: trace.provider,
      price: reservationPrice(plan, promptTokens, maxOutput),
      promptTokens,
      maxOutputTokens: maxOutput,
    });
    if (!admitted) return;

    const translations = new Translations(req, trace.stream, defaultMaxOutput);
    if (trace.stream) await this.streamer.relay(trace, req, plan, translations, channel);
    else await this.nonStream(trace, plan, translations, channel);
  }

  private async nonStream(trace: RequestTrace, plan: RoutePlan, translations: Translations, channel: ClientChannel): Promise<void> {
    const { candidate, value } = await runCandidates(
      plan.candidates,
      translations.translate,
      async (c, wire, signal) => {
        const exchange = await exchangeJson(c.rt, wire, signal);
        try {
          return { ...c.rt.adapter.fromWire(exchange.body, translations.context(c)), headersAt: exchange.headersAt };
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
    const completion = value.completion;
    spanAnswered(trace, { id: completion.id, model: completion.model, finishReasons: completion.choices?.map((c) => c.finish_reason) });
    completion.usage = { ...(completion.usage ?? toOpenAIUsage(value.usage)), cost: moneyToUsd(costE10) };
    await this.lifecycle.respond(trace, channel, JSON.stringify(completion), value.usage, costE10, true);
  }
}

