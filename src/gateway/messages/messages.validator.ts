import { absent, fail, isObj, modelOf, optBoolean, optInt, optNumber, requireObject, type Obj } from '../chat/request.checks.js';

/** Block types of the Messages API (the Anthropic relay takes them all; translation takes the first group). */
const BLOCK_TYPES = new Set([
  'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking',
  'search_result', 'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result',
  'container_upload', 'tool_search_tool_result', 'tool_reference',
]);
const TOOL_CHOICES = ['auto', 'any', 'tool', 'none'];
const THINKING = ['enabled', 'disabled', 'adaptive'];

/** A Messages request body as the gateway relies on it; every other field is kept as sent. */
export interface MessagesBody extends Obj {
  model: string;
  max_tokens?: number;
  messages: Obj[];
  stream?: boolean;
}

function checkSource(block: Obj, at: string): void {
  const source = block.source;
  if (!isObj(source) || typeof source.type !== 'string') fail(`${at}.source`, `'${at}.source' must be an object with a string 'type'.`);
}

function checkBlock(block: unknown, at: string, inToolResult = false): void {
  if (!isObj(block) || typeof block.type !== 'string') fail(at, `'${at}' must be an object with a string 'type'.`);
  if (!BLOCK_TYPES.has(block.type)) fail(`${at}.type`, `'${at}.type': unknown content block type '${block.type.slice(0, 64)}'.`);
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') fail(`${at}.text`, `'${at}.text' must be a string.`);
      break;
    case 'image':
    case 'document':
      checkSource(block, at);
      break;
    case 'tool_use':
      if (typeof block.id !== 'string' || block.id === '') fail(`${at}.id`, `'${at}.id' must be a non-empty string.`);
      if (typeof block.name !== 'string' || block.name === '') fail(`${at}.name`, `'${at}.name' must be a non-empty string.`);
      if (!isObj(block.input)) fail(`${at}.input`, `'${at}.input' must be an object.`);
      break;
    case 'tool_result': {
      if (inToolResult) fail(`${at}.type`, `'${at}': a tool_result cannot hold another tool_result.`);
      if (typeof block.tool_use_id !== 'string' || block.tool_use_id === '') fail(`${at}.tool_use_id`, `'${at}.tool_use_id' must be a non-empty string.`);
      const content = block.content;
      if (Array.isArray(content)) content.forEach((b, k) => checkBlock(b, `${at}.content[${k}]`, true));
      else if (!absent(content) && typeof content !== 'string') fail(`${at}.content`, `'${at}.content' must be a string or an array of blocks.`);
      optBoolean(block, 'is_error', `${at}.is_error`);
      break;
    }
    case 'thinking':
      if (typeof block.thinking !== 'string') fail(`${at}.thinking`, `'${at}.thinking' must be a string.`);
      break;
    default:
      break;
  }
  if (!absent(block.cache_control) && !isObj(block.cache_control)) fail(`${at}.cache_control`, `'${at}.cache_control' must be an object.`);
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObj(m)) fail(at, `'${at}' must be an object.`);
  if (m.role !== 'user' && m.role !== 'assistant') fail(`${at}.role`, `'${at}.role' must be 'user' or 'assistant'.`);
  const content = m.content;
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) fail(`${at}.content`, `'${at}.content' must be a string or an array of content blocks.`);
  content.forEach((b, j) => checkBlock(b, `${at}.content[${j}]`));
}

function checkSystem(body: Obj): void {
  const system = body.system;
  if (absent(system) || typeof system === 'string') return;
  if (!Array.isArray(system)) fail('system', "'system' must be a string or an array of text blocks.");
  system.forEach((b, j) => {
    if (!isObj(b) || b.type !== 'text' || typeof b.text !== 'string') fail(`system[${j}]`, `'system[${j}]' must be a text block {type:'text', text}.`);
  });
}

function checkTools(body: Obj): void {
  const tools = body.tools;
  if (absent(tools)) return;
  if (!Array.isArray(tools)) fail('tools', "'tools' must be an array.");
  tools.forEach((t, k) => {
    const at = `tools[${k}]`;
    if (!isObj(t)) fail(at, `'${at}' must be an object.`);
    if (typeof t.name !== 'string' || t.name === '') fail(`${at}.name`, `'${at}.name' must be a non-empty string.`);
    if (!absent(t.type) && typeof t.type !== 'string') fail(`${at}.type`, `'${at}.type' must be a string.`);
    if ((absent(t.type) || t.type === 'custom') && !isObj(t.input_schema)) fail(`${at}.input_schema`, `'${at}.input_schema' must be an object.`);
  });
}

function checkToolChoice(body: Obj): void {
  const tc = body.tool_choice;
  if (absent(tc)) return;
  if (!isObj(tc) || typeof tc.type !== 'string' || !TOOL_CHOICES.includes(tc.type)) fail('tool_choice', "'tool_choice' must be {type: auto | any | tool | none}.");
  if (tc.type === 'tool' && (typeof tc.name !== 'string' || tc.name === '')) fail('tool_choice.name', "'tool_choice.name' must name a tool.");
  optBoolean(tc, 'disable_parallel_tool_use', 'tool_choice.disable_parallel_tool_use');
}

function checkThinking(body: Obj): void {
  const th = body.thinking;
  if (absent(th)) return;
  if (!isObj(th) || typeof th.type !== 'string' || !THINKING.includes(th.type)) fail('thinking', "'thinking' must be {type: enabled | disabled | adaptive}.");
  if (th.type === 'enabled') {
    if (absent(th.budget_tokens)) fail('thinking.budget_tokens', "'thinking.budget_tokens' is required when thinking is enabled.");
    optInt(th, 'budget_tokens', 1024, Number.MAX_SAFE_INTEGER, 'thinking.budget_tokens');
  }
}

function checkCommon(body: Obj): void {
  modelOf(body);
  const messages = body.messages;
  if (absent(messages)) fail('messages', "Missing required parameter: 'messages'.");
  if (!Array.isArray(messages)) fail('messages', "'messages' must be an array.");
  if (messages.length === 0) fail('messages', "'messages' must contain at least one message.");
  messages.forEach(checkMessage);
  checkSystem(body);
  checkTools(body);
  checkToolChoice(body);
  checkThinking(body);
}

/**
 * A fast check of a Messages request (POST /v1/messages): what the gateway and the translations rely on, with the
 * error naming the field. Unknown fields pass through to an Anthropic upstream untouched.
 */
export function validateMessagesRequest(raw: unknown): MessagesBody {
  const body = requireObject(raw);
  checkCommon(body);
  if (absent(body.max_tokens)) fail('max_tokens', "Missing required parameter: 'max_tokens'.");
  optInt(body, 'max_tokens', 1);
  optBoolean(body, 'stream');
  optNumber(body, 'temperature', 0, 1);
  optNumber(body, 'top_p', 0, 1);
  optInt(body, 'top_k', 0);
  const stops = body.stop_sequences;
  if (!absent(stops) && (!Array.isArray(stops) || !stops.every((s) => typeof s === 'string'))) fail('stop_sequences', "'stop_sequences' must be an array of strings.");
  const metadata = body.metadata;
  if (!absent(metadata)) {
    if (!isObj(metadata)) fail('metadata', "'metadata' must be an object.");
    if (!absent(metadata.user_id) && typeof metadata.user_id !== 'string') fail('metadata.user_id', "'metadata.user_id' must be a string.");
  }
  return body as MessagesBody;
}

/** The same checks for POST /v1/messages/count_tokens (no max_tokens, no sampling fields). */
export function validateCountTokensRequest(raw: unknown): MessagesBody {
  const body = requireObject(raw);
  checkCommon(body);
  return body as MessagesBody;
}
