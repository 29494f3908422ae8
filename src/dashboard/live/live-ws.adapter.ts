import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { LiveAdmission } from './live-admission.js';
import { refuseUpgrade } from './live-refusal.js';

type VerifyCallback = (verified: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;
type WsServerLike = { path?: string; handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (ws: unknown) => void): void; emit(event: string, ...args: unknown[]): boolean };

/**
 * Nest's `ws` adapter with the gateway's handshake rules, on the application's own HTTP server:
 * - every WebSocket server it creates checks the request in `verifyClient` (LiveAdmission: 503/403/401 with a JSON
 *   body) before the upgrade completes, so a refused client never gets a socket;
 * - an upgrade to a path no gateway serves is answered 404 (Nest's adapter would drop the connection silently), and
 *   `/ws/` is the same endpoint as `/ws`.
 */
export class LiveWsAdapter extends WsAdapter {
  private readonly listeners: Array<[Server, (req: IncomingMessage, socket: Duplex, head: Buffer) => void]> = [];

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override create(port: number, options?: Record<string, unknown> & { namespace?: string; server?: unknown; path?: string }): unknown {
    const admission = this.app.get(LiveAdmission, { strict: false });
    const verifyClient = (info: { req: IncomingMessage }, done: VerifyCallback): void => {
      void admission.check(info.req).then((verdict) => {
        if (verdict.ok) return done(true);
        const body = JSON.stringify({ statusCode: verdict.status, message: verdict.message, error: STATUS_CODES[verdict.status] ?? 'Error' });
        done(false, verdict.status, body, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...verdict.headers });
      });
    };
    return super.create(port, { ...options, verifyClient });
  }

  protected override ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (!httpServer) return super.ensureHttpServerExists(port);
    if (this.httpServersRegistry.has(port)) return undefined;
    const server = httpServer;
    this.httpServersRegistry.set(port, server);
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      socket.on('error', () => socket.destroy());
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/(.)\/+$/, '$1');
      } catch {
        return this.refuse(socket, 400, 'The upgrade request has a malformed URL.');
      }
      const target = (this.wsServersRegistry.get(port) as WsServerLike[] | undefined)?.find((s) => s.path === pathname);
      if (!target) return this.refuse(socket, 404, 'No WebSocket endpoint here; the live feed is at /ws.');
      target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
    };
    server.on('upgrade', listener);
    this.listeners.push([server, listener]);
    return server;
  }

  override async dispose(): Promise<void> {
    for (const [server, listener] of this.listeners.splice(0)) server.off('upgrade', listener);
    await super.dispose();
  }

  private refuse(socket: Duplex, status: number, message: string): void {
    this.app.get(LiveAdmission, { strict: false }).refusedWith(status);
    refuseUpgrade(socket, status, message);
  }
}
