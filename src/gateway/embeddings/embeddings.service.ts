import { Injectable } from '@nestjs/common';
import { ApiError, moneyToUsd } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { AdapterError, type AdapterContext } from '../../providers/index.js';
import { estimateEmbeddingTokens } from '../chat/token.estimate.js';
import { reservationPrice } from '../chat/chat.plan.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { RequestFinisher } from '../pipeline/request.finisher.js';
import { RequestLifecycle } from '../pipeline/request.lifecycle.js';
import type { RequestTrace } from '../pipeline/request.trace.js';
import { spanAnswered } from '../pipeline/request.spans.js';
import { GatewayMetrics } from '../../providers/index.js';
import type { Candidate } from '../routing/gateway.router.js';
import { adapterFailure, exchangeJson } from '../../providers/index.js';
import { validateEmbeddingsRequest } from './embeddings.validator.js';

/** POST /v1/embeddings: the chat pipeline's path without output tokens (input tokens at the input price). */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly config: AppConfig,
    private readonly finisher: RequestFinisher,
    private readonly metrics: GatewayMetrics,
    private readonly lifecycle: RequestLifecycle,
  ) {}

  embed(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    trace.surface = 'embeddings';
    return this.lifecycle.guard(trace, () => this.run(trace, body, channel));
  }

  private async run(trace: RequestTrace, body: unknown, channel: ClientChannel): Promise<void> {
    const req = validateEmbeddingsRequest(body);
    const plan = this.lifecycle.route(trace, req.model, body);
    const candidates = plan.candidates.filter((c) => c.rt.adapter.embeddings);
    if (candidates.length === 0) {
      const c = plan.candidates[0];
      throw ApiError.invalidRequest(`The model '${req.model}' is served by provider '${c.provider}' (${c.rt.def.kind}), which has no embeddings endpoint.`, 'model', 'embeddings_not_supported');
    }
    const promptTokens = estimateEmbeddingTokens(req.input);
    const admitted = await this.lifecycle.admit(trace, channel, {
      model: req.model,
      provider: candidates[0].provider,
      price: reservationPrice({ model: req.model, candidates }, promptTokens, 0),
      promptTokens,
      maxOutputTokens: 0,
    });
    if (!admitted) return;

    const contexts = new Map<Candidate, AdapterContext>();
    const { candidate, value } = await runCandidates(
      candidates,
      (c) => {
        const ctx: AdapterContext = { upstreamModel: c.upstreamModel, stream: false, defaultMaxTokens: this.config.billing.default_max_output_tokens, ...(c.rt.preset ? { preset: c.rt.preset } : {}) };
        const wire = this.adapterOf(c).toWire(req, ctx);
        ctx.request = wire;
        contexts.set(c, ctx);
        return wire;
      },
      async (c, wire, signal) => {
        const exchange = await exchangeJson(c.rt, wire, signal);
        try {
          return { ...this.adapterOf(c).fromWire(exchange.body, contexts.get(c) as AdapterContext), headersAt: exchange.headersAt };
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
    spanAnswered(trace, { model: value.response.model });
    const response = { ...value.response, usage: { ...value.response.usage, cost: moneyToUsd(costE10) } };
    await this.lifecycle.respond(trace, channel, JSON.stringify(response), value.usage, costE10, false);
  }

  private adapterOf(c: Candidate): NonNullable<Candidate['rt']['adapter']['embeddings']> {
    const adapter = c.rt.adapter.embeddings;
    if (!adapter) throw new Error(`provider '${c.provider}' has no embeddings adapter`);
    return adapter;
  }
}

