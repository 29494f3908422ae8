import type { Usage } from '../../../common/index.js';
import { toResponsesUsage, type ChatCompletion, type FinishReason } from '../../../providers/index.js';
import type { IdSource, ResponseItem, ResponseObject, ResponsesRequest } from './responses.types.js';

/** The request's settings echoed on every Responses object (as OpenAI does), with the gateway's defaults. */
export function responseShell(req: ResponsesRequest, id: string, createdAt: number): ResponseObject {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    model: req.model,
    output: [],
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    store: req.store ?? true,
    temperature: req.temperature ?? null,
    text: { format: req.text?.format ?? { type: 'text' } },
    tool_choice: req.tool_choice ?? 'auto',
    tools: req.tools ?? [],
    top_p: req.top_p ?? null,
    truncation: 'disabled',
    usage: null,
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}

/** A chat finish reason → the response's status and incomplete details. */
export function statusFor(finish: FinishReason | null | undefined): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function reasoningItem(id: string, text: string): ResponseItem {
  return { id, type: 'reasoning', summary: [{ type: 'summary_text', text }] };
}

export function messageItem(id: string, text: string, status = 'completed'): ResponseItem {
  return { id, type: 'message', status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

export function functionCallItem(id: string, callId: string, name: string, args: string, extra: unknown, status = 'completed'): ResponseItem {
  const item: ResponseItem = { id, type: 'function_call', status, arguments: args, call_id: callId, name };
  // provider state a later turn must send back (Gemini thought signatures, Anthropic thinking blocks)
  if (extra && typeof extra === 'object') item['extra_content'] = extra;
  return item;
}

/** A translated chat completion → a Responses object (usage in the Responses shape; `cost` added by the caller). */
export function completionToResponse(completion: ChatCompletion, usage: Usage, req: ResponsesRequest, ids: IdSource, createdAt: number): ResponseObject {
  const response = responseShell(req, ids.next('resp'), createdAt);
  const choice = completion.choices[0];
  const message = choice?.message;
  const output: ResponseItem[] = [];
  if (typeof message?.reasoning_content === 'string' && message.reasoning_content !== '') output.push(reasoningItem(ids.next('rs'), message.reasoning_content));
  const text = typeof message?.content === 'string' ? message.content : '';
  if (text !== '' || !message?.tool_calls?.length) output.push(messageItem(ids.next('msg'), text));
  for (const call of message?.tool_calls ?? []) output.push(functionCallItem(ids.next('fc'), call.id, call.function.name, call.function.arguments, call.extra_content));
  Object.assign(response, statusFor(choice?.finish_reason), { output, usage: toResponsesUsage(usage) });
  return response;
}
