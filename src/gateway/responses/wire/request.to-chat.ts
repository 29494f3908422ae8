import { AdapterError, type ChatMessage, type ChatRequest, type ContentPart, type FunctionTool, type ReasoningEffort, type ResponseFormat, type ToolCall, type ToolChoice } from '../../../providers/index.js';
import type { Json, ResponseItem, ResponsesRequest } from './responses.types.js';

/**
 * A Responses request (plus the stored history it continues) → the internal chat model, for every provider kind that
 * does not speak Responses. Pure. What a provider kind cannot take (hosted tools, file inputs, item references) is
 * refused with a 400 naming the parameter, never dropped silently.
 */

function refuse(param: string, what: string): never {
  throw new AdapterError(`${what} is only available on OpenAI providers (the Responses API is translated for this model's provider).`, param);
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Input/output content parts → chat content parts. */
function parts(content: unknown, at: string): string | ContentPart[] {
  if (typeof content === 'string') return content;
  const out: ContentPart[] = [];
  (Array.isArray(content) ? content : []).forEach((p: unknown, j) => {
    const part = isObj(p) ? p : {};
    const type = part['type'];
    if (type === 'input_text' || type === 'output_text' || type === 'text' || type === 'summary_text') out.push({ type: 'text', text: String(part['text'] ?? '') });
    else if (type === 'refusal') out.push({ type: 'text', text: String(part['refusal'] ?? '') });
    else if (type === 'input_image') {
      if (typeof part['image_url'] !== 'string') refuse(`${at}[${j}].file_id`, 'An image given by file_id');
      const detail = part['detail'];
      out.push({ type: 'image_url', image_url: { url: part['image_url'], ...(detail === 'low' || detail === 'high' || detail === 'auto' ? { detail } : {}) } });
    } else refuse(`${at}[${j}]`, `A '${String(type)}' content part`);
  });
  return out;
}

function textOf(content: string | ContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((p: unknown) => (isObj(p) && typeof p['text'] === 'string' ? p['text'] : '')).join('');
  return output === undefined || output === null ? '' : JSON.stringify(output);
}

/**
 * Items in order → chat messages: consecutive function calls (and the text before them) share one assistant message.
 * `history`: stored items from earlier turns, where records of OpenAI's hosted tools (web_search_call…) are skipped
 * (the answer that followed them carries their result) instead of refused.
 */
export function itemsToMessages(items: readonly ResponseItem[], at = 'input', history = false): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let reasoning = '';
  let open: ChatMessage | null = null; // the assistant message function calls may still join
  const assistant = (): ChatMessage => {
    if (open) return open;
    open = { role: 'assistant', content: null };
    if (reasoning) open.reasoning_content = reasoning;
    reasoning = '';
    messages.push(open);
    return open;
  };
  items.forEach((item, i) => {
    const p = `${at}[${i}]`;
    const type = item.type ?? (typeof item['role'] === 'string' ? 'message' : undefined);
    if (type === 'message') {
      const role = String(item['role']);
      const content = parts(item['content'], `${p}.content`);
      if (role === 'assistant') {
        open = null;
        const m = assistant();
        m.content = textOf(content);
        return;
      }
      open = null;
      messages.push({ role: role === 'developer' ? 'developer' : role === 'system' ? 'system' : 'user', content: role === 'user' ? content : textOf(content) });
    } else if (type === 'function_call') {
      const m = assistant();
      const call: ToolCall = { id: String(item['call_id']), type: 'function', function: { name: String(item['name']), arguments: typeof item['arguments'] === 'string' ? item['arguments'] : '{}' } };
      if (isObj(item['extra_content'])) call.extra_content = item['extra_content'] as ToolCall['extra_content'];
      (m.tool_calls ??= []).push(call);
    } else if (type === 'function_call_output') {
      open = null;
      messages.push({ role: 'tool', tool_call_id: String(item['call_id']), content: outputText(item['output']) });
    } else if (type === 'reasoning') {
      const summary = Array.isArray(item['summary']) ? item['summary'] : [];
      const text = summary.map((s: unknown) => (isObj(s) && typeof s['text'] === 'string' ? s['text'] : '')).join('\n');
      if (text) reasoning = reasoning ? `${reasoning}\n${text}` : text;
    } else if (type === 'item_reference') {
      refuse(p, 'An item_reference input item');
    } else if (history) {
      return;
    } else {
      refuse(p, `A '${String(type)}' input item`);
    }
  });
  return messages;
}

function tools(req: ResponsesRequest): FunctionTool[] | undefined {
  if (!req.tools || req.tools.length === 0) return undefined;
  return req.tools.map((t, i) => {
    if (t['type'] !== 'function') refuse(`tools[${i}]`, `The hosted tool '${String(t['type'])}'`);
    const fn: FunctionTool['function'] = { name: String(t['name']) };
    if (typeof t['description'] === 'string') fn.description = t['description'];
    if (isObj(t['parameters'])) fn.parameters = t['parameters'];
    if (typeof t['strict'] === 'boolean') fn.strict = t['strict'];
    return { type: 'function', function: fn };
  });
}

function toolChoice(choice: ResponsesRequest['tool_choice']): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return choice as ToolChoice;
  if (choice['type'] === 'function') return { type: 'function', function: { name: String(choice['name']) } };
  return refuse('tool_choice', `The tool choice '${String(choice['type'])}'`);
}

function responseFormat(req: ResponsesRequest): ResponseFormat | undefined {
  const format = req.text?.format;
  if (!format || format['type'] === 'text') return undefined;
  if (format['type'] === 'json_object') return { type: 'json_object' };
  const js: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } = { name: String(format['name']) };
  if (typeof format['description'] === 'string') js.description = format['description'];
  if (isObj(format['schema'])) js.schema = format['schema'];
  if (typeof format['strict'] === 'boolean') js.strict = format['strict'];
  return { type: 'json_schema', json_schema: js };
}

/** The chat request for one Responses request continuing `history` (stored input and output items, oldest first). */
export function responsesToChat(req: ResponsesRequest, history: readonly ResponseItem[], stream: boolean): ChatRequest {
  const messages: ChatMessage[] = [];
  if (typeof req.instructions === 'string' && req.instructions !== '') messages.push({ role: 'system', content: req.instructions });
  messages.push(...itemsToMessages(history, 'previous_response_id', true));
  if (typeof req.input === 'string') messages.push({ role: 'user', content: req.input });
  else messages.push(...itemsToMessages(req.input ?? []));
  if (messages.length === 0) throw new AdapterError("'input' must contain at least one item.", 'input', { code: 'invalid_value' });
  const chat: ChatRequest = { model: req.model, messages };
  if (stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  const t = tools(req);
  if (t) chat.tools = t;
  const tc = toolChoice(req.tool_choice);
  if (tc !== undefined && t) chat.tool_choice = tc;
  if (typeof req.parallel_tool_calls === 'boolean' && t) chat.parallel_tool_calls = req.parallel_tool_calls;
  const rf = responseFormat(req);
  if (rf) chat.response_format = rf;
  if (typeof req.reasoning?.effort === 'string') chat.reasoning_effort = req.reasoning.effort as ReasoningEffort;
  if (typeof req.max_output_tokens === 'number') chat.max_completion_tokens = req.max_output_tokens;
  if (typeof req.temperature === 'number') chat.temperature = req.temperature;
  if (typeof req.top_p === 'number') chat.top_p = req.top_p;
  if (typeof req.user === 'string') chat.user = req.user;
  return chat;
}
