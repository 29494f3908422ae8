import {
  isRecord,
  present,
  unsupported,
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  type FunctionTool,
  type JsonObject,
  type ReasoningEffort,
  type ToolCall,
  type ToolChoice,
} from '../../core/index.js';

/** Options of one translation: what the target provider kind takes beyond the common fields. */
export interface MessagesToChatOptions {
  /** The provider name, for error messages. */
  provider: string;
  /** The target honours top_k (Gemini, Ollama); elsewhere it is refused. */
  topK: boolean;
}

const SUPPORTED = 'text, image, document, tool_use, tool_result, thinking and redacted_thinking blocks';

/** thinking.budget_tokens → reasoning_effort (the inverse of the anthropic adapter's THINKING_BUDGET, by range). */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 2048) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}

function blocksOf(content: unknown): JsonObject[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isRecord) : [];
}

function userPart(block: JsonObject, param: string, provider: string): ContentPart {
  switch (block['type']) {
    case 'text':
      return { type: 'text', text: String(block['text'] ?? '') };
    case 'image':
      return { type: 'image_url', image_url: { url: sourceUrl(block['source'], param, provider) } };
    case 'document': {
      const source = block['source'];
      if (isRecord(source) && source['type'] === 'text' && typeof source['data'] === 'string') return { type: 'text', text: source['data'] };
      if (isRecord(source) && source['type'] === 'base64' && source['media_type'] === 'application/pdf' && typeof source['data'] === 'string') {
        return { type: 'file', file: { file_data: `data:application/pdf;base64,${source['data']}`, ...(typeof block['title'] === 'string' ? { filename: block['title'] } : {}) } };
      }
      throw unsupported(`${param}.source`, provider, 'documents as base64 PDF or plain text only');
    }
    default:
      throw unsupported(`${param}.type`, provider, `'${String(block['type'])}' blocks (${SUPPORTED} are translated)`);
  }
}

function sourceUrl(source: unknown, param: string, provider: string): string {
  if (isRecord(source) && source['type'] === 'base64' && typeof source['media_type'] === 'string' && typeof source['data'] === 'string') {
    return `data:${source['media_type']};base64,${source['data']}`;
  }
  if (isRecord(source) && source['type'] === 'url' && typeof source['url'] === 'string') return source['url'];
  throw unsupported(`${param}.source`, provider, 'images as base64 or url sources only');
}

function toolResultText(block: JsonObject, param: string, provider: string): string | ContentPart[] {
  const content = block['content'];
  const prefix = block['is_error'] === true ? 'Error: ' : '';
  if (content === undefined || content === null) return prefix;
  if (typeof content === 'string') return prefix + content;
  const parts = blocksOf(content).map((b, j) => {
    if (b['type'] !== 'text') throw unsupported(`${param}.content[${j}]`, provider, 'tool results hold text only');
    return String(b['text'] ?? '');
  });
  return prefix + parts.join('\n');
}

function userMessages(content: unknown, i: number, provider: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  let parts: ContentPart[] = [];
  const flush = (): void => {
    if (parts.length) out.push({ role: 'user', content: parts });
    parts = [];
  };
  if (typeof content === 'string') return [{ role: 'user', content }];
  blocksOf(content).forEach((block, j) => {
    const param = `messages[${i}].content[${j}]`;
    if (block['type'] === 'tool_result') {
      flush();
      out.push({ role: 'tool', tool_call_id: String(block['tool_use_id'] ?? ''), content: toolResultText(block, param, provider) });
    } else {
      parts.push(userPart(block, param, provider));
    }
  });
  flush();
  return out;
}

function assistantMessage(content: unknown, i: number, provider: string): ChatMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  let reasoning = '';
  const calls: ToolCall[] = [];
  blocksOf(content).forEach((block, j) => {
    const param = `messages[${i}].content[${j}]`;
    switch (block['type']) {
      case 'text':
        text += String(block['text'] ?? '');
        break;
      case 'thinking':
        reasoning += String(block['thinking'] ?? '');
        break;
      case 'redacted_thinking':
        break; // opaque to every other provider
      case 'tool_use':
        calls.push({ id: String(block['id'] ?? ''), type: 'function', function: { name: String(block['name'] ?? ''), arguments: JSON.stringify(block['input'] ?? {}) } });
        break;
      default:
        throw unsupported(`${param}.type`, provider, `'${String(block['type'])}' blocks in assistant turns`);
    }
  });
  const m: ChatMessage = { role: 'assistant', content: text === '' && calls.length ? null : text };
  if (reasoning) m.reasoning_content = reasoning;
  if (calls.length) m.tool_calls = calls;
  return m;
}

function systemMessage(system: unknown, provider: string): ChatMessage | null {
  if (typeof system === 'string') return system === '' ? null : { role: 'system', content: system };
  const texts = blocksOf(system).map((b, j) => {
    if (b['type'] !== 'text') throw unsupported(`system[${j}].type`, provider, 'system blocks hold text only');
    return String(b['text'] ?? '');
  });
  return texts.length ? { role: 'system', content: texts.join('\n\n') } : null;
}

function tools(raw: unknown, provider: string): FunctionTool[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.filter(isRecord).map((t, k) => {
    if (present(t['type']) && t['type'] !== 'custom') throw unsupported(`tools[${k}].type`, provider, `server tool '${String(t['type'])}'`);
    const fn: FunctionTool['function'] = { name: String(t['name'] ?? '') };
    if (typeof t['description'] === 'string') fn.description = t['description'];
    if (isRecord(t['input_schema'])) fn.parameters = structuredClone(t['input_schema']);
    return { type: 'function', function: fn };
  });
}

function toolChoice(raw: unknown): { choice?: ToolChoice; parallel?: boolean } {
  if (!isRecord(raw)) return {};
  const disable = raw['disable_parallel_tool_use'];
  const parallel = typeof disable === 'boolean' ? !disable : undefined;
  const choice: ToolChoice | undefined =
    raw['type'] === 'any' ? 'required' : raw['type'] === 'none' ? 'none' : raw['type'] === 'tool' ? { type: 'function', function: { name: String(raw['name'] ?? '') } } : raw['type'] === 'auto' ? 'auto' : undefined;
  return { ...(choice ? { choice } : {}), ...(parallel !== undefined ? { parallel } : {}) };
}

/**
 * An Anthropic Messages request (already validated by the surface) → the internal model (OpenAI Chat Completions),
 * for providers that do not speak Messages. cache_control markers have no equivalent and are left out; thinking
 * becomes reasoning_effort; tool_result blocks become tool messages in their order. Pure.
 */
export function chatFromMessages(body: JsonObject, options: MessagesToChatOptions): ChatRequest {
  const provider = options.provider;
  const messages: ChatMessage[] = [];
  const system = systemMessage(body['system'], provider);
  if (system) messages.push(system);
  const turns = Array.isArray(body['messages']) ? body['messages'].filter(isRecord) : [];
  turns.forEach((m, i) => {
    if (m['role'] === 'assistant') messages.push(assistantMessage(m['content'], i, provider));
    else messages.push(...userMessages(m['content'], i, provider));
  });
  const req: ChatRequest = { model: String(body['model'] ?? ''), messages };
  if (typeof body['max_tokens'] === 'number') req.max_tokens = body['max_tokens'];
  for (const k of ['temperature', 'top_p'] as const) if (typeof body[k] === 'number') req[k] = body[k];
  if (typeof body['top_k'] === 'number') {
    if (!options.topK) throw unsupported('top_k', provider);
    req['top_k'] = body['top_k'];
  }
  if (Array.isArray(body['stop_sequences']) && body['stop_sequences'].length) req.stop = body['stop_sequences'].map(String);
  const t = tools(body['tools'], provider);
  if (t) req.tools = t;
  const tc = toolChoice(body['tool_choice']);
  if (tc.choice) req.tool_choice = tc.choice;
  if (tc.parallel !== undefined && t) req.parallel_tool_calls = tc.parallel;
  const thinking = body['thinking'];
  if (isRecord(thinking) && thinking['type'] === 'enabled') req.reasoning_effort = effortForBudget(Number(thinking['budget_tokens'] ?? 0));
  else if (isRecord(thinking) && thinking['type'] === 'adaptive') req.reasoning_effort = 'medium';
  const metadata = body['metadata'];
  if (isRecord(metadata) && typeof metadata['user_id'] === 'string' && metadata['user_id'] !== '') req.user = metadata['user_id'];
  if (body['stream'] === true) {
    req.stream = true;
    req.stream_options = { include_usage: true };
  }
  return req;
}
