import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Behaviour, MockUpstream, RecordedRequest } from '../../support/mock-upstreams/index.js';
import { contentTypeOf, dataFrames, defaultResponder, framesOf, type KindSpec } from './fault.harness.js';

/** A seeded PRNG (mulberry32): a soak can be replayed with SOAK_SEED. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/**
 * A mock that misbehaves at random on every request: most answers are the protocol's own, the rest are error
 * statuses, resets before headers or mid-body, hangs, malformed frames, and the protocol's mid-stream error.
 */
export function unleashChaos(mock: MockUpstream, k: KindSpec, rand: () => number, failureRate: number): void {
  const chaos = (req: RecordedRequest): Behaviour => {
    const normal = defaultResponder(k.mock)(req);
    if (rand() >= failureRate) return normal;
    const stream = Boolean(normal.frames);
    const frames = framesOf(normal);
    const faults: Array<() => Behaviour> = [
      () => mock.error(500),
      () => mock.error(503),
      () => mock.error(502),
      () => mock.error(429, { 'retry-after': '0' }),
      () => ({ reset: 'before-headers' }),
      () => ({ hang: true }),
      () => ({ ...normal, delayMs: 300 + Math.floor(rand() * 500) }),
      () => ({ frames: [frames.join('').slice(0, Math.max(1, Math.floor(frames.join('').length / 2)))], contentType: contentTypeOf(k.mock, stream), reset: 'after-frames' }),
      () => (stream ? mock.midStreamError() : { status: 200, body: '{"choices": [', contentType: 'application/json' }),
      () => ({ frames: [...frames.slice(0, Math.max(1, frames.length - 3)), k.mock === 'ollama' ? '{"broken\n' : 'data: {"broken\n\n'], contentType: contentTypeOf(k.mock, stream) }),
    ];
    return pick(rand, faults)();
  };
  mock.script({ behaviour: chaos, times: Number.MAX_SAFE_INTEGER });
}

export interface Seen {
  requestId: string;
  status: number;
  /** A 200 that ended cleanly ([DONE] for streams). */
  completed: boolean;
  /** The client left on purpose. */
  abandoned: boolean;
}

/** Load generator with its own connection pool, so the test can close every socket it opened and count the rest. */
export class LoadClient {
  readonly agent = new Agent({ connections: 64, keepAliveTimeout: 2_000 });

  /** One chat request; `leaveEarly` aborts after the first bytes (streams) or after a short wait (JSON). Never throws. */
  async chat(url: string, key: string, body: Record<string, unknown>, leaveEarly: boolean, timeoutMs: number): Promise<Seen | { hung: true; body: string } | null> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('hung')), timeoutMs);
    let early: NodeJS.Timeout | undefined;
    try {
      if (leaveEarly && body.stream !== true) early = setTimeout(() => controller.abort(new Error('left')), 40);
      const res = await undiciFetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
        dispatcher: this.agent,
      });
      const requestId = res.headers.get('x-request-id') ?? '';
      if (leaveEarly && body.stream === true && res.status === 200) {
        const reader = res.body!.getReader();
        await reader.read();
        controller.abort(new Error('left'));
        await reader.cancel().catch(() => undefined);
        return { requestId, status: res.status, completed: false, abandoned: true };
      }
      const text = await res.text();
      const completed = res.status === 200 && (body.stream !== true || dataFrames(text).at(-1) === '[DONE]');
      return { requestId, status: res.status, completed, abandoned: false };
    } catch (err) {
      const reason = controller.signal.reason as Error | undefined;
      if (reason?.message === 'hung') return { hung: true, body: JSON.stringify(body).slice(0, 200) };
      if (reason?.message === 'left') return null; // left before any answer: nothing to check from here
      return { hung: true, body: `${(err as Error).message}: ${JSON.stringify(body).slice(0, 200)}` };
    } finally {
      clearTimeout(timer);
      clearTimeout(early);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

let gcFn: (() => void) | null = null;

/** Heap in use after a full collection (MB), and RSS (MB). */
export function settledMemory(): { heapMb: number; rssMb: number } {
  if (!gcFn) {
    setFlagsFromString('--expose_gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
  const m = process.memoryUsage();
  return { heapMb: Math.round(m.heapUsed / 1048576), rssMb: Math.round(m.rss / 1048576) };
}
