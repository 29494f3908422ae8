import { randomUUID } from 'node:crypto';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, login, userWithRole } from './support/admin-api.js';

interface SessionItem { id: string; user_id: string; username: string; created_at: string; last_seen_at: string; expires_at: string; ip: string | null; user_agent: string | null; current: boolean }

describe.each(databaseTargets())('session management on %s', (db) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ db });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists a viewer\'s own sessions only, and every session for an admin, marking the current one', async () => {
    const viewer = await userWithRole(t, admin, 'viewer', 'sess-viewer');
    const viewer2 = await login(t, viewer.username, viewer.password);
    const mine = await call<{ data: SessionItem[] }>(t, 'GET', '/api/sessions', { token: viewer.token, headers: { 'user-agent': 'jest-agent/1.0' } });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(2);
    expect(mine.body.data.every((s) => s.user_id === viewer.id && s.username === viewer.username)).toBe(true);
    expect(mine.body.data.filter((s) => s.current)).toHaveLength(1);
    const item = mine.body.data[0];
    expect(Object.keys(item).sort()).toEqual(['created_at', 'current', 'expires_at', 'id', 'ip', 'last_seen_at', 'user_agent', 'user_id', 'username']);
    expect(item.ip).toBe('127.0.0.1');
    expect(new Date(item.expires_at).toISOString()).toBe(item.expires_at);
    expect(JSON.stringify(mine.body)).not.toContain(viewer.token);

    const all = await call<{ data: SessionItem[] }>(t, 'GET', '/api/sessions', { token: admin });
    const users = new Set(all.body.data.map((s) => s.username));
    expect(users.has('admin')).toBe(true);
    expect(users.has(viewer.username)).toBe(true);
    void viewer2;
  });

  it('an admin revokes a session: that token stops working at once; a second revoke is 404', async () => {
    const viewer = await userWithRole(t, admin, 'viewer', 'revokee');
    const list = await call<{ data: SessionItem[] }>(t, 'GET', '/api/sessions', { token: viewer.token });
    const id = list.body.data.find((s) => s.current)!.id;
    expect((await call(t, 'DELETE', `/api/sessions/${id}`, { token: admin })).status).toBe(204);
    expect((await call(t, 'GET', '/api/auth/me', { token: viewer.token })).status).toBe(401);
    const again = await call(t, 'DELETE', `/api/sessions/${id}`, { token: admin });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('revoking an unknown session is 404, a malformed id 400, never a silent success', async () => {
    const unknown = await call(t, 'DELETE', `/api/sessions/${randomUUID()}`, { token: admin });
    expect(unknown.status).toBe(404);
    const malformed = await call(t, 'DELETE', '/api/sessions/not-a-session', { token: admin });
    expect(malformed.status).toBe(400);
  });

  it('a viewer cannot revoke sessions (403), not even their own', async () => {
    const viewer = await userWithRole(t, admin, 'viewer', 'no-revoke');
    const id = (await call<{ data: SessionItem[] }>(t, 'GET', '/api/sessions', { token: viewer.token })).body.data[0].id;
    expect((await call(t, 'DELETE', `/api/sessions/${id}`, { token: viewer.token })).status).toBe(403);
    expect((await call(t, 'GET', '/api/auth/me', { token: viewer.token })).status).toBe(200);
  });
});
