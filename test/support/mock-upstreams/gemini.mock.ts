import { fixtureFrames, fixtureJson, tokensOf, vectorFor } from './fixtures.js';
import type { Behaviour, RecordedRequest, Responder } from './mock.types.js';

const ERRORS: Record<number, string> = { 400: 'error_400.json', 403: 'error_403.json', 404: 'error_404.json', 429: 'error_429.json', 500: 'error_500.json', 503: 'error_503.json' };

export function geminiError(status: number): Behaviour {
  return { status, json: fixtureJson('gemini', ERRORS[status] ?? 'error_500.json') };
}

type Scenario = 'final' | 'function_call' | 'text';

function scenario(body: any): Scenario { // eslint-disable-line @typescript-eslint/no-explicit-any
  const contents = Array.isArray(body?.contents) ? body.contents : [];
  const last = contents.at(-1);
  if (Array.isArray(last?.parts) && last.parts.some((p: { functionResponse?: unknown }) => p?.functionResponse)) return 'final';
  if (Array.isArray(body?.tools) && body.tools.length > 0) return 'function_call';
  return 'text';
}

function generate(req: RecordedRequest, stream: boolean): Behaviour {
  const kind = scenario(req.body);
  if (stream) {
    if (req.query.alt !== 'sse') return { status: 400, json: { error: { code: 400, message: 'the mock only streams with alt=sse', status: 'INVALID_ARGUMENT' } } };
    return { frames: fixtureFrames('gemini', kind === 'function_call' ? 'stream_generate_content_function_call.sse' : 'stream_generate_content.sse') };
  }
  return { json: fixtureJson('gemini', kind === 'function_call' ? 'generate_content_response_function_call.json' : 'generate_content_response.json') };
}

function embed(req: RecordedRequest, batch: boolean): Behaviour {
  const requests: Array<{ content?: { parts?: Array<{ text?: string }> }; outputDimensionality?: number }> = batch ? (req.body?.requests ?? []) : [req.body ?? {}];
  const embeddings = requests.map((r) => ({ values: vectorFor((r.content?.parts ?? []).map((p) => p.text ?? '').join(''), r.outputDimensionality ?? 8) }));
  const tokens = requests.reduce((n, r) => n + tokensOf((r.content?.parts ?? []).map((p) => p.text ?? '').join('')), 0);
  return { json: batch ? { embeddings, usageMetadata: { promptTokenCount: tokens, totalTokenCount: tokens } } : { embedding: embeddings[0] } };
}

/** A Gemini API server at base path `/v1beta`; a key in the URL (`?key=`) is refused, as the gateway must never send one. */
export function geminiResponder(options: { apiKey?: string } = {}): Responder {
  return (req) => {
    if (req.query.key !== undefined) return { status: 400, json: { error: { code: 400, message: 'mock: the API key must not travel in the URL', status: 'INVALID_ARGUMENT' } } };
    if (options.apiKey !== undefined && req.headers['x-goog-api-key'] !== options.apiKey) return geminiError(400);
    if (req.method === 'GET' && /\/models\/?$/.test(req.path)) {
      return { json: { models: [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', supportedGenerationMethods: ['generateContent'] }] } };
    }
    const action = /:(\w+)$/.exec(req.path)?.[1];
    if (req.method === 'POST' && action === 'generateContent') return generate(req, false);
    if (req.method === 'POST' && action === 'streamGenerateContent') return generate(req, true);
    if (req.method === 'POST' && action === 'batchEmbedContents') return embed(req, true);
    if (req.method === 'POST' && action === 'embedContent') return embed(req, false);
    return geminiError(404);
  };
}

export function geminiMidStreamError(): Behaviour {
  return { frames: fixtureFrames('gemini', 'stream_generate_content_error.sse') };
}
