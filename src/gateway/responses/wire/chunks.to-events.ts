import type { Usage } from '../../../common/index.js';
import { toResponsesUsage, type ChatChunk, type FinishReason } from '../../../providers/index.js';
import { functionCallItem, messageItem, reasoningItem, responseShell, statusFor } from './completion.to-response.js';
import type { IdSource, ResponseEvent, ResponseItem, ResponseObject, ResponsesRequest } from './responses.types.js';

type Kind = 'message' | 'reasoning' | 'function_call';

interface Entry {
  kind: Kind;
  id: string;
  index: number;
  text: string;
  open: boolean;
  callId?: string;
  name?: string;
  extra?: unknown;
}

/**
 * Translated chat chunks → the Responses typed event stream: response.created / in_progress, then per output item
 * output_item.added, its content part, deltas and the matching .done events, then response.completed (or
 * response.incomplete, or response.failed), every event with an increasing sequence_number. One item is open at a
 * time: a new kind of content (or another tool call) closes the one before, as OpenAI streams do. Pure.
 */
export class ResponsesEventEncoder {
  readonly response: ResponseObject;
  private seq = 0;
  private readonly entries: Entry[] = [];
  private readonly tools = new Map<number, Entry>();
  private current: Entry | null = null;
  private finishReason: FinishReason | null = null;

  constructor(req: ResponsesRequest, private readonly ids: IdSource, createdAt: number) {
    this.response = responseShell(req, ids.next('resp'), createdAt);
  }

  /** Characters generated so far (the estimate when a provider never reports usage). */
  chars = 0;

  start(): ResponseEvent[] {
    const snapshot = { ...this.response, output: [] };
    return [this.ev('response.created', { response: snapshot }), this.ev('response.in_progress', { response: snapshot })];
  }

  push(chunk: ChatChunk): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    const choice = chunk.choices[0];
    if (!choice) return out;
    const d = choice.delta ?? {};
    if (typeof d.reasoning_content === 'string' && d.reasoning_content !== '') {
      const e = this.switchTo('reasoning', out);
      e.text += d.reasoning_content;
      this.chars += d.reasoning_content.length;
      out.push(this.ev('response.reasoning_summary_text.delta', { item_id: e.id, output_index: e.index, summary_index: 0, delta: d.reasoning_content }));
    }
    if (typeof d.content === 'string' && d.content !== '') {
      const e = this.switchTo('message', out);
      e.text += d.content;
      this.chars += d.content.length;
      out.push(this.ev('response.output_text.delta', { item_id: e.id, output_index: e.index, content_index: 0, delta: d.content, logprobs: [] }));
    }
    for (const t of d.tool_calls ?? []) {
      let e = this.tools.get(t.index);
      if (!e) {
        this.close(out);
        e = this.open('function_call', out, { callId: t.id ?? `call_${this.ids.next('fc').slice(3)}`, name: t.function?.name ?? '' });
        this.tools.set(t.index, e);
      } else if (this.current !== e) {
        continue; // a late delta for a call already closed: nothing valid to send (providers stream calls one after another)
      }
      if (t.function?.name && e.name === '') e.name = t.function.name;
      if (t.extra_content) e.extra = { ...(e.extra as object | undefined), ...t.extra_content };
      const args = t.function?.arguments ?? '';
      if (args !== '') {
        e.text += args;
        this.chars += args.length;
        out.push(this.ev('response.function_call_arguments.delta', { item_id: e.id, output_index: e.index, delta: args }));
      }
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  /** Close what is open and end with response.completed (or response.incomplete) carrying usage (and its cost). */
  finish(usage: Usage, cost: number): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    this.close(out);
    if (this.entries.length === 0) {
      this.open('message', out);
      this.close(out);
    }
    Object.assign(this.response, statusFor(this.finishReason), { output: this.output(), usage: { ...toResponsesUsage(usage), cost } });
    out.push(this.ev(this.response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: this.response }));
    return out;
  }

  /** A failure after the stream started: response.failed with the error and what was generated so far. */
  fail(error: { code: string | null; message: string }, usage: Usage | null, cost: number): ResponseEvent[] {
    Object.assign(this.response, { status: 'failed', error: { code: error.code ?? 'server_error', message: error.message }, output: this.output(), usage: usage ? { ...toResponsesUsage(usage), cost } : null });
    return [this.ev('response.failed', { response: this.response })];
  }

  /** The output items in their final form (open ones as they are so far). */
  output(): ResponseItem[] {
    return this.entries.map((e) => this.itemOf(e, e.open ? 'in_progress' : 'completed'));
  }

  private ev(type: string, fields: Record<string, unknown>): ResponseEvent {
    return { type, sequence_number: this.seq++, ...fields };
  }

  private itemOf(e: Entry, status: string): ResponseItem {
    if (e.kind === 'reasoning') return reasoningItem(e.id, e.text);
    if (e.kind === 'message') return messageItem(e.id, e.text, status);
    return functionCallItem(e.id, e.callId ?? '', e.name ?? '', e.text, e.extra, status);
  }

  private switchTo(kind: Kind, out: ResponseEvent[]): Entry {
    if (this.current?.kind === kind && kind !== 'function_call') return this.current;
    this.close(out);
    return this.open(kind, out);
  }

  private open(kind: Kind, out: ResponseEvent[], call: { callId?: string; name?: string } = {}): Entry {
    const prefix = kind === 'message' ? 'msg' : kind === 'reasoning' ? 'rs' : 'fc';
    const e: Entry = { kind, id: this.ids.next(prefix), index: this.entries.length, text: '', open: true, ...call };
    this.entries.push(e);
    this.current = e;
    if (kind === 'message') {
      out.push(this.ev('response.output_item.added', { output_index: e.index, item: { id: e.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }));
      out.push(this.ev('response.content_part.added', { item_id: e.id, output_index: e.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
    } else if (kind === 'reasoning') {
      out.push(this.ev('response.output_item.added', { output_index: e.index, item: { id: e.id, type: 'reasoning', summary: [] } }));
      out.push(this.ev('response.reasoning_summary_part.added', { item_id: e.id, output_index: e.index, summary_index: 0, part: { type: 'summary_text', text: '' } }));
    } else {
      out.push(this.ev('response.output_item.added', { output_index: e.index, item: functionCallItem(e.id, e.callId ?? '', e.name ?? '', '', undefined, 'in_progress') }));
    }
    return e;
  }

  private close(out: ResponseEvent[]): void {
    const e = this.current;
    this.current = null;
    if (!e || !e.open) return;
    e.open = false;
    if (e.kind === 'message') {
      out.push(this.ev('response.output_text.done', { item_id: e.id, output_index: e.index, content_index: 0, text: e.text, logprobs: [] }));
      out.push(this.ev('response.content_part.done', { item_id: e.id, output_index: e.index, content_index: 0, part: { type: 'output_text', text: e.text, annotations: [] } }));
    } else if (e.kind === 'reasoning') {
      out.push(this.ev('response.reasoning_summary_text.done', { item_id: e.id, output_index: e.index, summary_index: 0, text: e.text }));
      out.push(this.ev('response.reasoning_summary_part.done', { item_id: e.id, output_index: e.index, summary_index: 0, part: { type: 'summary_text', text: e.text } }));
    } else {
      out.push(this.ev('response.function_call_arguments.done', { item_id: e.id, output_index: e.index, name: e.name, arguments: e.text }));
    }
    out.push(this.ev('response.output_item.done', { output_index: e.index, item: this.itemOf(e, 'completed') }));
  }
}
