import {
  AdapterError,
  asRecord,
  asString,
  isRecord,
  nowSeconds,
  toOpenAIUsage,
  upstreamInvalid,
  withToolCalls,
  type AdapterContext,
  type AssistantMessage,
  type ChatCompletion,
  type NormalizedUsage,
  type ToolCall,
} from '../core/index.js';
import {
  ollamaCreated,
  ollamaFinish,
  ollamaResponseId,
  ollamaStreamError,
  ollamaToolCalls,
  ollamaUsage,
} from './ollama.common.js';

export function ollamaFromWire(body: unknown, ctx: AdapterContext): { completion: ChatCompletion; usage: NormalizedUsage } {
  if (!isRecord(body)) throw upstreamInvalid('ollama', 'not a JSON object');
  if (body['error'] !== undefined) {
    const e = ollamaStreamError(body['error']);
    throw new AdapterError(e.message, null, { status: e.status, type: e.type, code: null });
  }
  if (!isRecord(body['message'])) throw upstreamInvalid('ollama', "no 'message' object");
  const msg = asRecord(body['message']);
  const id = ollamaResponseId(body);
  const calls: ToolCall[] = ollamaToolCalls(msg, id, 0).map(({ id: callId, function: fn }) => ({
    id: callId ?? '',
    type: 'function',
    function: { name: fn?.name ?? '', arguments: fn?.arguments ?? '{}' },
  }));
  const text = asString(msg['content']) ?? '';
  const message: AssistantMessage = { role: 'assistant', content: text !== '' || calls.length === 0 ? text : null, refusal: null };
  const thinking = asString(msg['thinking']);
  if (thinking) message.reasoning_content = thinking;
  if (calls.length) message.tool_calls = calls;
  const usage = ollamaUsage(body);
  const completion: ChatCompletion = {
    id,
    object: 'chat.completion',
    created: ollamaCreated(body, nowSeconds(ctx.now)),
    model: asString(body['model']) ?? ctx.upstreamModel,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: withToolCalls(ollamaFinish(body['done_reason']), calls.length > 0) },
    ],
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}
