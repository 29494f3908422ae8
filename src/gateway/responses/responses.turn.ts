import { randomBytes } from 'node:crypto';
import { responsesRelayRequest, type AdapterContext, type WireRequest } from '../../providers/index.js';
import { AdapterContexts } from '../chat/chat.plan.js';
import type { Candidate } from '../planning/gateway.router.js';
import type { StoredResponse } from './store/stored-responses.store.js';
import { responsesToChat } from './wire/request.to-chat.js';
import type { IdSource, Json, ResponseItem, ResponsesRequest } from './wire/responses.types.js';

/** Ids the gateway hands out: OpenAI's shape (`resp_` + 48 characters), marked `gg` so they are told apart from OpenAI's. */
export const randomIds: IdSource = { next: (prefix) => `${prefix}_gg${randomBytes(23).toString('hex')}` };

const isGatewayId = (id: unknown, prefix: string): boolean => typeof id === 'string' && id.startsWith(`${prefix}_gg`);

/**
 * Stored history made fit for an OpenAI provider that never saw it: the gateway's own item ids are dropped (they mean
 * nothing upstream), as are reasoning items another provider produced (OpenAI only takes its own, encrypted), and the
 * provider state other kinds carry on function calls.
 */
export function historyForOpenAI(items: readonly ResponseItem[]): ResponseItem[] {
  const out: ResponseItem[] = [];
  for (const item of items) {
    if (item.type === 'reasoning' && isGatewayId(item.id, 'rs') && typeof item['encrypted_content'] !== 'string') continue;
    const copy: ResponseItem = { ...item };
    if (isGatewayId(copy.id, 'msg') || isGatewayId(copy.id, 'fc') || isGatewayId(copy.id, 'rs')) delete copy.id;
    delete copy['extra_content'];
    out.push(copy);
  }
  return out;
}

/** This turn's input as items (a string input is one user message). */
export function inputItemsOf(input: ResponsesRequest['input']): ResponseItem[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return input ? [...input] : [];
}

/**
 * One POST /v1/responses turn as each candidate provider takes it: an `openai` provider gets the client's body
 * (only `model` replaced; a `previous_response_id` forwarded when that provider holds the state, else the stored
 * history expanded into `input`); every other kind gets the request translated to the internal chat model.
 */
export class ResponsesTurn {
  private readonly contexts: AdapterContexts;
  readonly createdAt = Math.floor(Date.now() / 1000);

  constructor(
    readonly req: ResponsesRequest,
    private readonly body: Json,
    readonly previous: StoredResponse | null,
    readonly stream: boolean,
    defaultMaxOutput: number,
  ) {
    this.contexts = new AdapterContexts(stream, defaultMaxOutput);
  }

  /** Every earlier item of the conversation (the stored inputs and outputs), oldest first. */
  get history(): ResponseItem[] {
    return this.previous ? [...this.previous.inputItems, ...this.previous.response.output] : [];
  }

  /** The conversation up to this turn's answer, as stored with it. */
  conversation(): ResponseItem[] {
    return [...this.history, ...inputItemsOf(this.req.input)];
  }

  isRelay(c: Candidate): boolean {
    return c.rt.def.kind === 'openai';
  }

  readonly translate = (c: Candidate): WireRequest => {
    if (this.isRelay(c)) return responsesRelayRequest(this.relayBody(c), c.upstreamModel, this.stream);
    return this.contexts.toWire(c, responsesToChat(this.req, this.history, this.stream));
  };

  context(c: Candidate): AdapterContext {
    return this.contexts.context(c);
  }

  /** Whether the answer from `c` will also be kept by that OpenAI provider (so a later turn there can forward its id). */
  upstreamKeeps(c: Candidate): boolean {
    return this.isRelay(c) && this.req.store !== false;
  }

  private relayBody(c: Candidate): Json {
    const prev = this.previous;
    if (!prev) return this.body;
    if (prev.upstreamId && prev.provider === c.provider) return prev.upstreamId === this.req.previous_response_id ? this.body : { ...this.body, previous_response_id: prev.upstreamId };
    const { previous_response_id: _dropped, ...rest } = this.body;
    return { ...rest, input: [...historyForOpenAI(this.history), ...inputItemsOf(this.req.input)] };
  }
}
