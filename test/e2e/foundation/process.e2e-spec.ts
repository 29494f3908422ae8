import { request } from 'node:http';
import { ensureBuilt, startProcessApp } from '../../support/process-app.js';

describe('the real process (node dist/main.js)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    ['a wrong type', { PORT: 'eighty' }, /server\.port must be an integer/],
    ['an out-of-range value', { GOPHERGATE_SESSIONS_TTL_HOURS: '-1' }, /sessions\.ttl_hours must not be less than/],
    ['an unknown provider kind', { GOPHERGATE_PROVIDERS: '[{"name":"x","kind":"telepathy"}]' }, /providers\.0\.kind must be one of the following values/],
  ])('exits non-zero at start on %s, naming the key', async (_label, env, message) => {
    const app = await startProcessApp(env as Record<string, string>, { waitReady: false });
    const { code } = await app.exited;
    expect(code).not.toBe(0);
    expect(app.stderr()).toMatch(message);
  });

  it('serves health and readiness on SQLite with no config, then drains an in-flight request on SIGTERM and exits 0', async () => {
    const app = await startProcessApp();
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);

    // An in-flight request: the body arrives slowly, so the request is still open when SIGTERM lands.
    const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"username":"admin",');
      setTimeout(() => req.end('"password":"wrong-password"}'), 700);
    });
    await new Promise((r) => setTimeout(r, 150));
    app.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    // Readiness turns 503 while draining, or the listener is already closed: either way no new work is taken.
    const during = await fetch(`${app.url}/health/ready`).then((r) => r.status).catch(() => 'closed');
    expect([503, 'closed']).toContain(during);

    const answered = await inflight;
    expect(answered.status).toBeGreaterThanOrEqual(400); // the login itself fails (wrong password) but it was answered, not cut
    expect(answered.status).toBeLessThan(500);
    const { code } = await app.exited;
    expect(code).toBe(0);
    expect(app.stdout()).toContain('shutdown complete');
  }, 30_000);
});
