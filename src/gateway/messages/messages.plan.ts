import {
  AnthropicRelayMapper,
  MessagesStreamEncoder,
  chatFromMessages,
  encodedMapper,
  type AdapterContext,
  type RelayMapper,
  type WireRequest,
} from '../../providers/index.js';
import { AdapterContexts } from '../chat/chat.plan.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { MessagesBody } from './messages.validator.js';

/** Client headers an Anthropic relay forwards as sent. */
const PASS_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;
/** Provider kinds whose translation takes top_k. */
const TOP_K_KINDS = new Set(['gemini', 'ollama', 'anthropic']);

/** The protocol headers of a Messages request that an Anthropic relay forwards (first value of each). */
export function passHeadersOf(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASS_HEADERS) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (typeof value === 'string' && value !== '' && value.length <= 1024) out[name] = value;
  }
  return out;
}

/** Is this candidate served by a faithful relay (its wire format is Messages)? */
export function isRelay(c: Candidate): boolean {
  return c.rt.def.kind === 'anthropic';
}

/**
 * One Messages request's wire form per candidate: to an Anthropic provider the body as sent with only `model`
 * replaced (and anthropic-version / anthropic-beta forwarded); to any other kind the translation through the
 * internal model and that provider's adapter (its context kept for the answer).
 */
export class MessagesTranslations {
  private readonly contexts: AdapterContexts;

  constructor(
    private readonly body: MessagesBody,
    private readonly stream: boolean,
    private readonly passHeaders: Record<string, string>,
    defaultMaxOutput: number,
    private readonly promptTokens: number,
    private readonly requestId: string,
  ) {
    this.contexts = new AdapterContexts(stream, defaultMaxOutput);
  }

  readonly translate = (c: Candidate): WireRequest => {
    if (isRelay(c)) {
      return {
        path: 'messages',
        headers: { 'content-type': 'application/json', accept: this.stream ? 'text/event-stream' : 'application/json' },
        passHeaders: this.passHeaders,
        body: { ...this.body, model: c.upstreamModel },
        framing: this.stream ? 'sse' : 'json',
      };
    }
    return this.contexts.toWire(c, chatFromMessages(this.body, { provider: c.rt.def.kind, topK: TOP_K_KINDS.has(c.rt.def.kind) }));
  };

  context(c: Candidate): AdapterContext {
    return this.contexts.context(c);
  }

  /** The stream mapper for a candidate: the relay's, or its adapter's followed by the Messages encoder. */
  mapper(c: Candidate): RelayMapper {
    if (isRelay(c)) return new AnthropicRelayMapper();
    const ctx = this.context(c);
    return encodedMapper(c.rt.adapter.createStreamMapper(ctx), new MessagesStreamEncoder({ id: this.requestId, model: c.upstreamModel, inputTokens: this.promptTokens }));
  }
}
