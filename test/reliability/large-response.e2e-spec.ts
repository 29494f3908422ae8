import type { TestApp } from '../support/test-app.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';
import { peakRssDuring, startBigUpstream, type BigServer, type BigShape } from './support/big-upstream.js';
import { chatCall, errorOf, streamEnding } from './support/fault.harness.js';

const HUNDRED_MB = 100 * 1024 * 1024;
/**
 * While a 100 MB answer passes, what the process holds (heap + buffers) must stay below the answer's size, and
 * RSS well below the twice-the-answer a full buffering (bytes, then text) would cost.
 */
const HELD_BOUND_MB = 80;
const RSS_BOUND_MB = 150;
/** How far the upstream may run ahead of a client that stopped reading (socket and stream buffers on both legs). */
const LAG_BOUND_MB = 48;

/**
 * A 100 MB upstream answer, four ways. Database-independent (the transport's buffering), so SQLite only.
 * The gateway must stop reading an oversized body (the upstream sees its socket closed before the end), answer a
 * clean 502 (or an error frame once a stream started), keep serving other requests meanwhile, and not grow by
 * anything like the answer's size; a valid 100 MB stream is relayed with backpressure, not buffered.
 */
describe('a 100 MB upstream response (database-independent: SQLite)', () => {
  let big: BigServer;
  let shape: BigShape = 'json';
  let t: TestApp;
  let client: TestClient;

  beforeAll(async () => {
    big = await startBigUpstream(() => shape, HUNDRED_MB);
    const limits = { timeout_seconds: 20, stream_idle_seconds: 3, retry: { attempts: 1, backoff_ms: [0] }, breaker: { consecutive_failures: 1000, half_open_after_seconds: 1 } };
    t = await startGateway('sqlite', {
      providers: [
        { name: 'big', kind: 'openai', base_url: `${big.url}/v1`, ...limits, pricing: { 'gpt-4o': { input: 1, output: 2 } } },
        { name: 'bigoll', kind: 'ollama', base_url: big.url, ...limits, pricing: { 'llama-big': { input: 1, output: 2 } } },
      ],
      routing: [
        { match: 'gpt-4o', provider: 'big' },
        { match: 'llama-big', provider: 'bigoll' },
      ],
    });
    client = await createClient(t, await adminToken(t), { name: 'big', credit_usd: 100 });
  });
  afterAll(async () => {
    await t?.close();
    await big?.close();
  });

  const report = (what: string, ms: number, growthMb: number, heldMb: number | null, bytes: number, worstMs?: number): void => {
    process.stdout.write(`100 MB ${what}: ${Math.round(ms)} ms, rss +${growthMb} MB,${heldMb === null ? '' : ` heap+buffers +${heldMb} MB,`} ${Math.round(bytes / 1048576)} MB left the upstream${worstMs === undefined ? '' : `, worst /health ${Math.round(worstMs)} ms`}\n`);
  };

  /** Max /health latency while `work` runs: the event loop must keep turning. */
  async function healthLatencyDuring<T>(work: Promise<T>): Promise<{ value: T; worstMs: number }> {
    let worst = 0;
    let running = true;
    const pinger = (async () => {
      for (let i = 0; i < 2000 && running; i++) {
        const started = performance.now();
        await fetch(`${t.url}/health`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text()).catch(() => undefined);
        worst = Math.max(worst, performance.now() - started);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      return { value: await work, worstMs: worst };
    } finally {
      running = false;
      await pinger;
    }
  }

  async function upstreamHungUp(index: number): Promise<{ bytes: number; finished: boolean }> {
    const rec = big.sent[index];
    await Promise.race([rec.closed, new Promise((r) => setTimeout(r, 5000).unref())]);
    return { bytes: rec.bytes, finished: rec.finished };
  }

  it('a non-streaming 100 MB body: 502, the gateway stops reading, memory stays bounded', async () => {
    shape = 'json';
    const n = big.sent.length;
    const { value: o, growthMb, heldMb } = await peakRssDuring(() => chatCall(t.url, client.key, { model: 'gpt-4o', messages: [{ role: 'user', content: 'big' }] }, { timeoutMs: 30_000 }));
    expect(o.status).toBe(502);
    expect(errorOf(o)).toMatchObject({ type: 'upstream_error', code: 'invalid_upstream_response' });
    expect(o.ms).toBeLessThan(20_000);
    const up = await upstreamHungUp(n);
    expect(up.finished).toBe(false);
    expect(up.bytes).toBeLessThan(HUNDRED_MB);
    expect(heldMb).toBeLessThan(HELD_BOUND_MB);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
    report(shape, o.ms, growthMb, heldMb, up.bytes);
  }, 60_000);

  it.each([
    { what: 'an SSE stream', lineShape: 'one-line' as const, model: 'gpt-4o' },
    { what: 'an NDJSON stream (Ollama)', lineShape: 'ndjson-line' as const, model: 'llama-big' },
  ])('$what whose first line is 100 MB: a clean error in bounded time, the event loop never blocks', async ({ lineShape, model }) => {
    shape = lineShape;
    const n = big.sent.length;
    const { value, growthMb, heldMb } = await peakRssDuring(() => healthLatencyDuring(chatCall(t.url, client.key, { model, stream: true, messages: [{ role: 'user', content: 'big' }] }, { timeoutMs: 30_000 })));
    const o = value.value;
    expect(o.ms).toBeLessThan(8_000);
    if (o.status === 200) expect(streamEnding(o).error).not.toBeNull();
    else expect(errorOf(o)).toMatchObject({ type: 'upstream_error' });
    // the event loop kept turning (a parser that rescans its buffer blocks it for seconds)
    expect(value.worstMs).toBeLessThan(2_500);
    const up = await upstreamHungUp(n);
    expect(up.finished).toBe(false);
    expect(up.bytes).toBeLessThan(48 * 1024 * 1024);
    expect(heldMb).toBeLessThan(HELD_BOUND_MB);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
    report(shape, o.ms, growthMb, heldMb, up.bytes, value.worstMs);
  }, 60_000);

  it('a valid 100 MB stream is relayed to the end with backpressure, not buffered', async () => {
    shape = 'frames';
    const n = big.sent.length;
    const { value, growthMb } = await peakRssDuring(async () => {
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'big' }] }),
        signal: AbortSignal.timeout(60_000),
      });
      const reader = res.body!.getReader();
      let bytes = 0;
      let tail = '';
      let lagAfterPause = -1;
      for (let i = 0; i < 1_000_000; i++) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        bytes += chunk.length;
        tail = (tail + Buffer.from(chunk).toString('utf8')).slice(-200);
        if (lagAfterPause < 0 && bytes > 10 * 1024 * 1024) {
          // the client stops reading: a relay with backpressure stops reading the upstream too
          await new Promise((r) => setTimeout(r, 500));
          lagAfterPause = big.sent[n].bytes - bytes;
        }
      }
      return { status: res.status, bytes, tail, lagAfterPause };
    });
    expect(value.status).toBe(200);
    expect(value.bytes).toBeGreaterThan(HUNDRED_MB * 0.9);
    expect(value.tail).toContain('data: [DONE]');
    // what the upstream sent beyond what the client took while it paused: socket and stream buffers, not the answer
    expect(value.lagAfterPause).toBeGreaterThanOrEqual(0);
    expect(value.lagAfterPause).toBeLessThan(LAG_BOUND_MB * 1024 * 1024);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
    report(`${shape} (upstream ahead by ${Math.round(value.lagAfterPause / 1048576)} MB after a 500 ms pause)`, 0, growthMb, null, value.bytes);
  }, 90_000);
});
