import {
  checkMessages,
  checkN,
  checkParams,
  checkTools,
  contentParts,
  invalid,
  isHttpUrl,
  isMintedToolCallId,
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
  tryParseJson,
  unsupported,
  type AdapterContext,
  type ChatMessage,
  type ChatRequest,
  type JsonObject,
  type WireRequest,
} from '../core/index.js';

const P = 'gemini';
const HANDLED: ReadonlySet<string> = new Set([
  'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'n', 'seed', 'presence_penalty',
  'frequency_penalty', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort',
]);
/** reasoning_effort → thinkingConfig.thinkingBudget (the budgets Google's own OpenAI layer uses; none disables). */
export const GEMINI_THINKING_BUDGET: Readonly<Record<string, number>> = {
  none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32768,
};

type Part = JsonObject;
interface Content { role: 'user' | 'model'; parts: Part[] }

export function modelPath(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

function inline(url: string, param: string): Part {
  const data = parseDataUrl(url);
  if (data) return { inlineData: { mimeType: data.mimeType, data: data.data } };
  if (isHttpUrl(url)) throw unsupported(param, P, 'remote URLs cannot be fetched by the gateway; send a base64 data URL');
  throw invalid(param, 'Expected a data URL.');
}

function userParts(m: ChatMessage, i: number): Part[] {
  return contentParts(m).map((part, j): Part => {
    const param = `messages[${i}].content[${j}]`;
    if (part.type === 'text') return { text: part.text };
    if (part.type === 'image_url') {
      const url = isRecord(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string') throw invalid(`${param}.image_url`, 'An image_url part needs image_url.url.');
      return inline(url, `${param}.image_url`);
    }
    if (part.type === 'file' && typeof part.file?.file_data === 'string') return inline(part.file.file_data, `${param}.file.file_data`);
    if (part.type === 'input_audio' && isRecord(part.input_audio) && typeof part.input_audio.data === 'string') {
      return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
    }
    throw unsupported(param, P, `content part type '${String(part.type)}'`);
  });
}

function modelParts(m: ChatMessage, i: number): Part[] {
  const parts: Part[] = [];
  contentParts(m).forEach((part, j) => {
    if (part.type === 'text' && part.text !== '') parts.push({ text: part.text });
    else if (part.type === 'refusal') parts.push({ text: part.refusal });
    else if (part.type !== 'text') throw unsupported(`messages[${i}].content[${j}]`, P, 'assistant messages hold text only');
  });
  (m.tool_calls ?? []).forEach((c, k) => {
    const param = `messages[${i}].tool_calls[${k}]`;
    if (!isRecord(c) || c.type !== 'function' || !isRecord(c.function) || typeof c.function.name !== 'string') {
      throw invalid(param, 'A tool call needs type function and a function name.');
    }
    const call: JsonObject = { name: c.function.name, args: parseArguments(c.function.arguments, `${param}.function.arguments`) };
    if (typeof c.id === 'string' && !isMintedToolCallId(c.id)) call['id'] = c.id;
    const part: Part = { functionCall: call };
    const sig = c.extra_content?.['google']?.['thought_signature'];
    if (typeof sig === 'string') part['thoughtSignature'] = sig;
    parts.push(part);
  });
  return parts;
}

function functionResponse(m: ChatMessage, i: number, names: Map<string, string>): Part {
  const id = m.tool_call_id;
  const name = typeof id === 'string' ? names.get(id) : undefined;
  if (typeof id !== 'string' || !name) {
    throw invalid(`messages[${i}].tool_call_id`, 'tool_call_id does not match a tool call of an earlier assistant message.');
  }
  const text = textOnly(m, i, P);
  const parsed = tryParseJson(text);
  const response = parsed.ok && isRecord(parsed.value) ? parsed.value : { output: parsed.ok ? parsed.value : text };
  const fr: JsonObject = { name, response };
  if (!isMintedToolCallId(id)) fr['id'] = id;
  return { functionResponse: fr };
}

function toolConfig(req: ChatRequest): JsonObject | undefined {
  if (req.parallel_tool_calls === false) throw unsupported('parallel_tool_calls', P, 'parallel calls cannot be disabled');
  const tc = normalizeToolChoice(req.tool_choice);
  if (!tc) return undefined;
  const mode = { none: 'NONE', auto: 'AUTO', required: 'ANY', named: 'ANY' }[tc.mode];
  const cfg: JsonObject = { mode };
  if (tc.mode === 'named') cfg['allowedFunctionNames'] = [tc.name];
  return { functionCallingConfig: cfg };
}

function generationConfig(req: ChatRequest): JsonObject {
  const g: JsonObject = {};
  const set = (key: string, v: unknown): void => {
    if (present(v)) g[key] = v;
  };
  set('temperature', req.temperature);
  set('topP', req.top_p);
  set('topK', req['top_k']);
  set('maxOutputTokens', requestedMaxTokens(req));
  set('stopSequences', stopList(req));
  set('candidateCount', checkN(req, P, 8));
  set('seed', req.seed);
  set('presencePenalty', req.presence_penalty);
  set('frequencyPenalty', req.frequency_penalty);
  const rf = normalizeResponseFormat(req);
  if (rf && rf.kind !== 'text') g['responseMimeType'] = 'application/json';
  if (rf?.kind === 'json_schema') g['responseJsonSchema'] = rf.schema;
  const effort = req.reasoning_effort;
  if (present(effort)) {
    const budget = GEMINI_THINKING_BUDGET[effort];
    if (budget === undefined) throw invalid('reasoning_effort', `Unknown reasoning_effort '${String(effort)}'.`);
    g['thinkingConfig'] = { thinkingBudget: budget, includeThoughts: false };
  }
  return g;
}

export function geminiToWire(req: ChatRequest, ctx: AdapterContext): WireRequest {
  checkMessages(req, P);
  const dropped = checkParams(req, P, HANDLED);
  const names = toolNamesById(req.messages);
  const system: Part[] = [];
  const contents: Content[] = [];
  req.messages.forEach((m, i) => {
    if (present(m.name)) dropped.push(`messages[${i}].name`);
    if (m.role === 'system' || m.role === 'developer') {
      system.push({ text: textOnly(m, i, P) });
    } else if (m.role === 'user') {
      contents.push({ role: 'user', parts: userParts(m, i) });
    } else if (m.role === 'assistant') {
      const parts = modelParts(m, i);
      if (parts.length) contents.push({ role: 'model', parts });
    } else {
      const part = functionResponse(m, i, names);
      const last = contents[contents.length - 1];
      if (last?.role === 'user' && last.parts.every((p) => p['functionResponse'])) last.parts.push(part);
      else contents.push({ role: 'user', parts: [part] });
    }
  });
  const body: JsonObject = { contents };
  if (system.length) body['systemInstruction'] = { parts: system };
  const tools = checkTools(req.tools, P);
  if (tools.length) {
    body['tools'] = [{
      functionDeclarations: tools.map((t, i) => {
        if (t.function.strict === true) dropped.push(`tools[${i}].function.strict`);
        const d: JsonObject = { name: t.function.name };
        if (present(t.function.description)) d['description'] = t.function.description;
        if (isRecord(t.function.parameters)) d['parametersJsonSchema'] = structuredClone(t.function.parameters);
        return d;
      }),
    }];
  }
  const tc = toolConfig(req);
  if (tc) body['toolConfig'] = tc;
  const g = generationConfig(req);
  if (Object.keys(g).length) body['generationConfig'] = g;
  const model = modelPath(ctx.upstreamModel);
  const wire: WireRequest = {
    path: `${model}:${ctx.stream ? 'streamGenerateContent' : 'generateContent'}`,
    headers: { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json' },
    body,
    framing: ctx.stream ? 'sse' : 'json',
  };
  if (ctx.stream) wire.query = { alt: 'sse' };
  if (dropped.length) wire.dropped = dropped;
  return wire;
}
