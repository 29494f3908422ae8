import { observationFor, type Money, type RequestObservation, type Usage } from '../../common/index.js';
import type { Admission, Principal } from './gateway.ports.js';
import type { SurfaceName } from './surface.js';

/** What one /v1 request accumulated on its way: for the charge, the request log and the metrics. */
export class RequestTrace {
  readonly createdAt = Date.now();
  private readonly t0 = performance.now();
  model = '';
  /** The model id the serving provider was asked for (differs from `model` for aliases and rewrites); null until served. */
  servedModel: string | null = null;
  stream = false;
  provider: string | null = null;
  ttfbMs: number | null = null;
  admission: Admission | null = null;
  idempotencyKey: string | undefined;
  /** Prompt estimate + max output, as told to the rate limiter. */
  limiterTokens = 0;
  promptTokens = 0;
  requestBody: string | undefined;
  /** The /v1 surface that served the request (request logs, live feed). */
  surface: SurfaceName = 'chat';
  /** The request's observation when it is traced (its server span), found by request id. */
  readonly observation: RequestObservation | undefined;
  /** The x-gophergate-tags of the request (request.tags.ts). */
  tags: string[] = [];

  constructor(
    readonly requestId: string,
    readonly principal: Principal,
  ) {
    this.observation = observationFor(requestId);
  }

  elapsedMs(): number {
    return performance.now() - this.t0;
  }

  /** Milliseconds from the request's start to `at` (a performance.now() value). */
  since(at: number): number {
    return Math.max(0, at - this.t0);
  }

  markFirstByte(at = performance.now()): void {
    this.ttfbMs ??= this.since(at);
  }
}

export interface Outcome {
  status: number;
  usage: Usage;
  costE10: Money;
  estimated: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
  responseBody?: string;
}
