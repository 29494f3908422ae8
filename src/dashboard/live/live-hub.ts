import { WebSocket } from 'ws';

export type DropReason = 'slow' | 'heartbeat' | 'session' | 'error';

export interface LiveHubOptions {
  /** A client with more unsent data than this is dropped instead of buffered further (memory: this + one message). */
  maxBufferedBytes: number;
  onCountChange?: (count: number) => void;
  onDrop?: (reason: DropReason) => void;
}

interface Member {
  sessionId: string;
  alive: boolean;
}

/** Close code sent when the session behind a socket was revoked or expired (4000-4999: application codes). */
export const CLOSE_SESSION_ENDED = 4401;
/** Close code sent on shutdown ("going away"). */
export const CLOSE_GOING_AWAY = 1001;

/**
 * The open live-feed sockets: fan-out of JSON messages, heartbeats, and dropping what must go (slow readers,
 * missed pongs, ended sessions). Memory per client is bounded by `maxBufferedBytes` plus one message.
 */
export class LiveHub {
  private readonly members = new Map<WebSocket, Member>();

  constructor(private readonly options: LiveHubOptions) {}

  get size(): number {
    return this.members.size;
  }

  add(ws: WebSocket, sessionId: string): void {
    this.members.set(ws, { sessionId, alive: true });
    this.options.onCountChange?.(this.members.size);
    ws.on('pong', () => {
      const m = this.members.get(ws);
      if (m) m.alive = true;
    });
    ws.on('close', () => this.forget(ws));
    ws.on('error', () => this.drop(ws, 'error'));
  }

  /** Send one message to every open socket; a socket already holding too much unsent data is dropped instead. */
  broadcast(message: unknown): void {
    if (this.members.size === 0) return;
    const payload = JSON.stringify(message);
    for (const ws of [...this.members.keys()]) this.send(ws, payload);
  }

  send(ws: WebSocket, payload: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    // Checked before adding: a reader that keeps up never trips it, whatever the size of one message.
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.drop(ws, 'slow');
      return;
    }
    ws.send(payload, (err) => {
      if (err) this.drop(ws, 'error');
    });
  }

  /** One heartbeat round: terminate whoever did not answer the previous ping, ping the rest. */
  heartbeat(): void {
    for (const [ws, member] of [...this.members]) {
      if (!member.alive) {
        this.drop(ws, 'heartbeat');
        continue;
      }
      member.alive = false;
      try {
        ws.ping();
      } catch {
        this.drop(ws, 'error');
      }
    }
  }

  sessionIds(): string[] {
    return [...new Set([...this.members.values()].map((m) => m.sessionId))];
  }

  /** Close (politely, code 4401) every socket whose session is not in `live`. */
  closeEnded(live: ReadonlySet<string>): number {
    let closed = 0;
    for (const [ws, member] of [...this.members]) {
      if (live.has(member.sessionId)) continue;
      this.forget(ws);
      this.options.onDrop?.('session');
      ws.close(CLOSE_SESSION_ENDED, 'session ended');
      // a peer that never answers the close handshake is cut off rather than kept
      setTimeout(() => ws.terminate(), 2000).unref();
      closed += 1;
    }
    return closed;
  }

  /** Close everything (shutdown); sockets still open after `graceMs` are terminated. */
  async closeAll(graceMs: number): Promise<void> {
    const sockets = [...this.members.keys()];
    this.members.clear();
    this.options.onCountChange?.(0);
    if (sockets.length === 0) return;
    await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              ws.terminate();
              resolve();
            }, graceMs);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(CLOSE_GOING_AWAY, 'server shutting down');
          }),
      ),
    );
  }

  private drop(ws: WebSocket, reason: DropReason): void {
    if (!this.forget(ws)) return;
    this.options.onDrop?.(reason);
    ws.terminate();
  }

  private forget(ws: WebSocket): boolean {
    const had = this.members.delete(ws);
    if (had) this.options.onCountChange?.(this.members.size);
    return had;
  }
}
