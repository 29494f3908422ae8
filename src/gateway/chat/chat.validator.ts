import { CHAT_ROLES, type ChatRequest } from '../../providers/index.js';
import { absent, fail, isObj, modelOf, optBoolean, optEnum, optInt, optNumber, optString, requireObject, type Obj } from './request.checks.js';

const ROLES: readonly string[] = CHAT_ROLES;
const REASONING = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

function checkParts(content: unknown[], at: string): void {
  content.forEach((part, j) => {
    const p = `${at}[${j}]`;
    if (!isObj(part) || typeof part.type !== 'string') fail(p, `'${p}' must be an object with a string 'type'.`);
    if (part.type === 'text' && typeof part.text !== 'string') fail(`${p}.text`, `'${p}.text' must be a string.`);
    if (part.type === 'image_url') {
      const image = part.image_url;
      if (!isObj(image) || typeof image.url !== 'string' || image.url === '') fail(`${p}.image_url.url`, `'${p}.image_url.url' must be a non-empty string.`);
    }
  });
}

function checkToolCalls(calls: unknown, at: string): void {
  if (!Array.isArray(calls)) fail(at, `'${at}' must be an array.`);
  calls.forEach((call, j) => {
    const p = `${at}[${j}]`;
    if (!isObj(call)) fail(p, `'${p}' must be an object.`);
    if (typeof call.id !== 'string' || call.id === '') fail(`${p}.id`, `'${p}.id' must be a non-empty string.`);
    const fn = call.function;
    if (!isObj(fn) || typeof fn.name !== 'string' || fn.name === '') fail(`${p}.function.name`, `'${p}.function.name' must be a non-empty string.`);
    if (!absent(fn.arguments) && typeof fn.arguments !== 'string') fail(`${p}.function.arguments`, `'${p}.function.arguments' must be a JSON string.`);
  });
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObj(m)) fail(at, `'${at}' must be an object.`);
  if (typeof m.role !== 'string' || !ROLES.includes(m.role)) fail(`${at}.role`, `'${at}.role' must be one of: ${ROLES.join(', ')}.`);
  const content = m.content;
  if (Array.isArray(content)) checkParts(content, `${at}.content`);
  else if (!absent(content) && typeof content !== 'string') fail(`${at}.content`, `'${at}.content' must be a string or an array of content parts.`);
  if (m.role === 'assistant') {
    if (!absent(m.tool_calls)) checkToolCalls(m.tool_calls, `${at}.tool_calls`);
  } else if (absent(content)) {
    fail(`${at}.content`, `'${at}.content' is required for role '${m.role}'.`);
  }
  if (m.role === 'tool' && (typeof m.tool_call_id !== 'string' || m.tool_call_id === '')) {
    fail(`${at}.tool_call_id`, `'${at}.tool_call_id' must be a non-empty string.`);
  }
}

function checkTools(body: Obj): void {
  const tools = body.tools;
  if (!absent(tools) && !Array.isArray(tools)) fail('tools', "'tools' must be an array.");
  (Array.isArray(tools) ? tools : []).forEach((t, i) => {
    const at = `tools[${i}]`;
    if (!isObj(t) || typeof t.type !== 'string') fail(at, `'${at}' must be an object with a 'type'.`);
    if (t.type === 'function') {
      const fn = t.function;
      if (!isObj(fn) || typeof fn.name !== 'string' || fn.name === '') fail(`${at}.function.name`, `'${at}.function.name' must be a non-empty string.`);
      if (!absent(fn.parameters) && !isObj(fn.parameters)) fail(`${at}.function.parameters`, `'${at}.function.parameters' must be an object.`);
    }
  });
  const choice = body.tool_choice;
  if (absent(choice)) return;
  if (typeof choice === 'string') {
    if (!['none', 'auto', 'required'].includes(choice)) fail('tool_choice', "'tool_choice' must be none, auto, required or a function choice.");
  } else if (!isObj(choice) || (choice.type === 'function' && (!isObj(choice.function) || typeof choice.function.name !== 'string'))) {
    fail('tool_choice', "'tool_choice' must be none, auto, required or {type:'function', function:{name}}.");
  }
}

function checkResponseFormat(body: Obj): void {
  const rf = body.response_format;
  if (absent(rf)) return;
  if (!isObj(rf) || typeof rf.type !== 'string') fail('response_format', "'response_format' must be an object with a 'type'.");
  if (!['text', 'json_object', 'json_schema'].includes(rf.type)) fail('response_format.type', "'response_format.type' must be text, json_object or json_schema.");
  if (rf.type === 'json_schema') {
    const js = rf.json_schema;
    if (!isObj(js) || typeof js.name !== 'string' || js.name === '') fail('response_format.json_schema.name', "'response_format.json_schema.name' must be a non-empty string.");
    if (!absent(js.schema) && !isObj(js.schema)) fail('response_format.json_schema.schema', "'response_format.json_schema.schema' must be an object.");
  }
}

function checkStop(body: Obj): void {
  const stop = body.stop;
  if (absent(stop) || typeof stop === 'string') return;
  if (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string')) fail('stop', "'stop' must be a string or an array of strings.");
}

/**
 * A fast check of what the gateway relies on in a Chat Completions request (no class-transformer on the hot
 * path). Unknown fields pass through untouched. Returns the same object, typed.
 */
export function validateChatRequest(raw: unknown): ChatRequest {
  const body = requireObject(raw);
  modelOf(body);
  const messages = body.messages;
  if (absent(messages)) fail('messages', "Missing required parameter: 'messages'.");
  if (!Array.isArray(messages)) fail('messages', "'messages' must be an array.");
  if (messages.length === 0) fail('messages', "'messages' must contain at least one message.");
  messages.forEach(checkMessage);
  optBoolean(body, 'stream');
  const so = body.stream_options;
  if (!absent(so)) {
    if (!isObj(so)) fail('stream_options', "'stream_options' must be an object.");
    optBoolean(so, 'include_usage', 'stream_options.include_usage');
  }
  optInt(body, 'max_tokens', 1);
  optInt(body, 'max_completion_tokens', 1);
  optInt(body, 'n', 1, 128);
  optInt(body, 'seed', Number.MIN_SAFE_INTEGER);
  optNumber(body, 'temperature', 0, 2);
  optNumber(body, 'top_p', 0, 1);
  optNumber(body, 'presence_penalty', -2, 2);
  optNumber(body, 'frequency_penalty', -2, 2);
  optBoolean(body, 'parallel_tool_calls');
  optBoolean(body, 'logprobs');
  optInt(body, 'top_logprobs', 0, 20);
  optEnum(body, 'reasoning_effort', REASONING);
  optString(body, 'user');
  checkStop(body);
  checkTools(body);
  checkResponseFormat(body);
  return body as ChatRequest;
}
