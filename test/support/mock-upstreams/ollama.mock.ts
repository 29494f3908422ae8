import { fixtureFrames, fixtureJson, fixtureText, tokensOf, vectorFor } from './fixtures.js';
import type { Behaviour, RecordedRequest, Responder } from './mock.types.js';

const NDJSON = 'application/x-ndjson';

export function ollamaError(status: number): Behaviour {
  if (status === 404) return { status, json: fixtureJson('ollama', 'error_404.json') };
  if (status === 400) return { status, json: fixtureJson('ollama', 'error_400.json') };
  return { status, json: { error: status === 429 ? 'server busy, please try again. maximum pending requests exceeded' : 'llama runner process has terminated: exit status 2' } };
}

type Scenario = 'final' | 'tool_call' | 'text';

function scenario(body: any): Scenario { // eslint-disable-line @typescript-eslint/no-explicit-any
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  if (messages.at(-1)?.role === 'tool') return 'final';
  if (Array.isArray(body?.tools) && body.tools.length > 0) return 'tool_call';
  return 'text';
}

/** The non-stream twin of the tool-call stream: the call line and the done line merged. */
function toolCallResponse(): unknown {
  const lines = fixtureText('ollama', 'chat_stream_tool_calls.ndjson').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  const done = lines[lines.length - 1];
  return { ...done, message: { ...lines[0].message } };
}

function chat(req: RecordedRequest): Behaviour {
  const kind = scenario(req.body);
  const stream = req.body?.stream !== false; // Ollama streams unless told otherwise
  if (stream) return { contentType: NDJSON, frames: fixtureFrames('ollama', kind === 'tool_call' ? 'chat_stream_tool_calls.ndjson' : 'chat_stream.ndjson') };
  return { json: kind === 'tool_call' ? toolCallResponse() : fixtureJson('ollama', 'chat_response.json') };
}

function embed(req: RecordedRequest): Behaviour {
  const input: unknown = req.body?.input;
  const texts: string[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
  const tokens = texts.reduce((n, t) => n + tokensOf(t), 0);
  return { json: { model: req.body?.model ?? 'nomic-embed-text', embeddings: texts.map((t) => vectorFor(t, req.body?.dimensions ?? 8)), total_duration: 1_000_000, load_duration: 1000, prompt_eval_count: tokens } };
}

/** An Ollama server (native /api). */
export function ollamaResponder(): Responder {
  return (req) => {
    if (req.method === 'GET' && req.path === '/api/tags') return { json: fixtureJson('ollama', 'tags.json', { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', size: 1, digest: '0'.repeat(64), details: {} }] }) };
    if (req.method === 'POST' && req.path === '/api/chat') return chat(req);
    if (req.method === 'POST' && req.path === '/api/embed') return embed(req);
    return { status: 404, body: '404 page not found' };
  };
}

export function ollamaMidStreamError(): Behaviour {
  return { contentType: NDJSON, frames: fixtureFrames('ollama', 'chat_stream_error.ndjson') };
}
