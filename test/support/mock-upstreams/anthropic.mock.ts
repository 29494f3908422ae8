import { fixtureFrames, fixtureJson, pieces, sse } from './fixtures.js';
import type { Behaviour, RecordedRequest, Responder } from './mock.types.js';

const ERRORS: Record<number, string> = { 400: 'error_400.json', 401: 'error_401.json', 429: 'error_429.json', 500: 'error_500.json', 529: 'error_529.json' };

export function anthropicError(status: number): Behaviour {
  return { status, json: fixtureJson('anthropic', ERRORS[status] ?? 'error_500.json') };
}

type Scenario = 'final' | 'tool_use' | 'text';

function scenario(body: any): Scenario { // eslint-disable-line @typescript-eslint/no-explicit-any
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages.at(-1);
  if (last?.role === 'user' && Array.isArray(last.content) && last.content.some((b: { type?: string }) => b?.type === 'tool_result')) return 'final';
  if (Array.isArray(body?.tools) && body.tools.length > 0) return 'tool_use';
  return 'text';
}

/** The streamed twin of a text-only Message. */
function streamOf(message: any): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = String(message.content.find((b: { type: string }) => b.type === 'text')?.text ?? '');
  const start = { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } };
  const frames = [
    sse({ type: 'message_start', message: start }, 'message_start'),
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    sse({ type: 'ping' }, 'ping'),
  ];
  for (const piece of pieces(text)) frames.push(sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }, 'content_block_delta'));
  frames.push(
    sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sse({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } }, 'message_delta'),
    sse({ type: 'message_stop' }, 'message_stop'),
  );
  return frames;
}

function messages(req: RecordedRequest): Behaviour {
  const kind = scenario(req.body);
  if (typeof req.body?.max_tokens !== 'number') return { status: 400, json: fixtureJson('anthropic', 'error_400_max_tokens_missing.json') };
  if (req.body?.stream === true) {
    if (kind === 'tool_use') return { frames: fixtureFrames('anthropic', 'messages_stream.sse') };
    return { frames: streamOf(fixtureJson('anthropic', 'messages_response_end_turn.json')) };
  }
  return { json: fixtureJson('anthropic', kind === 'tool_use' ? 'messages_response_tool_use.json' : 'messages_response_end_turn.json') };
}

/** An Anthropic Messages API server at base path `/v1`. */
export function anthropicResponder(options: { apiKey?: string } = {}): Responder {
  return (req) => {
    if (options.apiKey !== undefined && req.headers['x-api-key'] !== options.apiKey) return anthropicError(401);
    if (!req.headers['anthropic-version']) return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } } };
    if (req.method === 'GET' && req.path.endsWith('/models')) {
      return { json: { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }], has_more: false, first_id: 'claude-sonnet-4-5', last_id: 'claude-sonnet-4-5' } };
    }
    if (req.method === 'POST' && req.path.endsWith('/messages')) return messages(req);
    return { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: `Unknown path ${req.path}` } } };
  };
}

export function anthropicMidStreamError(): Behaviour {
  return { frames: fixtureFrames('anthropic', 'messages_stream_error.sse') };
}
