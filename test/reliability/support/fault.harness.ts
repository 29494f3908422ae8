import { anthropicResponder } from '../../support/mock-upstreams/anthropic.mock.js';
import { geminiResponder } from '../../support/mock-upstreams/gemini.mock.js';
import { startMockUpstream, type Behaviour, type MockKind, type MockUpstream, type RecordedRequest, type Responder } from '../../support/mock-upstreams/index.js';
import { ollamaResponder } from '../../support/mock-upstreams/ollama.mock.js';
import { openaiResponder } from '../../support/mock-upstreams/openai.mock.js';
import { freePort } from '../../support/process-app.js';

export type ProviderKind = 'openai' | 'openai-compatible' | 'anthropic' | 'gemini' | 'ollama';

export interface KindSpec {
  /** Provider name in the gateway. */
  name: string;
  kind: ProviderKind;
  mock: MockKind;
  model: string;
  /** Index of the first frame of the default stream that carries content (for endless streams). */
  contentFrame: number;
}

export const KINDS: readonly KindSpec[] = [
  { name: 'oa', kind: 'openai', mock: 'openai', model: 'gpt-4o', contentFrame: 1 },
  { name: 'compat', kind: 'openai-compatible', mock: 'openai', model: 'compat-llama', contentFrame: 1 },
  { name: 'ant', kind: 'anthropic', mock: 'anthropic', model: 'claude-sonnet-4-5', contentFrame: 3 },
  { name: 'gem', kind: 'gemini', mock: 'gemini', model: 'gemini-2.5-flash', contentFrame: 0 },
  { name: 'oll', kind: 'ollama', mock: 'ollama', model: 'qwen3-vl:8b', contentFrame: 0 },
];

/** Per-attempt limits of the fault providers: short, so every failure path ends in about a second. */
export const TIMEOUT_S = 1.5;
export const ATTEMPTS = 2;
export const PRICE = { input: 1, output: 2 };

/** The protocol's faithful answer for a request (what the mock does unscripted). */
export function defaultResponder(kind: MockKind): Responder {
  return kind === 'openai' ? openaiResponder() : kind === 'anthropic' ? anthropicResponder() : kind === 'gemini' ? geminiResponder() : ollamaResponder();
}

/** Frames of a JSON body or a protocol's stream, for the mock's `frames` behaviour. */
export function framesOf(b: Behaviour): string[] {
  if (b.frames) return b.frames;
  return [b.json !== undefined ? JSON.stringify(b.json) : (b.body ?? '')];
}

export function contentTypeOf(kind: MockKind, stream: boolean): string {
  if (!stream) return 'application/json';
  return kind === 'ollama' ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8';
}

/** A request whose body names a case: scripts match on the marker, so cases can run at once on one mock. */
export function byMarker(marker: string): (req: RecordedRequest) => boolean {
  return (req) => req.rawBody.includes(marker);
}

export interface FaultStack {
  mocks: Map<string, MockUpstream>;
  deadUrl: string;
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * One mock per provider kind and, per kind, three providers on it: `<name>` (retries, a breaker that never
 * trips, so concurrent cases do not disturb each other), `storm-<name>` (a breaker that opens after 4 failures)
 * and `dead-<name>` (a port nothing listens on). Models `<model>`, `storm-<model>` and `dead-<model>` route to them.
 */
export async function startFaultStack(extra: { providers?: unknown[]; routing?: unknown[]; server?: Record<string, unknown> } = {}): Promise<FaultStack> {
  const mocks = new Map<string, MockUpstream>();
  for (const k of KINDS) mocks.set(k.name, await startMockUpstream(k.mock));
  const deadUrl = `http://127.0.0.1:${await freePort()}`;
  const limits = { timeout_seconds: TIMEOUT_S, stream_idle_seconds: TIMEOUT_S, retry: { attempts: ATTEMPTS, backoff_ms: [20] } };
  const providers = KINDS.flatMap((k) => {
    const base = mocks.get(k.name)!.baseUrl;
    const deadBase = `${deadUrl}${new URL(base).pathname}`;
    const pricing = { [k.model]: PRICE, [`storm-${k.model}`]: PRICE, [`dead-${k.model}`]: PRICE };
    return [
      { name: k.name, kind: k.kind, base_url: base, ...limits, breaker: { consecutive_failures: 1000, half_open_after_seconds: 1 }, pricing },
      { name: `storm-${k.name}`, kind: k.kind, base_url: base, ...limits, breaker: { consecutive_failures: 4, half_open_after_seconds: 0.5 }, pricing },
      { name: `dead-${k.name}`, kind: k.kind, base_url: deadBase, ...limits, breaker: { consecutive_failures: 1000, half_open_after_seconds: 1 }, pricing },
    ];
  });
  const routing = KINDS.flatMap((k) => [
    { match: k.model, provider: k.name, fallback: [] },
    { match: `storm-${k.model}`, provider: `storm-${k.name}`, model: k.model, fallback: [] },
    { match: `dead-${k.model}`, provider: `dead-${k.name}`, model: k.model, fallback: [] },
  ]);
  const config = {
    ...(extra.server ? { server: extra.server } : {}),
    providers: [...providers, ...(extra.providers ?? [])],
    routing: [...routing, ...(extra.routing ?? [])],
  };
  return {
    mocks,
    deadUrl,
    config,
    async close() {
      for (const m of mocks.values()) await m.close();
    },
  };
}

export interface Outcome {
  status: number;
  requestId: string;
  contentType: string;
  text: string;
  /** SSE data payloads (parsed; '[DONE]' kept as a string). */
  frames: unknown[];
  ms: number;
  retryAfter: string | null;
}

export function dataFrames(text: string): unknown[] {
  return text
    .split('\n\n')
    .map((f) => f.trim())
    .filter((f) => f.startsWith('data: '))
    .map((f) => {
      const d = f.slice(6);
      if (d === '[DONE]') return d;
      try {
        return JSON.parse(d) as unknown;
      } catch {
        return { unparseable: d };
      }
    });
}

/** POST /v1/chat/completions and read the whole answer (bounded by `timeoutMs`). */
export async function chatCall(url: string, key: string, body: Record<string, unknown>, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<Outcome> {
  const started = performance.now();
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    requestId: res.headers.get('x-request-id') ?? '',
    contentType,
    text,
    frames: contentType.startsWith('text/event-stream') ? dataFrames(text) : [],
    ms: performance.now() - started,
    retryAfter: res.headers.get('retry-after'),
  };
}

export function ask(model: string, marker: string, stream: boolean): Record<string, unknown> {
  return { model, stream, max_tokens: 200, messages: [{ role: 'user', content: `Where is the Eiffel Tower? [${marker}]` }] };
}

/** The error envelope of a JSON answer, or null. */
export function errorOf(o: Outcome): { type?: string; code?: string | null; message?: string } | null {
  try {
    const body = JSON.parse(o.text) as { error?: { type?: string; code?: string | null; message?: string } };
    return body.error ?? null;
  } catch {
    return null;
  }
}

/** Content text relayed in a stream's chunks. */
export function streamedText(o: Outcome): string {
  let text = '';
  for (const f of o.frames) {
    const choices = (f as { choices?: Array<{ delta?: { content?: string } }> }).choices;
    if (Array.isArray(choices)) for (const c of choices) text += c.delta?.content ?? '';
  }
  return text;
}

/** The last frame of a stream, and whether the stream ended with [DONE]. */
export function streamEnding(o: Outcome): { done: boolean; error: { type?: string; code?: string | null; message?: string } | null } {
  const last = o.frames.at(-1);
  if (last === '[DONE]') return { done: true, error: null };
  const error = (last as { error?: { type?: string; code?: string | null; message?: string } } | undefined)?.error ?? null;
  return { done: false, error };
}
