import { ratesAt, type Price } from '../../common/index.js';
import type { AdapterContext, ChatRequest, WireRequest } from '../../providers/index.js';
import type { Candidate, RoutePlan } from '../routing/gateway.router.js';

/** Worst-case cost weight of a price for this request (only used to compare candidates). */
function worstCase(price: Price, promptTokens: number, maxOutput: number): number {
  const rates = ratesAt(price, promptTokens);
  return promptTokens * Math.max(rates.input, rates.cacheWrite ?? 0) + maxOutput * rates.output;
}

/** The price to reserve with: the most expensive candidate's, so any fallback is covered. null when all are free. */
export function reservationPrice(plan: RoutePlan, promptTokens: number, maxOutput: number): Price | null {
  let best: Price | null = null;
  for (const c of plan.candidates) {
    if (!c.price) continue;
    if (!best || worstCase(c.price, promptTokens, maxOutput) > worstCase(best, promptTokens, maxOutput)) best = c.price;
  }
  return best;
}

/** Translates a request once per candidate and keeps the adapter context (id maps etc.) for its answer. */
export class Translations {
  private readonly contexts = new Map<Candidate, AdapterContext>();

  constructor(
    private readonly req: ChatRequest,
    private readonly stream: boolean,
    private readonly defaultMaxOutput: number,
  ) {}

  readonly translate = (c: Candidate): WireRequest => {
    const ctx: AdapterContext = {
      upstreamModel: c.upstreamModel,
      stream: this.stream,
      defaultMaxTokens: c.catalog?.maxOutput ?? this.defaultMaxOutput,
      ...(c.rt.preset ? { preset: c.rt.preset } : {}),
    };
    const wire = c.rt.adapter.toWire(this.req, ctx);
    ctx.request = wire;
    this.contexts.set(c, ctx);
    return wire;
  };

  context(c: Candidate): AdapterContext {
    const ctx = this.contexts.get(c);
    if (!ctx) throw new Error(`no translation for provider '${c.provider}'`);
    return ctx;
  }
}
