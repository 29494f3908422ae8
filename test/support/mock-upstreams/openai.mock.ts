import { fixtureFrames, fixtureJson, pieces, sse, tokensOf, vectorFor } from './fixtures.js';
import type { Behaviour, RecordedRequest, Responder } from './mock.types.js';
import { ResponsesMockState, responsesCreate } from './openai-responses.mock.js';

const ERROR_500 = { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } };
const ERROR_429 = { error: { message: 'Rate limit reached for requests. Please try again in 1s.', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
const ERROR_401 = { error: { message: 'Incorrect API key provided: sk-proj-****Zx9Q.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
const ERROR_400 = { error: { message: "Invalid value for 'messages'.", type: 'invalid_request_error', param: 'messages', code: null } };
const MODELS = { object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }] };

/** OpenAI error envelope (fixture when there is one) for a status. */
export function openaiError(status: number): Behaviour {
  const byStatus: Record<number, [string, unknown]> = {
    400: ['error_400.json', ERROR_400],
    401: ['error_401.json', ERROR_401],
    429: ['error_429.json', ERROR_429],
    500: ['error_500.json', ERROR_500],
  };
  const [file, fallback] = byStatus[status] ?? ['error_500.json', ERROR_500];
  return { status, json: fixtureJson('openai', file, fallback) };
}

type Scenario = 'final' | 'tool_call' | 'text';

function scenario(body: any): Scenario { // eslint-disable-line @typescript-eslint/no-explicit-any
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  if (messages.at(-1)?.role === 'tool') return 'final';
  if (Array.isArray(body?.tools) && body.tools.length > 0) return 'tool_call';
  return 'text';
}

/** Stream frames for a non-stream completion: role, content pieces, finish, usage (when asked), [DONE]. */
function streamOf(completion: any, includeUsage: boolean): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model, system_fingerprint: null };
  const choice = (delta: unknown, finish: string | null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });
  const frames = [sse(choice({ role: 'assistant', content: '', refusal: null }, null))];
  for (const piece of pieces(String(completion.choices[0].message.content ?? ''))) frames.push(sse(choice({ content: piece }, null)));
  frames.push(sse(choice({}, completion.choices[0].finish_reason)));
  if (includeUsage) frames.push(sse({ ...base, choices: [], usage: completion.usage }));
  frames.push(sse('[DONE]'));
  return frames;
}

function chat(req: RecordedRequest): Behaviour {
  const body = req.body;
  const kind = scenario(body);
  const includeUsage = body?.stream_options?.include_usage === true;
  if (body?.stream === true) {
    if (kind === 'tool_call') {
      const frames = fixtureFrames('openai', 'chat_completions_stream.sse');
      return { frames: includeUsage ? frames : frames.filter((f) => !f.includes('"choices":[]')) };
    }
    return { frames: streamOf(fixtureJson('openai', 'chat_completions_response.json'), includeUsage) };
  }
  return { json: fixtureJson('openai', kind === 'tool_call' ? 'chat_completions_response_tool_calls.json' : 'chat_completions_response.json') };
}

function embeddings(req: RecordedRequest): Behaviour {
  const body = req.body ?? {};
  const inputs: string[] = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map((x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x))) : [''];
  const dims = typeof body.dimensions === 'number' ? body.dimensions : 8;
  const data = inputs.map((text, index) => {
    const values = vectorFor(text, dims);
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((n, t) => n + tokensOf(t), 0);
  return { json: { object: 'list', data, model: body.model ?? 'text-embedding-3-small', usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

/** An OpenAI-protocol server (also used for openai-compatible providers), at base path `/v1`. */
export function openaiResponder(options: { apiKey?: string } = {}): Responder {
  const responses = new ResponsesMockState();
  return (req) => {
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) return openaiError(401);
    if (req.method === 'POST' && req.path.endsWith('/responses')) return responsesCreate(req, responses);
    if (req.method === 'GET' && req.path.endsWith('/models')) return { json: fixtureJson('openai', 'models_list.json', MODELS) };
    if (req.method === 'POST' && req.path.endsWith('/chat/completions')) return chat(req);
    if (req.method === 'POST' && req.path.endsWith('/embeddings')) return embeddings(req);
    return { status: 404, json: { error: { message: `Unknown path ${req.path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } } };
  };
}

/** A 200 stream that fails after a few content chunks (the fixture's mid-stream error). */
export function openaiMidStreamError(): Behaviour {
  return { frames: fixtureFrames('openai', 'chat_completions_stream_error.sse') };
}
