import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app.js';
import { call, login, userWithRole } from './support/admin-api.js';

describe.each(databaseTargets())('users on %s', (db) => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  beforeAll(async () => {
    t = await startTestApp({ db });
    admin = await login(t);
    adminId = ((await call(t, 'GET', '/api/auth/me', { token: admin })).body as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the first admin (from GOPHERGATE_ADMIN_USER) without any password material', async () => {
    const res = await call<{ data: Array<Record<string, unknown>> }>(t, 'GET', '/api/users', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ id: adminId, username: TEST_ADMIN.username, role: 'admin', disabled: false, created_at: expect.any(String), updated_at: expect.any(String) }]);
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash|scrypt/i);
  });

  it('creates, updates and deletes a user; a taken username is 409', async () => {
    const created = await call<{ id: string; username: string; role: string }>(t, 'POST', '/api/users', { token: admin, body: { username: 'carol', password: 'carol-password', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'carol', role: 'viewer', disabled: false });
    expect((await call(t, 'POST', '/api/users', { token: admin, body: { username: 'carol', password: 'another-password', role: 'admin' } })).status).toBe(409);

    const promoted = await call(t, 'PATCH', `/api/users/${created.body.id}`, { token: admin, body: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id: created.body.id, role: 'admin' });
    const carol = await login(t, 'carol', 'carol-password');
    expect((await call(t, 'GET', '/api/auth/me', { token: carol })).body).toMatchObject({ role: 'admin' });

    // a role change applies to live sessions at once
    await call(t, 'PATCH', `/api/users/${created.body.id}`, { token: admin, body: { role: 'viewer' } });
    expect((await call(t, 'POST', '/api/users', { token: carol, body: { username: 'x1', password: 'password-123', role: 'viewer' } })).status).toBe(403);

    expect((await call(t, 'DELETE', `/api/users/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await call(t, 'GET', '/api/auth/me', { token: carol })).status).toBe(401);
    expect((await call(t, 'DELETE', `/api/users/${created.body.id}`, { token: admin })).status).toBe(404);
    expect((await call(t, 'PATCH', `/api/users/${created.body.id}`, { token: admin, body: { role: 'admin' } })).status).toBe(404);
  });

  it('a new password works, the old one does not, and other sessions of that user end', async () => {
    const user = await userWithRole(t, admin, 'viewer', 'dave');
    const res = await call(t, 'PATCH', `/api/users/${user.id}`, { token: admin, body: { password: 'brand-new-password' } });
    expect(res.status).toBe(200);
    expect((await call(t, 'GET', '/api/auth/me', { token: user.token })).status).toBe(401);
    expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'dave', password: user.password } })).status).toBe(401);
    await login(t, 'dave', 'brand-new-password');
  });

  it('an admin changing their own password keeps their current session', async () => {
    const other = await userWithRole(t, admin, 'admin', 'erin');
    const second = await login(t, 'erin', other.password);
    expect((await call(t, 'PATCH', `/api/users/${other.id}`, { token: other.token, body: { password: 'erin-new-password' } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/auth/me', { token: other.token })).status).toBe(200);
    expect((await call(t, 'GET', '/api/auth/me', { token: second })).status).toBe(401);
    expect((await call(t, 'DELETE', `/api/users/${other.id}`, { token: admin })).status).toBe(204);
  });

  it('never removes the last enabled admin: delete, demote and disable are 409', async () => {
    const users = (await call<{ data: Array<{ id: string; role: string; disabled: boolean }> }>(t, 'GET', '/api/users', { token: admin })).body.data;
    expect(users.filter((u) => u.role === 'admin' && !u.disabled).map((u) => u.id)).toEqual([adminId]);
    for (const [method, body] of [['DELETE', undefined], ['PATCH', { role: 'viewer' }], ['PATCH', { disabled: true }]] as const) {
      const res = await call(t, method, `/api/users/${adminId}`, { token: admin, body });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, message: expect.stringMatching(/admin/) });
    }
    expect((await call(t, 'GET', '/api/auth/me', { token: admin })).body).toMatchObject({ role: 'admin' });

    // with a second enabled admin the first may step down; a disabled admin does not count
    const second = await userWithRole(t, admin, 'admin', 'frank');
    expect((await call(t, 'PATCH', `/api/users/${second.id}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    expect((await call(t, 'PATCH', `/api/users/${adminId}`, { token: admin, body: { role: 'viewer' } })).status).toBe(409);
    expect((await call(t, 'PATCH', `/api/users/${second.id}`, { token: admin, body: { disabled: false } })).status).toBe(200);
    expect((await call(t, 'PATCH', `/api/users/${adminId}`, { token: admin, body: { role: 'viewer' } })).status).toBe(200);
    const frank = await login(t, 'frank', second.password);
    expect((await call(t, 'PATCH', `/api/users/${adminId}`, { token: frank, body: { role: 'admin' } })).status).toBe(200);
  });

  it('two admins demoting each other at the same time leave one admin', async () => {
    const a = await userWithRole(t, admin, 'admin', 'gina');
    // now admin + frank + gina are admins: demote frank and gina concurrently, then admin and the survivor race
    const users = (await call<{ data: Array<{ id: string; username: string }> }>(t, 'GET', '/api/users', { token: admin })).body.data;
    const frankId = users.find((u) => u.username === 'frank')!.id;
    const results = await Promise.all([
      call(t, 'PATCH', `/api/users/${frankId}`, { token: admin, body: { role: 'viewer' } }),
      call(t, 'PATCH', `/api/users/${a.id}`, { token: admin, body: { role: 'viewer' } }),
      call(t, 'PATCH', `/api/users/${adminId}`, { token: a.token, body: { role: 'viewer' } }),
    ]);
    const after = (await call<{ data: Array<{ role: string; disabled: boolean }> }>(t, 'GET', '/api/users', { token: (await login(t, 'gina', a.password).catch(() => admin)) })).body.data;
    const admins = after.filter((u) => u.role === 'admin' && !u.disabled).length;
    expect(admins).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(2);
  });
});


describe.each(databaseTargets())('first admin with a generated password on %s', (db) => {
  it('creates "admin" with a random password logged once, as a warning', async () => {
    const t = await startTestApp({ db, captureLogs: true, env: { GOPHERGATE_ADMIN_USER: '', GOPHERGATE_ADMIN_PASSWORD: '' } });
    try {
      const lines = t.logs.filter((l) => l.includes('generated password'));
      expect(lines).toHaveLength(1);
      const entry = JSON.parse(lines[0]) as { level: number; msg: string };
      expect(entry.level).toBe(40);
      expect(entry.msg).toMatch(/shown once/);
      const password = /generated password (\S+)/.exec(entry.msg)?.[1] ?? '';
      expect(password).toMatch(/^[0-9A-Za-z]{24}$/);
      const token = await login(t, 'admin', password);
      expect((await call(t, 'GET', '/api/auth/me', { token })).body).toMatchObject({ username: 'admin', role: 'admin' });
      // the password appears in no other log line
      expect(t.logs.filter((l) => l.includes(password))).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('does not create or log anything when a user already exists', async () => {
    const first = await startTestApp({ db });
    await first.close({ keepData: true });
    const again = await startTestApp({ db, dataDir: first.dataDir, databaseUrl: first.databaseUrl, captureLogs: true, env: { GOPHERGATE_ADMIN_USER: '', GOPHERGATE_ADMIN_PASSWORD: '' } });
    try {
      expect(again.logs.some((l) => l.includes('Nest application successfully started'))).toBe(true);
      expect(again.logs.filter((l) => l.includes('first admin'))).toHaveLength(0);
      await login(again);
    } finally {
      await again.close();
    }
  });
});
