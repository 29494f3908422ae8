import { Injectable } from '@nestjs/common';
import { moneyToUsd } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { toOpenAIUsage } from '../../providers/index.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { ExchangeDesk, type Exchange, type ExchangeInit } from '../pipeline/exchange.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import { streamChat } from './chat.streamer.js';
import { Translations } from './chat.plan.js';
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
    private readonly desk: ExchangeDesk,
  ) {}

  /** Serve one request. Errors before the response started are thrown (the global filter renders them). */
  complete(init: ExchangeInit, body: unknown, channel: ClientChannel): Promise<void> {
    const exchange = this.desk.open(init, 'chat');
    return exchange.run(() => this.run(exchange, body, channel));
  }

  private async run(exchange: Exchange, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateChatRequest(body);
    const plan = exchange.route(req.model, req.stream === true, body);
    const defaultMaxOutput = this.config.billing.default_max_output_tokens;
    const promptTokens = estimatePromptTokens(req);
    const maxOutputTokens = req.max_completion_tokens ?? req.max_tokens ?? plan.candidates[0].catalog?.maxOutput ?? defaultMaxOutput;
    if (!(await exchange.admit(channel, { candidates: plan.candidates, promptTokens, maxOutputTokens }))) return;

    const translations = new Translations(req, exchange.stream, defaultMaxOutput);
    if (exchange.stream) return streamChat(exchange, req, plan, translations, channel);
    await exchange.answer(
      channel,
      plan.candidates,
      translations.translate,
      (c, reply) => c.rt.adapter.fromWire(reply, translations.context(c)),
      ({ completion, usage }, costE10) => {
        spanAnswered(exchange, { id: completion.id, model: completion.model, finishReasons: completion.choices?.map((c) => c.finish_reason) });
        completion.usage = { ...(completion.usage ?? toOpenAIUsage(usage)), cost: moneyToUsd(costE10) };
        return JSON.stringify(completion);
      },
    );
  }
}
