import type { ResponsesUsage } from '../../../providers/index.js';

/** OpenAI Responses API shapes the gateway reads and writes. Known fields typed; unknown fields kept. */

export type Json = Record<string, unknown>;

/** An input or output item (message, function_call, function_call_output, reasoning, hosted-tool items…). */
export interface ResponseItem {
  type?: string;
  id?: string;
  [k: string]: unknown;
}

export interface ResponsesRequest {
  model: string;
  input?: string | ResponseItem[];
  instructions?: string | null;
  tools?: Json[];
  tool_choice?: string | Json;
  parallel_tool_calls?: boolean | null;
  text?: { format?: Json; [k: string]: unknown } | null;
  reasoning?: { effort?: string | null; summary?: string | null; [k: string]: unknown } | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  metadata?: Record<string, string> | null;
  store?: boolean | null;
  previous_response_id?: string | null;
  include?: string[] | null;
  prompt_cache_key?: string | null;
  stream?: boolean | null;
  user?: string | null;
  [k: string]: unknown;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed' | 'incomplete' | 'failed' | 'in_progress';
  error: { code: string | null; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: ResponseItem[];
  usage: (ResponsesUsage & { cost?: number }) | null;
  [k: string]: unknown;
}

/** One stream event: its `type` is also its SSE event name. */
export interface ResponseEvent {
  type: string;
  sequence_number: number;
  [k: string]: unknown;
}

/** Where item and response ids come from (random in the service, fixed in tests). */
export interface IdSource {
  next(prefix: 'resp' | 'msg' | 'fc' | 'rs'): string;
}
