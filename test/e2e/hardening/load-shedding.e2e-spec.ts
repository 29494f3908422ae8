import { startTestApp, type TestApp } from '../../support/test-app.js';
import { clientWithKey, login } from '../dashboard/support/dashboard.js';

/**
 * Keep this process's event loop busy (the app under test shares it): blocks of `blockMs` with a short yield
 * between them, so requests still trickle through, until stop() is called or `maxMs` has passed.
 */
function saturate(blockMs: number, maxMs: number): { stop: () => Promise<void> } {
  let running = true;
  const until = Date.now() + maxMs;
  const done = new Promise<void>((resolve) => {
    const step = () => {
      if (!running || Date.now() > until) return resolve();
      const end = Date.now() + blockMs;
      while (Date.now() < end) {
        // busy: what a CPU-bound burst does to the gateway
      }
      setTimeout(step, 2);
    };
    step();
  });
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function until<T>(probe: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('load shedding (issue 12, item 8)', () => {
  let t: TestApp;
  let key: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { GOPHERGATE_SERVER_MAX_EVENT_LOOP_DELAY_MS: '100', GOPHERGATE_SERVER_OVERLOAD_RETRY_AFTER_SECONDS: '3' } });
    // start-up itself keeps the loop busy for a moment: wait until the instance is ready (not under pressure)
    await until(async () => ((await fetch(`${t.url}/health/ready`)).status === 200 ? true : null), 15_000, 'readiness');
    admin = await login(t);
    key = (await clientWithKey(t, admin, 'shed')).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 with Retry-After in each surface\'s envelope while the loop is saturated; /health stays up, readiness reports it', async () => {
    const free = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(free.status).toBe(200);
    await free.arrayBuffer();
    const busy = saturate(400, 20_000);
    try {
      const v1 = await until(async () => {
        const res = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
        return res.status === 503 ? res : (await res.arrayBuffer(), null);
      }, 15_000, 'a 503 on /v1 under load');
      expect(v1.headers.get('retry-after')).toBe('3');
      expect(await v1.json()).toEqual({ error: { message: expect.stringMatching(/overloaded/), type: 'server_error', param: null, code: 'overloaded' } });

      const api = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${admin}` } });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('3');
      expect(await api.json()).toEqual({ statusCode: 503, message: expect.stringMatching(/overloaded/), error: 'Service Unavailable' });

      const live = await fetch(`${t.url}/health`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });

      const ready = await fetch(`${t.url}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { details: Record<string, { status: string; event_loop_delay_ms: number; limits: unknown }> };
      expect(body.details.pressure).toMatchObject({ status: 'down', limits: { max_event_loop_delay_ms: 100 } });
      expect(body.details.pressure.event_loop_delay_ms).toBeGreaterThan(100);
    } finally {
      await busy.stop();
    }
    // and it recovers once the loop is free again
    await until(async () => {
      const res = await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      return res.status === 200 ? true : null;
    }, 10_000, 'recovery');
    expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
  }, 60_000);
});

describe('load shedding on memory (issue 12, item 8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // a heap limit every process is over: everything but health and metrics is shed after the first sample
    t = await startTestApp({ env: { GOPHERGATE_SERVER_MAX_HEAP_USED_MB: '1' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sheds with 503 + Retry-After over server.max_heap_used_mb, keeps /health and /metrics', async () => {
    const res = await until(async () => {
      const r = await fetch(`${t.url}/v1/models`);
      return r.status === 503 ? r : (await r.arrayBuffer(), null);
    }, 5_000, 'a 503 over the heap limit');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('overloaded');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(200);
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { details: Record<string, { status: string }> }).details.pressure.status).toBe('down');
  });
});
