import type { Usage } from '../../common/index.js';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { AdapterError, isRecord, messageFromChat, relayedMessageUsage } from '../../providers/index.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { ExchangeDesk, type Exchange, type ExchangeInit } from '../pipeline/exchange.js';
import { relayFrames } from '../pipeline/frame.relay.js';
import type { Candidate } from '../planning/gateway.router.js';
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
    private readonly desk: ExchangeDesk,
  ) {}

  create(init: ExchangeInit, body: unknown, headers: Headers, channel: ClientChannel): Promise<void> {
    const exchange = this.desk.open(init, 'messages');
    return exchange.run(() => this.run(exchange, body, headers, channel));
  }

  private async run(exchange: Exchange, body: unknown, headers: Headers, channel: ClientChannel): Promise<void> {
    const req = validateMessagesRequest(body);
    const plan = exchange.route(req.model, req.stream === true, body);
    const promptTokens = estimateMessagesTokens(req);
    const maxOutputTokens = req.max_tokens as number;
    if (!(await exchange.admit(channel, { candidates: plan.candidates, promptTokens, maxOutputTokens }))) return;
    const translations = new MessagesTranslations(req, exchange.stream, passHeadersOf(headers), this.config.billing.default_max_output_tokens, promptTokens, exchange.requestId);
    if (exchange.stream) return relayFrames(exchange, plan.candidates, translations.translate, (c) => translations.mapper(c), MESSAGES_SURFACE, channel);
    await exchange.answer(
      channel,
      plan.candidates,
      translations.translate,
      (c, reply, text) => this.answer(c, reply, text, translations),
      (answer) => answer.text,
    );
  }

  /** The client's answer text and its usage: the upstream's own text on a relay, the translated Message otherwise. */
  private answer(c: Candidate, body: unknown, text: string, translations: MessagesTranslations): { text: string; usage: Usage } {
    if (isRelay(c)) {
      if (!isRecord(body) || body['type'] !== 'message' || !Array.isArray(body['content'])) {
        throw new AdapterError("The anthropic provider sent an answer that is not a Message.", null, { status: 502, type: 'upstream_error', code: 'invalid_upstream_response' });
      }
      return { text, usage: relayedMessageUsage(body) };
    }
    const { completion, usage } = c.rt.adapter.fromWire(body, translations.context(c));
    return { text: JSON.stringify(messageFromChat(completion, usage)), usage };
  }
}
