import {
  AdapterError,
  asArray,
  asString,
  isRecord,
  nowSeconds,
  toOpenAIUsage,
  upstreamInvalid,
  withToolCalls,
  type AdapterContext,
  type AssistantMessage,
  type ChatCompletion,
  type JsonObject,
  type NormalizedUsage,
  type ToolCall,
} from '../core/index.js';
import { anthropicFinish, anthropicStreamError, anthropicUsage } from './anthropic.common.js';

/** Thinking blocks ride on the first tool call so the client's next turn can replay them. */
export function withThinking(call: ToolCall, blocks: JsonObject[]): ToolCall {
  return blocks.length ? { ...call, extra_content: { anthropic: { thinking_blocks: blocks } } } : call;
}

export function anthropicFromWire(body: unknown, ctx: AdapterContext): { completion: ChatCompletion; usage: NormalizedUsage } {
  if (!isRecord(body)) throw upstreamInvalid('anthropic', 'not a JSON object');
  if (body['type'] === 'error') {
    const e = anthropicStreamError(body);
    throw new AdapterError(e.message, null, { status: e.status, type: e.type, code: null });
  }
  if (!Array.isArray(body['content'])) throw upstreamInvalid('anthropic', "no 'content' array");
  let text = '';
  let sawText = false;
  let reasoning = '';
  const thinking: JsonObject[] = [];
  const calls: ToolCall[] = [];
  for (const block of asArray(body['content'])) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'text') {
      text += asString(block['text']) ?? '';
      sawText = true;
    } else if (block['type'] === 'thinking') {
      reasoning += asString(block['thinking']) ?? '';
      thinking.push({ type: 'thinking', thinking: block['thinking'], signature: block['signature'] });
    } else if (block['type'] === 'redacted_thinking') {
      thinking.push({ type: 'redacted_thinking', data: block['data'] });
    } else if (block['type'] === 'tool_use') {
      calls.push({
        id: String(block['id']),
        type: 'function',
        function: { name: String(block['name']), arguments: JSON.stringify(block['input'] ?? {}) },
      });
    }
  }
  if (calls[0]) calls[0] = withThinking(calls[0], thinking);
  const message: AssistantMessage = {
    role: 'assistant',
    content: sawText || calls.length === 0 ? text : null,
    refusal: null,
  };
  if (reasoning) message.reasoning_content = reasoning;
  if (calls.length) message.tool_calls = calls;
  const usage = anthropicUsage(body['usage']);
  const completion: ChatCompletion = {
    id: String(body['id'] ?? ''),
    object: 'chat.completion',
    created: nowSeconds(ctx.now),
    model: asString(body['model']) ?? ctx.upstreamModel,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: withToolCalls(anthropicFinish(body['stop_reason']), calls.length > 0),
      },
    ],
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}
