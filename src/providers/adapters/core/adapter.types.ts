import type {
  ChatChunk,
  ChatCompletion,
  ChatRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
} from './openai.types.js';

/** Disjoint token counts: input = uncached input; output includes reasoning (reasoning is also reported apart). */
export interface NormalizedUsage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

/** Quirks of an OpenAI-compatible upstream (see openai-compatible/presets.ts for the data). */
export interface OpenAICompatiblePreset {
  name: string;
  baseUrl: string;
  /** Send `Authorization: Bearer` only when a key is configured (local servers need none). */
  authOptional?: boolean;
  /** Request fields renamed on the way out, e.g. max_completion_tokens → max_tokens. */
  renameParams?: Readonly<Record<string, string>>;
  /** Fields the upstream rejects or ignores: a request carrying them (non-null) is refused with 400. */
  unsupportedParams?: readonly string[];
  /** Advisory fields (no effect on output) the upstream rejects: removed, and listed in WireRequest.dropped. */
  dropParams?: readonly string[];
  /** Largest `n` the upstream honours. */
  maxN?: number;
  /** `tool_choice` values the upstream honours (default: all). */
  toolChoice?: readonly ('none' | 'auto' | 'required' | 'named')[];
  /** Spelling of tool_choice "required" upstream. */
  toolChoiceRequiredAs?: string;
  /** `data-only`: remote image URLs refused; `none`: image parts refused. */
  images?: 'any' | 'data-only' | 'none';
  /** `stream_options`: ask with stream_options.include_usage; `always`: the upstream always reports usage and rejects stream_options. */
  streamUsage?: 'stream_options' | 'always';
  /** Tool-call ids must match this format; ids are rewritten on a copy (reversibly). */
  toolCallIds?: 'alnum9';
}

export interface AdapterContext {
  upstreamModel: string;
  stream: boolean;
  /** max_tokens to send when the client gave none and the provider requires one (models.dev limit.output). */
  defaultMaxTokens: number;
  preset?: OpenAICompatiblePreset;
  /** Epoch seconds used for `created` when the upstream sends none (default: now). */
  now?: number;
  /** The WireRequest toWire produced for this call: pass it to fromWire/createStreamMapper (id maps live there). */
  request?: WireRequest;
}

export interface WireRequest {
  /** Relative to the provider's base_url, no leading slash. */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  framing: 'sse' | 'ndjson' | 'json';
  /** Upstream tool-call id → client tool-call id, for ids rewritten on the way out. */
  idMap?: Record<string, string>;
  /** What fromWire must know about the client's request (e.g. the embeddings encoding it asked for). */
  hints?: { encodingFormat?: 'float' | 'base64' };
  /** Advisory request fields (no effect on the output, e.g. `user`) that the upstream cannot take and were left out. */
  dropped?: string[];
  /** A faithful relay's protocol headers as the client sent them (e.g. anthropic-version, anthropic-beta): they win over the adapter's defaults. */
  passHeaders?: Record<string, string>;
}

export interface ProviderError {
  status: number;
  type: string;
  code: string | null;
  param: string | null;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export type StreamEvent =
  /** `json`: the chunk's JSON text when the mapper has it verbatim from the upstream (forwarded without re-serializing). */
  | { type: 'chunk'; chunk: ChatChunk; json?: string }
  | { type: 'usage'; usage: NormalizedUsage }
  | { type: 'done' }
  | { type: 'error'; error: ProviderError };

export interface StreamMapper {
  /** Raw decoded upstream text, split anywhere. */
  push(text: string): StreamEvent[];
  /** Upstream closed. Without a clean finish this yields an error event (truncated stream), never `done`. */
  end(): StreamEvent[];
}

export interface EmbeddingsAdapter {
  toWire(req: EmbeddingsRequest, ctx: AdapterContext): WireRequest;
  fromWire(body: unknown, ctx: AdapterContext): { response: EmbeddingsResponse; usage: NormalizedUsage };
}

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface ProviderAdapter {
  kind: string;
  /** Public base URL used when the provider config has none, as the vendor documents it (what the dashboard pre-fills). */
  defaultBaseUrl: string;
  /**
   * The vendor's version path (`v1`, `v1beta`, `api`). Vendors document their base URL with or without it; both work:
   * a base URL with no path gets it added. With `pathsIncludeVersion` the adapter's own paths start with it (Ollama's
   * `api/chat`), so a base URL that already ends with it drops it instead.
   */
  versionPath?: string;
  pathsIncludeVersion?: boolean;
  authHeaders(apiKey: string | undefined): Record<string, string>;
  toWire(req: ChatRequest, ctx: AdapterContext): WireRequest;
  fromWire(body: unknown, ctx: AdapterContext): { completion: ChatCompletion; usage: NormalizedUsage };
  createStreamMapper(ctx: AdapterContext): StreamMapper;
  toProviderError(status: number, body: unknown, headers: HeaderBag, nowMs?: number): ProviderError;
  embeddings?: EmbeddingsAdapter;
}
