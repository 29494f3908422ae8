import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { DrainState, EventBus, MetricsRegistry } from '../../common/index.js';
import { AppConfig } from '../../config/index.js';
import { LiveHub } from './live-hub.js';
import { isOriginAllowed, offeredTokens } from './live-handshake.js';
import { refuseUpgrade } from './live-refusal.js';
import { LiveSessions } from './live-sessions.js';

export const LIVE_PATH = '/ws';
const SHUTDOWN_GRACE_MS = 1000;
const MAX_SESSION_CHECK_SECONDS = 15;

/**
 * GET /ws: the dashboard's live feed. The handshake is checked on the HTTP server's `upgrade` event before any
 * WebSocket exists (Origin → 403, session → 401, draining → 503), so a refused client never gets a socket.
 * Accepted sockets receive every EventBus event as `{"type","data"}` JSON; see LiveHub for heartbeats and limits.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: 4096 });
  private readonly hub: LiveHub;
  private readonly refused: ReturnType<MetricsRegistry['counter']>;
  private server: Server | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private closing = false;
  private checkingSessions = false;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly sessions: LiveSessions,
    private readonly bus: EventBus,
    private readonly drain: DrainState,
    metrics: MetricsRegistry,
  ) {
    const connections = metrics.gauge('gophergate_ws_connections', 'Open live-feed WebSocket connections', []);
    const dropped = metrics.counter('gophergate_ws_dropped_total', 'Live-feed sockets closed by the server', ['reason']);
    this.refused = metrics.counter('gophergate_ws_refused_total', 'Live-feed handshakes refused', ['status']);
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
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    this.unsubscribe = this.bus.subscribe((event) => this.hub.broadcast(event));
    const heartbeatMs = this.config.websocket.heartbeat_seconds * 1000;
    const sessionCheckMs = Math.min(this.config.websocket.heartbeat_seconds, MAX_SESSION_CHECK_SECONDS) * 1000;
    this.timers = [setInterval(() => this.hub.heartbeat(), heartbeatMs), setInterval(() => void this.checkSessions(), sessionCheckMs)];
    for (const timer of this.timers) timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.server?.off('upgrade', this.onUpgrade);
    await this.hub.closeAll(SHUTDOWN_GRACE_MS);
    this.wss.close();
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    this.handshake(req, socket, head).catch((err: unknown) => {
      this.logger.error({ reason: (err as Error)?.message }, 'live-feed handshake failed');
      this.refuse(socket, 500, 'The live feed could not be opened.');
    });
  };

  private async handshake(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH && url.pathname !== `${LIVE_PATH}/`) {
      // Not ours. When nobody else listens for upgrades, answer rather than leave the socket hanging.
      if (this.server && this.server.listenerCount('upgrade') <= 1) this.refuse(socket, 404, 'No WebSocket endpoint here; the live feed is at /ws.');
      return;
    }
    if (this.closing || this.drain.isDraining) return this.refuse(socket, 503, 'The server is shutting down.', { 'Retry-After': '1' });
    if (!isOriginAllowed(header(req, 'origin'), header(req, 'host'), this.config.websocket.allowed_origins)) {
      return this.refuse(socket, 403, 'This Origin may not open the live feed (websocket.allowed_origins).');
    }
    const tokens = offeredTokens(req, url);
    const session = tokens.length ? await this.sessions.authenticate(tokens) : null;
    if (!session) return this.refuse(socket, 401, 'Sign in first: the live feed needs a session (gg_session cookie or ?token=).');
    if (this.closing || socket.destroyed) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (this.closing) {
        ws.terminate();
        return;
      }
      this.hub.add(ws, session.sessionId);
      this.hub.send(ws, JSON.stringify({ type: 'hello', data: { heartbeat_seconds: this.config.websocket.heartbeat_seconds } }));
    });
  }

  private refuse(socket: Duplex, status: number, message: string, headers?: Record<string, string>): void {
    this.refused.inc({ status: String(status) });
    refuseUpgrade(socket, status, message, headers);
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

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
