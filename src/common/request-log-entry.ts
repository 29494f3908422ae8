import type { Money } from './money.js';
import type { Usage } from './usage.js';

/**
 * One request's log row (contract: request metadata; bodies only when `logs.bodies` is on). Shared by the gateway,
 * which reports it, and the logging module, which writes it.
 */
export interface RequestLogEntry {
  requestId: string;
  /** epoch ms */
  createdAt: number;
  clientId: string | null;
  clientName: string | null;
  keyId: string | null;
  model: string;
  /** The model id the provider served (an alias's model, a rule's rewrite); absent or null when nothing was served. */
  servedModel?: string | null;
  provider: string | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  ttfbMs: number | null;
  stream: boolean;
  usage: Usage;
  costE10: Money;
  estimated: boolean;
  /** x-gophergate-tags (absent: none) */
  tags?: string[];
  /** chat (default), embeddings, messages, responses */
  surface?: string;
  requestBody?: string;
  responseBody?: string;
}
