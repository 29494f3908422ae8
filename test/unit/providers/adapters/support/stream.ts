import type { NormalizedUsage, ProviderError, StreamEvent, StreamMapper } from '../../../../../src/providers/adapters/index.js';

/** Cuts `text` at the given positions (any values; normalised into sorted in-range offsets). */
export function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.abs(c) % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(text.slice(prev, p));
    prev = p;
  }
  parts.push(text.slice(prev));
  return parts;
}

export function run(mapper: StreamMapper, parts: string[], close = true): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const p of parts) events.push(...mapper.push(p));
  if (close) events.push(...mapper.end());
  return events;
}

export interface AssembledCall {
  id?: string;
  name: string;
  arguments: string;
  extra_content?: unknown;
}

export interface AssembledChoice {
  role?: string;
  content: string;
  reasoning: string;
  toolCalls: AssembledCall[];
  finish: string | null;
}

export interface Assembled {
  choices: Map<number, AssembledChoice>;
  usage?: NormalizedUsage;
  usageEvents: number;
  done: boolean;
  error?: ProviderError;
  /** Violations of the event protocol (events after the terminal one, chunks after usage, …). */
  protocol: string[];
}

/** Reassembles chunks the way an OpenAI client does, checking the event protocol on the way. */
export function assemble(events: StreamEvent[]): Assembled {
  const out: Assembled = { choices: new Map(), usageEvents: 0, done: false, protocol: [] };
  let terminal = false;
  for (const ev of events) {
    if (terminal) out.protocol.push(`event after terminal: ${ev.type}`);
    if (ev.type === 'done') {
      if (out.usageEvents !== 1) out.protocol.push('done without exactly one usage event');
      out.done = true;
      terminal = true;
    } else if (ev.type === 'error') {
      out.error = ev.error;
      terminal = true;
    } else if (ev.type === 'usage') {
      out.usageEvents++;
      out.usage = ev.usage;
    } else {
      if (out.usageEvents > 0) out.protocol.push('chunk after usage');
      if (ev.chunk.object !== 'chat.completion.chunk') out.protocol.push('not a chunk object');
      if ('usage' in ev.chunk && ev.chunk['usage'] !== undefined) out.protocol.push('chunk carries usage');
      for (const c of ev.chunk.choices) {
        const ch = out.choices.get(c.index) ?? { content: '', reasoning: '', toolCalls: [], finish: null };
        out.choices.set(c.index, ch);
        if (ch.finish !== null) out.protocol.push(`delta after finish on choice ${c.index}`);
        if (c.delta.role) ch.role = c.delta.role;
        if (typeof c.delta.content === 'string') ch.content += c.delta.content;
        if (typeof c.delta.reasoning_content === 'string') ch.reasoning += c.delta.reasoning_content;
        for (const t of c.delta.tool_calls ?? []) {
          const call = ch.toolCalls[t.index] ?? { name: '', arguments: '' };
          ch.toolCalls[t.index] = call;
          if (t.id) call.id = t.id;
          if (t.function?.name) call.name += t.function.name;
          if (t.function?.arguments) call.arguments += t.function.arguments;
          if (t.extra_content) call.extra_content = t.extra_content;
        }
        if (c.finish_reason) ch.finish = c.finish_reason;
      }
    }
  }
  return out;
}
