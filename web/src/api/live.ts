// Live feed: one WebSocket to /ws on the page's own host, reconnecting with capped
// exponential backoff and jitter. Messages are JSON {type, data}; unknown types are ignored.
import type { LiveAlert, LiveCredit, LiveProvider, LiveRequest } from './types';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'closed';

interface EventMap {
  request: LiveRequest;
  provider: LiveProvider;
  credit: LiveCredit;
  alert: LiveAlert;
}
type EventType = keyof EventMap;
type Handler<K extends EventType> = (data: EventMap[K]) => void;

export interface FeedItem extends LiveRequest {
  received_at: number;
  seq: number;
}

const FEED_SIZE = 100;
const MIN_DELAY = 1000;
const MAX_DELAY = 30000;

export function liveUrl(loc: Location = window.location): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${loc.host}/ws`;
}

class LiveClient {
  private ws: WebSocket | null = null;
  private wanted = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private handlers: { [K in EventType]: Set<Handler<K>> } = {
    request: new Set(),
    provider: new Set(),
    credit: new Set(),
    alert: new Set(),
  };
  private statusListeners = new Set<(s: LiveStatus) => void>();
  private feedListeners = new Set<(items: FeedItem[]) => void>();
  private seq = 0;
  status: LiveStatus = 'idle';
  /** Most recent request events since sign-in, newest first; survives page changes. */
  feed: FeedItem[] = [];

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.wanted = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.onerror = null;
      ws.close(1000, 'signed out');
    }
    this.feed = [];
    this.emitFeed();
    this.setStatus('idle');
  }

  on<K extends EventType>(type: K, handler: Handler<K>): () => void {
    const set = this.handlers[type] as Set<Handler<K>>;
    set.add(handler);
    return () => set.delete(handler);
  }

  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onFeed(listener: (items: FeedItem[]) => void): () => void {
    this.feedListeners.add(listener);
    return () => this.feedListeners.delete(listener);
  }

  private setStatus(s: LiveStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }

  private emitFeed(): void {
    for (const l of this.feedListeners) l(this.feed);
  }

  private connect(): void {
    if (!this.wanted) return;
    this.setStatus('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(liveUrl());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
    };
    ws.onmessage = (ev: MessageEvent) => this.dispatch(ev.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setStatus('closed');
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      // A close event always follows; reconnect happens there.
    };
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.timer) return;
    const base = Math.min(MAX_DELAY, MIN_DELAY * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const { type, data } = msg as { type?: unknown; data?: unknown };
    if (!data || typeof data !== 'object') return;
    if (type === 'request') {
      const item: FeedItem = { ...(data as LiveRequest), received_at: Date.now(), seq: ++this.seq };
      this.feed = [item, ...this.feed].slice(0, FEED_SIZE);
      this.emitFeed();
      this.fire('request', data as LiveRequest);
    } else if (type === 'provider') {
      this.fire('provider', data as LiveProvider);
    } else if (type === 'credit') {
      this.fire('credit', data as LiveCredit);
    } else if (type === 'alert') {
      this.fire('alert', data as LiveAlert);
    }
    // hello, heartbeat and anything else: ignored.
  }

  private fire<K extends EventType>(type: K, data: EventMap[K]): void {
    for (const h of this.handlers[type] as Set<Handler<K>>) {
      try {
        h(data);
      } catch (err) {
        console.error('live handler failed', err);
      }
    }
  }
}

export const live = new LiveClient();
