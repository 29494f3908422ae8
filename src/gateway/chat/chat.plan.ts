import type { AdapterContext, ChatRequest, WireRequest } from '../../providers/index.js';
import type { Candidate } from '../routing/gateway.router.js';

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
