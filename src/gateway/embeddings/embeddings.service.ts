import { Injectable } from '@nestjs/common';
import { ApiError, moneyToUsd } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import type { AdapterContext } from '../../providers/index.js';
import { estimateEmbeddingTokens } from '../chat/token.estimate.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { ExchangeDesk, type Exchange, type ExchangeInit } from '../pipeline/exchange.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import type { Candidate } from '../planning/gateway.router.js';
import { validateEmbeddingsRequest } from './embeddings.validator.js';

/** POST /v1/embeddings: the chat pipeline's path without output tokens (input tokens at the input price). */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly config: AppConfig,
    private readonly desk: ExchangeDesk,
  ) {}

  embed(init: ExchangeInit, body: unknown, channel: ClientChannel): Promise<void> {
    const exchange = this.desk.open(init, 'embeddings');
    return exchange.run(() => this.run(exchange, body, channel));
  }

  private async run(exchange: Exchange, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateEmbeddingsRequest(body);
    const plan = exchange.route(req.model, false, body);
    const candidates = plan.candidates.filter((c) => c.rt.adapter.embeddings);
    if (candidates.length === 0) {
      const c = plan.candidates[0];
      throw ApiError.invalidRequest(`The model '${req.model}' is served by provider '${c.provider}' (${c.rt.def.kind}), which has no embeddings endpoint.`, 'model', 'embeddings_not_supported');
    }
    const promptTokens = estimateEmbeddingTokens(req.input);
    if (!(await exchange.admit(channel, { candidates, promptTokens, maxOutputTokens: 0 }))) return;

    const contexts = new Map<Candidate, AdapterContext>();
    await exchange.answer(
      channel,
      candidates,
      (c) => {
        const ctx: AdapterContext = { upstreamModel: c.upstreamModel, stream: false, defaultMaxTokens: this.config.billing.default_max_output_tokens, ...(c.rt.preset ? { preset: c.rt.preset } : {}) };
        const wire = this.adapterOf(c).toWire(req, ctx);
        ctx.request = wire;
        contexts.set(c, ctx);
        return wire;
      },
      (c, reply) => this.adapterOf(c).fromWire(reply, contexts.get(c) as AdapterContext),
      ({ response }, costE10) => {
        spanAnswered(exchange, { model: response.model });
        return JSON.stringify({ ...response, usage: { ...response.usage, cost: moneyToUsd(costE10) } });
      },
      false,
    );
  }

  private adapterOf(c: Candidate): NonNullable<Candidate['rt']['adapter']['embeddings']> {
    const adapter = c.rt.adapter.embeddings;
    if (!adapter) throw new Error(`provider '${c.provider}' has no embeddings adapter`);
    return adapter;
  }
}
