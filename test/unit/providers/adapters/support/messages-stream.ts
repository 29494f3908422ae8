import type { RelayEvent } from '../../../../../src/providers/adapters/index.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Reassembled {
  message: Json;
  done: boolean;
  errors: number;
  /** Protocol slips: deltas for unknown blocks, events before message_start, unbalanced blocks. */
  protocol: string[];
}

function dataOf(frame: string): Json {
  return JSON.parse(frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));
}

/** Rebuilds a Message from Messages stream events the way Anthropic's SDKs accumulate them. */
export function reassemble(events: RelayEvent[]): Reassembled {
  const out: Reassembled = { message: null, done: false, errors: 0, protocol: [] };
  const partial = new Map<number, string>();
  const open = new Set<number>();
  const frames = events.flatMap((e) => (e.type === 'frame' ? [e.text] : e.type === 'done' ? [e.tail] : []));
  out.errors = events.filter((e) => e.type === 'error').length;
  for (const frame of frames) {
    const data = dataOf(frame);
    if (data.type !== 'message_start' && !out.message) out.protocol.push(`${data.type} before message_start`);
    switch (data.type) {
      case 'message_start':
        out.message = structuredClone(data.message);
        break;
      case 'content_block_start':
        if (data.index !== out.message.content.length) out.protocol.push(`block ${data.index} out of order`);
        out.message.content[data.index] = structuredClone(data.content_block);
        open.add(data.index);
        partial.set(data.index, '');
        break;
      case 'content_block_delta': {
        const block = out.message.content[data.index];
        if (!block) {
          out.protocol.push(`delta for unknown block ${data.index}`);
          break;
        }
        const d = data.delta;
        if (d.type === 'text_delta') block.text += d.text;
        else if (d.type === 'thinking_delta') block.thinking += d.thinking;
        else if (d.type === 'signature_delta') block.signature += d.signature;
        else if (d.type === 'input_json_delta') partial.set(data.index, (partial.get(data.index) ?? '') + d.partial_json);
        break;
      }
      case 'content_block_stop': {
        const block = out.message.content[data.index];
        if (!open.delete(data.index)) out.protocol.push(`stop for closed block ${data.index}`);
        if (block?.type === 'tool_use') {
          const json = partial.get(data.index) ?? '';
          block.input = json === '' ? {} : JSON.parse(json);
        }
        break;
      }
      case 'message_delta':
        out.message.stop_reason = data.delta.stop_reason;
        out.message.stop_sequence = data.delta.stop_sequence;
        out.message.usage = { ...out.message.usage, ...data.usage };
        break;
      case 'message_stop':
        out.done = true;
        break;
      default:
        break;
    }
  }
  if (open.size) out.protocol.push(`blocks left open: ${[...open].join(',')}`);
  return out;
}
