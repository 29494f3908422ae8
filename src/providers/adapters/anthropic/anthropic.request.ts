import {
  checkMessages,
  checkParams,
  checkTools,
  contentParts,
  invalid,
  isHttpUrl,
  isRecord,
  normalizeResponseFormat,
  normalizeToolChoice,
  parseArguments,
  parseDataUrl,
  present,
  requestedMaxTokens,
  stopList,
  unsupported,
  type AdapterContext,
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  type JsonObject,
  type WireRequest,
} from '../core/index.js';

const P = 'anthropic';
const HANDLED: ReadonlySet<string> = new Set([
  'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice',
  'parallel_tool_calls', 'response_format', 'reasoning_effort', 'user',
]);
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
/** reasoning_effort → thinking.budget_tokens (clamped below max_tokens; Anthropic's floor is 1024). */
export const THINKING_BUDGET: Readonly<Record<string, number>> = {
  minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32768,
};

type Block = JsonObject;
interface Turn { role: 'user' | 'assistant'; content: Block[] }

function textBlock(text: string, part?: ContentPart): Block {
  const b: Block = { type: 'text', text };
  if (part && part.type === 'text' && isRecord(part.cache_control)) b['cache_control'] = { ...part.cache_control };
  return b;
}

function imageBlock(part: ContentPart, param: string): Block {
  const url = part.type === 'image_url' && isRecord(part.image_url) ? part.image_url.url : undefined;
  if (typeof url !== 'string') throw invalid(param, 'An image_url part needs image_url.url.');
  const data = parseDataUrl(url);
  if (data) {
    if (!IMAGE_TYPES.has(data.mimeType)) throw unsupported(param, P, `image type ${data.mimeType} (jpeg, png, gif, webp only)`);
    return { type: 'image', source: { type: 'base64', media_type: data.mimeType, data: data.data } };
  }
  if (isHttpUrl(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalid(param, 'image_url.url must be a data URL or an http(s) URL.');
}

function userBlocks(m: ChatMessage, i: number): Block[] {
  return contentParts(m).flatMap((part, j): Block[] => {
    const param = `messages[${i}].content[${j}]`;
    if (part.type === 'text') return part.text === '' ? [] : [textBlock(part.text, part)];
    if (part.type === 'image_url') return [imageBlock(part, `${param}.image_url`)];
    if (part.type === 'file') {
      const data = typeof part.file?.file_data === 'string' ? parseDataUrl(part.file.file_data) : null;
      if (data?.mimeType !== 'application/pdf') throw unsupported(param, P, 'only PDF files given as file_data data URLs');
      return [{ type: 'document', source: { type: 'base64', media_type: data.mimeType, data: data.data } }];
    }
    throw unsupported(param, P, `content part type '${String(part.type)}'`);
  });
}

function assistantBlocks(m: ChatMessage, i: number): Block[] {
  const blocks: Block[] = [];
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  const carried = calls[0]?.extra_content?.['anthropic']?.['thinking_blocks'];
  if (Array.isArray(carried)) blocks.push(...carried.filter(isRecord).map((b) => ({ ...b })));
  contentParts(m).forEach((part, j) => {
    if (part.type === 'text' && part.text !== '') blocks.push(textBlock(part.text, part));
    else if (part.type === 'refusal') blocks.push(textBlock(part.refusal));
    else if (part.type !== 'text') throw unsupported(`messages[${i}].content[${j}]`, P, 'assistant messages hold text only');
  });
  calls.forEach((c, k) => {
    const param = `messages[${i}].tool_calls[${k}]`;
    if (!isRecord(c) || c.type !== 'function' || typeof c.id !== 'string' || !isRecord(c.function) || typeof c.function.name !== 'string') {
      throw invalid(param, 'A tool call needs an id, type function and a function name.');
    }
    const input = parseArguments(c.function?.arguments, `${param}.function.arguments`);
    blocks.push({ type: 'tool_use', id: c.id, name: c.function.name, input });
  });
  return blocks;
}

function toolResult(m: ChatMessage, i: number): Block {
  if (typeof m.tool_call_id !== 'string') throw invalid(`messages[${i}].tool_call_id`, 'A tool message needs tool_call_id.');
  let content: unknown;
  if (typeof m.content === 'string') content = m.content;
  else content = contentParts(m).map((p, j) => {
    if (p.type !== 'text') throw unsupported(`messages[${i}].content[${j}]`, P, 'tool results hold text only');
    return textBlock(p.text, p);
  });
  return { type: 'tool_result', tool_use_id: m.tool_call_id, content };
}

function systemBlocks(m: ChatMessage, i: number): Block[] {
  return contentParts(m).map((p, j) => {
    if (p.type !== 'text') throw unsupported(`messages[${i}].content[${j}]`, P, 'system messages hold text only');
    return textBlock(p.text, p);
  });
}

function toolChoice(req: ChatRequest): Block | undefined {
  const tc = normalizeToolChoice(req.tool_choice);
  const parallel = req.parallel_tool_calls;
  if (tc?.mode === 'none') return { type: 'none' };
  if (!tc && typeof parallel !== 'boolean') return undefined;
  const out: Block =
    tc?.mode === 'named' ? { type: 'tool', name: tc.name } : { type: tc?.mode === 'required' ? 'any' : 'auto' };
  if (typeof parallel === 'boolean') out['disable_parallel_tool_use'] = !parallel;
  return out;
}

function thinking(req: ChatRequest, maxTokens: number, choice: Block | undefined): Block | undefined {
  const effort = req.reasoning_effort;
  if (!present(effort)) return undefined;
  if (effort === 'none') return { type: 'disabled' };
  const budget = THINKING_BUDGET[effort as string];
  if (budget === undefined) throw invalid('reasoning_effort', `Unknown reasoning_effort '${String(effort)}'.`);
  const clamped = Math.min(budget, maxTokens - 1);
  if (clamped < 1024) throw unsupported('reasoning_effort', P, 'thinking needs max_tokens above 1024');
  if (present(req.temperature) && req.temperature !== 1) throw unsupported('temperature', P, 'temperature must be 1 (or unset) with reasoning_effort');
  if (present(req.top_p) && (req.top_p as number) < 0.95) throw unsupported('top_p', P, 'top_p must be ≥ 0.95 with reasoning_effort');
  if (choice?.['type'] === 'any' || choice?.['type'] === 'tool') throw unsupported('tool_choice', P, 'a forced tool choice cannot be combined with reasoning_effort');
  return { type: 'enabled', budget_tokens: clamped };
}

function outputConfig(req: ChatRequest): Block | undefined {
  const rf = normalizeResponseFormat(req);
  if (rf?.kind === 'json_schema') return { format: { type: 'json_schema', schema: rf.schema } };
  if (rf?.kind === 'json_object') throw unsupported('response_format', P, 'json_object has no equivalent; send a json_schema');
  return undefined;
}

export function anthropicToWire(req: ChatRequest, ctx: AdapterContext): WireRequest {
  checkMessages(req, P);
  const dropped = checkParams(req, P, HANDLED);
  const system: Block[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn['role'], blocks: Block[]): void => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  req.messages.forEach((m, i) => {
    if (present(m.name)) dropped.push(`messages[${i}].name`);
    if (m.role === 'system' || m.role === 'developer') system.push(...systemBlocks(m, i));
    else if (m.role === 'user') push('user', userBlocks(m, i));
    else if (m.role === 'assistant') push('assistant', assistantBlocks(m, i));
    else push('user', [toolResult(m, i)]);
  });
  const tools = checkTools(req.tools, P).map((t) => {
    const tool: Block = { name: t.function.name };
    if (present(t.function.description)) tool['description'] = t.function.description;
    tool['input_schema'] = isRecord(t.function.parameters) ? structuredClone(t.function.parameters) : { type: 'object', properties: {} };
    if (typeof t.function.strict === 'boolean') tool['strict'] = t.function.strict;
    return tool;
  });
  const maxTokens = requestedMaxTokens(req) ?? ctx.defaultMaxTokens;
  const choice = toolChoice(req);
  const body: JsonObject = { model: ctx.upstreamModel, max_tokens: maxTokens };
  if (system.length) {
    body['system'] = system.some((b) => b['cache_control']) ? system : system.map((b) => b['text']).join('\n\n');
  }
  body['messages'] = turns;
  if (tools.length) body['tools'] = tools;
  if (choice) body['tool_choice'] = choice;
  const stops = stopList(req);
  if (stops) body['stop_sequences'] = stops;
  if (typeof req.temperature === 'number' && req.temperature > 1) throw unsupported('temperature', P, 'the range is 0 to 1');
  for (const k of ['temperature', 'top_p', 'top_k'] as const) if (present(req[k])) body[k] = req[k];
  const userId = typeof req.user === 'string' && req.user !== '' ? req.user : undefined;
  if (userId) body['metadata'] = { user_id: userId };
  const think = thinking(req, maxTokens, choice);
  if (think) body['thinking'] = think;
  const out = outputConfig(req);
  if (out) body['output_config'] = out;
  body['stream'] = ctx.stream;
  const wire: WireRequest = {
    path: 'messages',
    headers: { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json' },
    body,
    framing: ctx.stream ? 'sse' : 'json',
  };
  if (dropped.length) wire.dropped = dropped;
  return wire;
}
