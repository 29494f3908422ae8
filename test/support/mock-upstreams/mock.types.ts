/** A request a mock upstream received, as the test inspects it. */
export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Parsed JSON body (undefined when the body was empty or not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  receivedAt: number;
  /** The connection closed before the response finished (the gateway aborted, or the mock reset it). */
  aborted: boolean;
  /** Resolves when the response finished or the connection closed. */
  settled: Promise<void>;
}

/**
 * What a mock does with one request. Fields combine: wait `delayMs`, then `hang` (never answer),
 * `reset: 'before-headers'` (destroy the socket), or answer `status`/`headers` with `json`/`body`, or stream
 * `frames` (raw strings, `dripMs` apart), then `reset: 'after-frames'` (destroy mid-stream) or end.
 */
export interface Behaviour {
  delayMs?: number;
  hang?: boolean;
  reset?: 'before-headers' | 'after-frames';
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  frames?: string[];
  dripMs?: number;
  contentType?: string;
}

export type Responder = (req: RecordedRequest) => Behaviour;

/** A scripted behaviour: used for the next `times` requests that `match` (default: every request, once). */
export interface Script {
  behaviour: Behaviour | Responder;
  match?: (req: RecordedRequest) => boolean;
  times?: number;
}
