import {
  checkMessages,
  checkParams,
  checkTools,
  contentParts,
  invalid,
  isRecord,
  normalizeResponseFormat,
  normalizeToolChoice,
  parseArguments,
  parseDataUrl,
  present,
  requestedMaxTokens,
  stopList,
  textOnly,
  toolNamesById,
  unsupported,
  type AdapterContext,
  type ChatMessage,
  type ChatRequest,
  type JsonObject,
  type WireRequest,
} from '../core/index.js';

const P = 'ollama';
/** Standard fields translated, plus Ollama's own `options` and `keep_alive` as native extensions. */
const HANDLED: ReadonlySet<string> = new Set([
  'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'seed', 'presence_penalty',
  'frequency_penalty', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort',
  'options', 'keep_alive',
]);
const THINK: Readonly<Record<string, boolean | string>> = {
  none: false, minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'max',
};

function userMessage(m: ChatMessage, i: number): JsonObject {
  const texts: string[] = [];
  const images: string[] = [];
  contentParts(m).forEach((part, j) => {
    const param = `messages[${i}].content[${j}]`;
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'image_url') {
      const url = isRecord(part.image_url) ? part.image_url.url : undefined;
      const data = typeof url === 'string' ? parseDataUrl(url) : null;
      if (!data) throw unsupported(`${param}.image_url`, P, 'only base64 data URLs are accepted (remote URLs are not fetched)');
      images.push(data.data);
    } else throw unsupported(param, P, `content part type '${String(part.type)}'`);
  });
  const out: JsonObject = { role: 'user', content: texts.join('\n') };
  if (images.length) out['images'] = images;
  return out;
}

function assistantMessage(m: ChatMessage, i: number): JsonObject {
  const texts: string[] = [];
  contentParts(m).forEach((part, j) => {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'refusal') texts.push(part.refusal);
    else throw unsupported(`messages[${i}].content[${j}]`, P, 'assistant messages hold text only');
  });
  const out: JsonObject = { role: 'assistant', content: texts.join('\n') };
  if (typeof m.reasoning_content === 'string' && m.reasoning_content) out['thinking'] = m.reasoning_content;
  const calls = (m.tool_calls ?? []).map((c, k) => {
    const param = `messages[${i}].tool_calls[${k}]`;
    if (!isRecord(c) || c.type !== 'function' || !isRecord(c.function) || typeof c.function.name !== 'string') {
      throw invalid(param, 'A tool call needs type function and a function name.');
    }
    const call: JsonObject = {};
    if (typeof c.id === 'string') call['id'] = c.id;
    call['function'] = { index: k, name: c.function.name, arguments: parseArguments(c.function.arguments, `${param}.function.arguments`) };
    return call;
  });
  if (calls.length) out['tool_calls'] = calls;
  return out;
}

function toolMessage(m: ChatMessage, i: number, names: Map<string, string>): JsonObject {
  const id = m.tool_call_id;
  const name = typeof id === 'string' ? names.get(id) : undefined;
  if (typeof id !== 'string' || !name) {
    throw invalid(`messages[${i}].tool_call_id`, 'tool_call_id does not match a tool call of an earlier assistant message.');
  }
  return { role: 'tool', content: textOnly(m, i, P), tool_name: name, tool_call_id: id };
}

function options(req: ChatRequest): JsonObject {
  const native = req['options'];
  if (present(native) && !isRecord(native)) throw invalid('options', "'options' must be an object.");
  const o: JsonObject = isRecord(native) ? structuredClone(native) : {};
  const set = (key: string, v: unknown): void => {
    if (present(v)) o[key] = v;
  };
  set('temperature', req.temperature);
  set('top_p', req.top_p);
  set('top_k', req['top_k']);
  set('num_predict', requestedMaxTokens(req));
  set('seed', req.seed);
  set('stop', stopList(req));
  set('presence_penalty', req.presence_penalty);
  set('frequency_penalty', req.frequency_penalty);
  return o;
}

export function ollamaToWire(req: ChatRequest, ctx: AdapterContext): WireRequest {
  checkMessages(req, P);
  const dropped = checkParams(req, P, HANDLED);
  const names = toolNamesById(req.messages);
  const messages = req.messages.map((m, i) => {
    if (present(m.name)) dropped.push(`messages[${i}].name`);
    if (m.role === 'system' || m.role === 'developer') return { role: 'system', content: textOnly(m, i, P) };
    if (m.role === 'user') return userMessage(m, i);
    if (m.role === 'assistant') return assistantMessage(m, i);
    return toolMessage(m, i, names);
  });
  const tc = normalizeToolChoice(req.tool_choice);
  if (tc && tc.mode !== 'auto' && tc.mode !== 'none') throw unsupported('tool_choice', P, 'only auto and none can be honoured');
  if (req.parallel_tool_calls === false) throw unsupported('parallel_tool_calls', P, 'parallel calls cannot be disabled');
  const body: JsonObject = { model: ctx.upstreamModel, messages };
  const tools = checkTools(req.tools, P);
  if (tools.length && tc?.mode !== 'none') {
    body['tools'] = tools.map((t, i) => {
      if (t.function.strict === true) dropped.push(`tools[${i}].function.strict`);
      const fn: JsonObject = { name: t.function.name };
      if (present(t.function.description)) fn['description'] = t.function.description;
      if (isRecord(t.function.parameters)) fn['parameters'] = structuredClone(t.function.parameters);
      return { type: 'function', function: fn };
    });
  }
  const rf = normalizeResponseFormat(req);
  if (rf?.kind === 'json_object') body['format'] = 'json';
  if (rf?.kind === 'json_schema') body['format'] = rf.schema;
  const effort = req.reasoning_effort;
  if (present(effort)) {
    const think = THINK[effort];
    if (think === undefined) throw invalid('reasoning_effort', `Unknown reasoning_effort '${String(effort)}'.`);
    body['think'] = think;
  }
  body['stream'] = ctx.stream;
  if (present(req['keep_alive'])) body['keep_alive'] = req['keep_alive'];
  const o = options(req);
  if (Object.keys(o).length) body['options'] = o;
  const wire: WireRequest = {
    path: 'api/chat',
    headers: { 'content-type': 'application/json', accept: ctx.stream ? 'application/x-ndjson' : 'application/json' },
    body,
    framing: ctx.stream ? 'ndjson' : 'json',
  };
  if (dropped.length) wire.dropped = dropped;
  return wire;
}
