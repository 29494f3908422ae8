import type { AdapterContext, ChatRequest, WireRequest } from '../../providers/index.js';
import type { Candidate } from '../planning/gateway.router.js';

/**
 * A request's translations to the internal model's adapters, one per candidate, each adapter context kept for its
 * answer (id maps etc.). Every surface that goes through the internal model translates through this.
 */
export class AdapterContexts {
  private readonly contexts = new Map<Candidate, AdapterContext>();

  constructor(
    private readonly stream: boolean,
    private readonly defaultMaxOutput: number,
  ) {}

  toWire(c: Candidate, req: ChatRequest): WireRequest {
    const ctx: AdapterContext = {
      upstreamModel: c.upstreamModel,
      stream: this.stream,
      defaultMaxTokens: c.catalog?.maxOutput ?? this.defaultMaxOutput,
      ...(c.rt.preset ? { preset: c.rt.preset } : {}),
    };
    const wire = c.rt.adapter.toWire(req, ctx);
    ctx.request = wire;
    this.contexts.set(c, ctx);
    return wire;
  }

  context(c: Candidate): AdapterContext {
    const ctx = this.contexts.get(c);
    if (!ctx) throw new Error(`no translation for provider '${c.provider}'`);
    return ctx;
  }
}

/** Translates a chat request once per candidate and keeps the adapter context for its answer. */
export class Translations {
  private readonly contexts: AdapterContexts;

  constructor(
    private readonly req: ChatRequest,
    stream: boolean,
    defaultMaxOutput: number,
  ) {
    this.contexts = new AdapterContexts(stream, defaultMaxOutput);
  }

  readonly translate = (c: Candidate): WireRequest => this.contexts.toWire(c, this.req);

  context(c: Candidate): AdapterContext {
    return this.contexts.context(c);
  }
}
