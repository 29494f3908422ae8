import {
  AdapterError,
  asArray,
  asRecord,
  asString,
  isRecord,
  nowSeconds,
  toOpenAIUsage,
  upstreamInvalid,
  withToolCalls,
  type AdapterContext,
  type AssistantMessage,
  type ChatChoice,
  type ChatCompletion,
  type NormalizedUsage,
} from '../core/index.js';
import { candidateSeed, geminiFinish, geminiStreamError, geminiUsage, readParts } from './gemini.common.js';

export function geminiFromWire(body: unknown, ctx: AdapterContext): { completion: ChatCompletion; usage: NormalizedUsage } {
  if (!isRecord(body)) throw upstreamInvalid('gemini', 'not a JSON object');
  if (isRecord(body['error'])) {
    const e = geminiStreamError(body['error']);
    throw new AdapterError(e.message, null, { status: e.status, type: e.type, code: e.code });
  }
  const candidates = asArray(body['candidates']).filter(isRecord);
  const choices: ChatChoice[] = candidates.map((cand, pos) => {
    const index = typeof cand['index'] === 'number' ? cand['index'] : pos;
    const read = readParts(asRecord(cand['content'])['parts'], candidateSeed(body, index), 0);
    const message: AssistantMessage = {
      role: 'assistant',
      content: read.text !== '' || read.calls.length === 0 ? read.text : null,
      refusal: null,
    };
    if (read.reasoning) message.reasoning_content = read.reasoning;
    if (read.calls.length) message.tool_calls = read.calls;
    const finish = withToolCalls(geminiFinish(cand['finishReason']), read.calls.length > 0);
    return { index, message, logprobs: null, finish_reason: finish };
  });
  if (choices.length === 0) {
    // No candidate is only an answer when Gemini says why (a blocked prompt); anything else is not a Gemini response.
    if (!isRecord(body['promptFeedback']) && !isRecord(body['usageMetadata'])) throw upstreamInvalid('gemini', 'no candidates');
    const blocked = asRecord(body['promptFeedback'])['blockReason'] !== undefined;
    choices.push({
      index: 0,
      message: { role: 'assistant', content: blocked ? null : '', refusal: null },
      logprobs: null,
      finish_reason: blocked ? 'content_filter' : 'stop',
    });
  }
  const usage = geminiUsage(body['usageMetadata']);
  const completion: ChatCompletion = {
    id: asString(body['responseId']) ?? '',
    object: 'chat.completion',
    created: nowSeconds(ctx.now),
    model: asString(body['modelVersion']) ?? ctx.upstreamModel,
    choices,
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}
