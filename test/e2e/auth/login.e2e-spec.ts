import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { SESSIONS_CLEANUP_JOB, SessionsCleanupJob } from '../../../src/sessions/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app.js';
import { call, login, userWithRole } from './support/admin-api.js';

describe.each(databaseTargets())('login, sessions and logout on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db, env: { GOPHERGATE_SESSIONS_TTL_HOURS: '1', GOPHERGATE_SESSIONS_CLEANUP_MINUTES: '0.02' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sql = (query: string, params: unknown[] = []) => t.app.get(DataSource).query(query, params);
  const p = (i: number) => (db === 'postgres' ? `$${i}` : '?');

  it('signs in with the configured admin: token, ISO expiry, user and an HttpOnly SameSite=Strict cookie', async () => {
    const before = Date.now();
    const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expires_at: string; user: { id: string; username: string; role: string } };
    expect(body.token).toMatch(/^ggs_[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({ id: expect.any(String), username: 'admin', role: 'admin' });
    const expires = Date.parse(body.expires_at);
    expect(body.expires_at).toBe(new Date(expires).toISOString());
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`gg_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain http here
  });

  it('answers /api/auth/me with the bearer token and with the cookie alone', async () => {
    const token = await login(t);
    const bearer = await call(t, 'GET', '/api/auth/me', { token });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toEqual({ id: expect.any(String), username: 'admin', role: 'admin' });
    const viaCookie = await call(t, 'GET', '/api/auth/me', { headers: { cookie: `gg_session=${token}` } });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).toEqual(bearer.body);
  });

  it('stores only the hash of the token', async () => {
    const token = await login(t);
    const rows = (await sql('SELECT token_hash FROM sessions')) as Array<{ token_hash: string }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toContain(token);
    }
  });

  it('logout revokes the session, clears the cookie, and the token stops working at once', async () => {
    const token = await login(t);
    const out = await call(t, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/gg_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const me = await call(t, 'GET', '/api/auth/me', { token });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await call(t, 'POST', '/api/auth/logout', { token })).status).toBe(401);
  });

  it('a viewer can sign in, read /me and sign out', async () => {
    const admin = await login(t);
    const viewer = await userWithRole(t, admin, 'viewer');
    expect((await call(t, 'GET', '/api/auth/me', { token: viewer.token })).body).toMatchObject({ role: 'viewer', username: viewer.username });
    expect((await call(t, 'POST', '/api/auth/logout', { token: viewer.token })).status).toBe(204);
  });

  it('refuses unknown user, wrong password and disabled user with the same 401 body', async () => {
    const admin = await login(t);
    const viewer = await userWithRole(t, admin, 'viewer');
    expect((await call(t, 'PATCH', `/api/users/${viewer.id}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    const unknown = await call(t, 'POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'whatever-123' } });
    const wrong = await call(t, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'not-the-password' } });
    const disabled = await call(t, 'POST', '/api/auth/login', { body: { username: viewer.username, password: viewer.password } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(disabled.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(disabled.body).toEqual(unknown.body);
    expect(unknown.body).toEqual({ statusCode: 401, message: 'Invalid username or password.', error: 'Unauthorized' });
    expect(unknown.headers.get('set-cookie')).toBeNull();
    // disabling signed the viewer out
    expect((await call(t, 'GET', '/api/auth/me', { token: viewer.token })).status).toBe(401);
  });

  it('slides the expiry forward on use (at most once a minute) and refreshes the cookie', async () => {
    const token = await login(t);
    const [row] = (await sql(`SELECT id, expires_at FROM sessions WHERE last_seen_at = (SELECT MAX(last_seen_at) FROM sessions)`)) as Array<{ id: string; expires_at: string }>;
    // pretend the session was last seen 10 minutes ago and expires in 5 minutes
    const now = Date.now();
    await sql(`UPDATE sessions SET last_seen_at = ${p(1)}, expires_at = ${p(2)} WHERE id = ${p(3)}`, [now - 600_000, now + 300_000, row.id]);
    const res = await call(t, 'GET', '/api/auth/me', { headers: { cookie: `gg_session=${token}` } });
    expect(res.status).toBe(200);
    const [after] = (await sql(`SELECT last_seen_at, expires_at FROM sessions WHERE id = ${p(1)}`, [row.id])) as Array<{ last_seen_at: string; expires_at: string }>;
    expect(Number(after.expires_at)).toBeGreaterThanOrEqual(now + 3_600_000 - 1000);
    expect(Number(after.last_seen_at)).toBeGreaterThanOrEqual(now - 1000);
    expect(res.headers.get('set-cookie') ?? '').toContain(`gg_session=${token}`);
    // a second request right away writes nothing
    const again = await call(t, 'GET', '/api/auth/me', { headers: { cookie: `gg_session=${token}` } });
    expect(again.headers.get('set-cookie')).toBeNull();
    const [same] = (await sql(`SELECT last_seen_at FROM sessions WHERE id = ${p(1)}`, [row.id])) as Array<{ last_seen_at: string }>;
    expect(Number(same.last_seen_at)).toBe(Number(after.last_seen_at));
  });

  it('refuses an expired session', async () => {
    const token = await login(t);
    const me = await call<{ id: string }>(t, 'GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    await sql(`UPDATE sessions SET expires_at = ${p(1)} WHERE last_seen_at >= ${p(2)}`, [Date.now() - 1, Date.now() - 5000]);
    expect((await call(t, 'GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('the cleanup job is registered with sessions.cleanup_minutes and deletes expired rows', async () => {
    const job = t.app.get(SessionsCleanupJob);
    expect(job.intervalMs).toBe(1200);
    const timer = t.app.get(SchedulerRegistry).getInterval(SESSIONS_CLEANUP_JOB) as { _idleTimeout?: number };
    expect(timer._idleTimeout).toBe(1200);
    await login(t);
    await sql(`UPDATE sessions SET expires_at = ${p(1)}`, [Date.now() - 1]);
    const deadline = Date.now() + 10_000;
    let left = -1;
    while (Date.now() < deadline) {
      const [{ n }] = (await sql('SELECT COUNT(*) AS n FROM sessions')) as Array<{ n: string | number }>;
      left = Number(n);
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe(0);
    // and the service method itself reports what it removed
    await login(t);
    await sql(`UPDATE sessions SET expires_at = ${p(1)}`, [Date.now() - 1]);
    await job.run();
    const [{ n }] = (await sql('SELECT COUNT(*) AS n FROM sessions')) as Array<{ n: string | number }>;
    expect(Number(n)).toBe(0);
  });
});

describe.each(databaseTargets())('login throttling on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After after 5 failures for a username, even with the right password', async () => {
    const admin = await login(t);
    const victim = await userWithRole(t, admin, 'viewer', 'victim');
    for (let i = 0; i < 5; i++) {
      const res = await call(t, 'POST', '/api/auth/login', { body: { username: 'victim', password: `wrong-${i}` } });
      expect(res.status).toBe(401);
    }
    const blocked = await call(t, 'POST', '/api/auth/login', { body: { username: 'victim', password: victim.password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // other users are not affected
    expect((await call(t, 'POST', '/api/auth/login', { body: TEST_ADMIN })).status).toBe(200);
  });

  it('throttles unknown usernames the same way (no user enumeration through the throttle)', async () => {
    for (let i = 0; i < 5; i++) expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'ghost', password: 'x' } })).status).toBe(401);
    expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'ghost', password: 'x' } })).status).toBe(429);
  });

  it('forgets failures after a successful sign-in', async () => {
    const admin = await login(t);
    const user = await userWithRole(t, admin, 'viewer', 'forgetful');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'forgetful', password: 'nope' } })).status).toBe(401);
      expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'forgetful', password: user.password } })).status).toBe(200);
    }
  });
});
