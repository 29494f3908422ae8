import { Inject, Injectable } from '@nestjs/common';
import { GatewayMetrics, exchangeJson, isRecord, type WireRequest } from '../../providers/index.js';
import { runCandidates } from '../pipeline/candidate.runner.js';
import type { ClientChannel } from '../pipeline/client.channel.js';
import { LIMITER, type LimiterPort, type Principal } from '../pipeline/gateway.ports.js';
import { GatewayRouter, type Candidate } from '../planning/gateway.router.js';
import { isRelay, passHeadersOf } from './messages.plan.js';
import { estimateMessagesTokens } from './messages.tokens.js';
import { validateCountTokensRequest } from './messages.validator.js';

/**
 * POST /v1/messages/count_tokens: routed like a Messages request (same allowlist); asked of the provider when the
 * route's primary is an Anthropic provider (its Anthropic fallbacks after it), estimated otherwise (an upper bound).
 * Nothing is reserved or charged: counting is free upstream too.
 */
@Injectable()
export class CountTokensService {
  constructor(
    private readonly router: GatewayRouter,
    private readonly metrics: GatewayMetrics,
    @Inject(LIMITER) private readonly limiter: LimiterPort,
  ) {}

  async count(principal: Principal, body: unknown, headers: Record<string, string | string[] | undefined>, channel: ClientChannel): Promise<void> {
    const req = validateCountTokensRequest(body);
    const plan = this.router.plan(req.model);
    this.limiter.assertModelAllowed(principal, req.model);
    if (!isRelay(plan.candidates[0])) {
      channel.send(200, JSON.stringify({ input_tokens: estimateMessagesTokens(req) }));
      return;
    }
    const pass = passHeadersOf(headers);
    const translate = (c: Candidate): WireRequest => ({
      path: 'messages/count_tokens',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      passHeaders: pass,
      body: { ...req, model: c.upstreamModel },
      framing: 'json',
    });
    const { value } = await runCandidates(plan.candidates.filter(isRelay), translate, (c, wire, signal) => exchangeJson(c.rt, wire, signal), channel.signal, this.metrics);
    const answer = isRecord(value.body) && typeof value.body['input_tokens'] === 'number' ? value.text : JSON.stringify({ input_tokens: estimateMessagesTokens(req) });
    channel.send(200, answer);
  }
}
