// OpenAI Chat Completions / Embeddings shapes: the gateway's lingua franca.
// Known fields are typed; index signatures keep unknown fields for passthrough.

/**
 * The roles a chat message may carry: the edge's validator and every adapter read this one list. `function` is OpenAI's
 * deprecated role (answers to `functions`): relayed as sent to OpenAI kinds, refused as unsupported by translating adapters.
 */
export const CHAT_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export interface TextPart {
  type: 'text';
  text: string;
  /** Anthropic-style prompt caching hint (OpenRouter/LiteLLM convention); honoured by the anthropic adapter. */
  cache_control?: Record<string, unknown>;
  [k: string]: unknown;
}
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | null };
  [k: string]: unknown;
}
export interface InputAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
  [k: string]: unknown;
}
export interface FilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  [k: string]: unknown;
}
export interface RefusalPart {
  type: 'refusal';
  refusal: string;
  [k: string]: unknown;
}
export type ContentPart = TextPart | ImagePart | InputAudioPart | FilePart | RefusalPart;

/** Provider state carried on a tool call through the client round trip (e.g. Gemini thought signatures). */
export type ExtraContent = Record<string, Record<string, unknown> | undefined>;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: ExtraContent;
  [k: string]: unknown;
}

export interface ChatMessage {
  role: ChatRole;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  refusal?: string | null;
  reasoning_content?: string | null;
  [k: string]: unknown;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
  [k: string]: unknown;
}

export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
    };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; [k: string]: unknown } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  user?: string;
  n?: number | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  reasoning_effort?: ReasoningEffort | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  [k: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {});

export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCall[];
  [k: string]: unknown;
}

export interface ChatChoice {
  index: number;
  message: AssistantMessage;
  logprobs: unknown;
  finish_reason: FinishReason | null;
  [k: string]: unknown;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number; [k: string]: unknown };
  completion_tokens_details: { reasoning_tokens: number; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: OpenAIUsage;
  [k: string]: unknown;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
  extra_content?: ExtraContent;
  [k: string]: unknown;
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCallDelta[];
  [k: string]: unknown;
}

export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  logprobs?: unknown;
  finish_reason: FinishReason | null;
  [k: string]: unknown;
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChunkChoice[];
  [k: string]: unknown;
}

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [k: string]: unknown;
}

export interface Embedding {
  object: 'embedding';
  index: number;
  embedding: number[] | string;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
  [k: string]: unknown;
}
