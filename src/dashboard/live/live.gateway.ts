import type { IncomingMessage } from 'node:http';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { EventBus, MetricsRegistry } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { LiveAdmission } from './live-admission.js';
import { LiveHub } from './live-hub.js';
import { LiveSessions } from './live-sessions.js';

export const LIVE_PATH = '/ws';
const SHUTDOWN_GRACE_MS = 1000;
const MAX_SESSION_CHECK_SECONDS = 15;

/**
 * GET /ws: the dashboard's live feed, a Nest WebSocket gateway on the `ws` adapter (LiveWsAdapter). The handshake
 * is checked before the upgrade completes (LiveAdmission: draining → 503, Origin → 403, session → 401), so a
 * refused client never gets a socket. Accepted sockets receive every EventBus event as `{"type","data"}` JSON; see
 * LiveHub for heartbeats and the slow-client limit. Sockets whose session ends are closed within 15 s.
 */
@WebSocketGateway({ path: LIVE_PATH, clientTracking: false, perMessageDeflate: false, maxPayload: 4096 })
export class LiveGateway implements OnGatewayConnection<WebSocket>, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly hub: LiveHub;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private closing = false;
  private checkingSessions = false;

  constructor(
    private readonly config: AppConfig,
    private readonly admission: LiveAdmission,
    private readonly sessions: LiveSessions,
    private readonly bus: EventBus,
    metrics: MetricsRegistry,
  ) {
    const connections = metrics.gauge('gophergate_ws_connections', 'Open live-feed WebSocket connections', []);
    const dropped = metrics.counter('gophergate_ws_dropped_total', 'Live-feed sockets closed by the server', ['reason']);
    this.hub = new LiveHub({
      maxBufferedBytes: config.websocket.max_buffered_bytes,
      onCountChange: (n) => connections.set(n),
      onDrop: (reason) => {
        dropped.inc({ reason });
        if (reason === 'slow') this.logger.warn({ max_buffered_bytes: config.websocket.max_buffered_bytes }, 'dropped a live-feed client that could not keep up');
      },
    });
  }

  get connectionCount(): number {
    return this.hub.size;
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.hub.broadcast(event));
    const heartbeatMs = this.config.websocket.heartbeat_seconds * 1000;
    const sessionCheckMs = Math.min(this.config.websocket.heartbeat_seconds, MAX_SESSION_CHECK_SECONDS) * 1000;
    // socket heartbeats and session checks, not scheduled jobs: they act on this replica's open sockets until they close
    this.timers = [setInterval(() => this.hub.heartbeat(), heartbeatMs), setInterval(() => void this.checkSessions(), sessionCheckMs)];
    for (const timer of this.timers) timer.unref();
  }

  /** A socket whose handshake LiveAdmission accepted. */
  handleConnection(ws: WebSocket, req: IncomingMessage): void {
    const session = this.admission.sessionFor(req);
    if (this.closing || !session) {
      ws.terminate();
      return;
    }
    this.hub.add(ws, session.sessionId);
    this.hub.send(ws, JSON.stringify({ type: 'hello', data: { heartbeat_seconds: this.config.websocket.heartbeat_seconds } }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.admission.close();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.hub.closeAll(SHUTDOWN_GRACE_MS);
  }

  /** Close the sockets whose session was revoked or expired since the handshake. */
  private async checkSessions(): Promise<void> {
    if (this.checkingSessions || this.hub.size === 0) return;
    this.checkingSessions = true;
    try {
      const live = await this.sessions.live(this.hub.sessionIds());
      const closed = this.hub.closeEnded(live);
      if (closed) this.logger.log({ closed }, 'closed live-feed sockets whose session ended');
    } catch (err) {
      this.logger.warn({ reason: (err as Error)?.message }, 'could not check live-feed sessions');
    } finally {
      this.checkingSessions = false;
    }
  }
}
