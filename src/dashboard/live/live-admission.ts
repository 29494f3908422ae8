import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { DrainState, MetricsRegistry } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { isOriginAllowed, offeredTokens } from './live-handshake.js';
import { LiveSessions, type LiveSession } from './live-sessions.js';

export type AdmissionVerdict =
  | { ok: true; session: LiveSession }
  | { ok: false; status: number; message: string; headers?: Record<string, string> };

/**
 * Who may open the live feed, decided on the HTTP request before any WebSocket exists: draining → 503, an Origin not
 * in `websocket.allowed_origins` (default: the same host) → 403, no live session (gg_session cookie or ?token=) → 401.
 * The admitted session is remembered for the request, so the gateway can tie the socket to it.
 */
@Injectable()
export class LiveAdmission {
  private readonly logger = new Logger('LiveFeed');
  private readonly admitted = new WeakMap<IncomingMessage, LiveSession>();
  private readonly refused: ReturnType<MetricsRegistry['counter']>;
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: LiveSessions,
    private readonly drain: DrainState,
    metrics: MetricsRegistry,
  ) {
    this.refused = metrics.counter('gophergate_ws_refused_total', 'Live-feed handshakes refused', ['status']);
  }

  /** From now on every handshake is refused with 503 (shutdown). */
  close(): void {
    this.closing = true;
  }

  async check(req: IncomingMessage): Promise<AdmissionVerdict> {
    let verdict: AdmissionVerdict;
    try {
      verdict = await this.decide(req);
    } catch (err) {
      this.logger.error({ reason: (err as Error)?.message }, 'live-feed handshake failed');
      verdict = { ok: false, status: 500, message: 'The live feed could not be opened.' };
    }
    if (verdict.ok) this.admitted.set(req, verdict.session);
    else this.refusedWith(verdict.status);
    return verdict;
  }

  /** The session admitted for this handshake request (undefined when it was not admitted here). */
  sessionFor(req: IncomingMessage): LiveSession | undefined {
    return this.admitted.get(req);
  }

  refusedWith(status: number): void {
    this.refused.inc({ status: String(status) });
  }

  private async decide(req: IncomingMessage): Promise<AdmissionVerdict> {
    if (this.closing || this.drain.isDraining) return { ok: false, status: 503, message: 'The server is shutting down.', headers: { 'Retry-After': '1' } };
    if (!isOriginAllowed(header(req, 'origin'), header(req, 'host'), this.config.websocket.allowed_origins)) {
      return { ok: false, status: 403, message: 'This Origin may not open the live feed (websocket.allowed_origins).' };
    }
    const tokens = offeredTokens(req, new URL(req.url ?? '/', 'http://localhost'));
    const session = tokens.length ? await this.sessions.authenticate(tokens) : null;
    if (!session) return { ok: false, status: 401, message: 'Sign in first: the live feed needs a session (gg_session cookie or ?token=).' };
    if (this.closing) return { ok: false, status: 503, message: 'The server is shutting down.', headers: { 'Retry-After': '1' } };
    return { ok: true, session };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
