import { ApiError } from '../../common/index.js';
import { absent, fail, isObj, modelOf, optBoolean, optEnum, optInt, optNumber, optString, requireObject, type Obj } from '../chat/request.checks.js';
import type { ResponsesRequest } from './wire/responses.types.js';

const ROLES = ['user', 'assistant', 'system', 'developer'];
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const SUMMARIES = ['auto', 'concise', 'detailed'];
const CHOICES = ['none', 'auto', 'required'];
const FORMATS = ['text', 'json_object', 'json_schema'];

function nonEmpty(o: Obj, key: string, at: string): void {
  if (typeof o[key] !== 'string' || o[key] === '') fail(`${at}.${key}`, `'${at}.${key}' must be a non-empty string.`);
}

function checkContent(content: unknown, at: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) fail(at, `'${at}' must be a string or an array of content parts.`);
  content.forEach((part, j) => {
    const p = `${at}[${j}]`;
    if (!isObj(part) || typeof part.type !== 'string') fail(p, `'${p}' must be an object with a string 'type'.`);
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text !== 'string') fail(`${p}.text`, `'${p}.text' must be a string.`);
    if (part.type === 'input_image' && typeof part.image_url !== 'string' && typeof part.file_id !== 'string') fail(`${p}.image_url`, `'${p}.image_url' must be a URL or a data URL.`);
  });
}

function checkItem(item: unknown, i: number): void {
  const at = `input[${i}]`;
  if (!isObj(item)) fail(at, `'${at}' must be an object.`);
  const type = item.type ?? (typeof item.role === 'string' ? 'message' : undefined);
  if (typeof type !== 'string') fail(`${at}.type`, `'${at}.type' must be a string.`);
  if (type === 'message') {
    if (typeof item.role !== 'string' || !ROLES.includes(item.role)) fail(`${at}.role`, `'${at}.role' must be one of: ${ROLES.join(', ')}.`);
    checkContent(item.content, `${at}.content`);
  } else if (type === 'function_call') {
    nonEmpty(item, 'call_id', at);
    nonEmpty(item, 'name', at);
    if (typeof item.arguments !== 'string') fail(`${at}.arguments`, `'${at}.arguments' must be a JSON string.`);
  } else if (type === 'function_call_output') {
    nonEmpty(item, 'call_id', at);
    if (typeof item.output !== 'string' && !Array.isArray(item.output)) fail(`${at}.output`, `'${at}.output' must be a string or an array of content parts.`);
  } else if (type === 'reasoning') {
    if (!absent(item.summary) && !Array.isArray(item.summary)) fail(`${at}.summary`, `'${at}.summary' must be an array.`);
  }
}

function checkTools(body: Obj): void {
  const tools = body.tools;
  if (!absent(tools) && !Array.isArray(tools)) fail('tools', "'tools' must be an array.");
  (Array.isArray(tools) ? tools : []).forEach((t, i) => {
    const at = `tools[${i}]`;
    if (!isObj(t) || typeof t.type !== 'string') fail(at, `'${at}' must be an object with a string 'type'.`);
    if (t.type === 'function') {
      nonEmpty(t, 'name', at);
      if (!absent(t.parameters) && !isObj(t.parameters)) fail(`${at}.parameters`, `'${at}.parameters' must be an object.`);
    }
  });
  const choice = body.tool_choice;
  if (absent(choice)) return;
  if (typeof choice === 'string') {
    if (!CHOICES.includes(choice)) fail('tool_choice', "'tool_choice' must be none, auto, required or a tool choice object.");
  } else if (!isObj(choice) || typeof choice.type !== 'string' || (choice.type === 'function' && typeof choice.name !== 'string')) {
    fail('tool_choice', "'tool_choice' must be none, auto, required or {type:'function', name}.");
  }
}

function checkText(body: Obj): void {
  const text = body.text;
  if (absent(text)) return;
  if (!isObj(text)) fail('text', "'text' must be an object.");
  const format = text.format;
  if (absent(format)) return;
  if (!isObj(format) || typeof format.type !== 'string' || !FORMATS.includes(format.type)) fail('text.format.type', "'text.format.type' must be text, json_object or json_schema.");
  if (format.type === 'json_schema') {
    if (typeof format.name !== 'string' || format.name === '') fail('text.format.name', "'text.format.name' must be a non-empty string.");
    if (!isObj(format.schema)) fail('text.format.schema', "'text.format.schema' must be an object.");
  }
}

function checkReasoning(body: Obj): void {
  const r = body.reasoning;
  if (absent(r)) return;
  if (!isObj(r)) fail('reasoning', "'reasoning' must be an object.");
  optEnum(r, 'effort', EFFORTS, 'reasoning.effort');
  optEnum(r, 'summary', SUMMARIES, 'reasoning.summary');
}

function checkMetadata(body: Obj): void {
  const m = body.metadata;
  if (absent(m)) return;
  if (!isObj(m) || Object.keys(m).length > 16 || !Object.values(m).every((v) => typeof v === 'string')) fail('metadata', "'metadata' must be an object of at most 16 string values.");
}

/**
 * A fast check of what the gateway relies on in a Responses request (unknown fields pass through to OpenAI untouched).
 * Every failure is a 400 in the OpenAI envelope naming the parameter.
 */
export function validateResponsesRequest(raw: unknown): ResponsesRequest {
  const body = requireObject(raw);
  modelOf(body);
  const input = body.input;
  if (absent(input)) {
    if (absent(body.previous_response_id)) throw ApiError.invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  } else if (typeof input !== 'string') {
    if (!Array.isArray(input)) fail('input', "'input' must be a string or an array of input items.");
    input.forEach(checkItem);
  }
  optString(body, 'instructions');
  optString(body, 'previous_response_id');
  if (typeof body.previous_response_id === 'string' && !/^[A-Za-z0-9_-]{1,128}$/.test(body.previous_response_id)) fail('previous_response_id', "'previous_response_id' is not a valid response id.");
  optString(body, 'prompt_cache_key');
  optString(body, 'user');
  optBoolean(body, 'stream');
  optBoolean(body, 'store');
  optBoolean(body, 'parallel_tool_calls');
  optInt(body, 'max_output_tokens', 1);
  optNumber(body, 'temperature', 0, 2);
  optNumber(body, 'top_p', 0, 1);
  const include = body.include;
  if (!absent(include) && (!Array.isArray(include) || !include.every((s) => typeof s === 'string'))) fail('include', "'include' must be an array of strings.");
  checkTools(body);
  checkText(body);
  checkReasoning(body);
  checkMetadata(body);
  return body as ResponsesRequest;
}

/** A response id in a path: the same alphabet as the ids the gateway and OpenAI hand out. */
export function responseIdOf(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw ApiError.notFound(`No response found with id '${id.slice(0, 128)}'.`);
  return id;
}
