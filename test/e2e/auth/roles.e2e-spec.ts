import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login, userWithRole } from './support/admin-api.js';
import { concretePath, registeredRoutes, type RouteEntry } from './support/routes.js';

/** The only /api route that needs no session. */
const PUBLIC = new Set(['POST /api/auth/login']);
/** Writes a viewer may make (signing themselves out). */
const VIEWER_WRITES = new Set(['POST /api/auth/logout']);
/** Reads that only admins may make (a database snapshot holds every secret hash). */
const ADMIN_ONLY_READS = new Set(['GET /api/system/backup']);

const label = (r: RouteEntry) => `${r.method} ${r.path}`;

describe.each(databaseTargets())('access control over every /api route on %s', (db) => {
  let t: TestApp;
  let api: RouteEntry[];
  let admin: string;
  let viewer: string;
  let clientKey: string;

  beforeAll(async () => {
    t = await startTestApp({ db });
    api = registeredRoutes(t).filter((r) => r.path === '/api' || r.path.startsWith('/api/'));
    admin = await login(t);
    viewer = (await userWithRole(t, admin, 'viewer')).token;
    const client = await createClient(t, admin, { name: 'role-test' });
    clientKey = (await createKey(t, admin, client.id)).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  const request = (r: RouteEntry, token?: string) =>
    call(t, r.method, concretePath(r.path), { token, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }) });

  it('finds the routes (the route reader works)', () => {
    const names = api.map(label);
    for (const expected of ['POST /api/auth/login', 'GET /api/auth/me', 'GET /api/users', 'PATCH /api/users/:id', 'DELETE /api/sessions/:id', 'POST /api/clients/:id/keys', 'DELETE /api/clients/:id/keys/:keyId']) {
      expect(names).toContain(expected);
    }
  });

  it('refuses every route but login without a session (401, Nest shape)', async () => {
    const failures: string[] = [];
    for (const r of api) {
      const res = await request(r);
      if (PUBLIC.has(label(r))) {
        if (res.status === 401) failures.push(`${label(r)} should be public`);
      } else if (res.status !== 401 || (res.body as { statusCode?: number })?.statusCode !== 401) {
        failures.push(`${label(r)} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a client API key on every /api route', async () => {
    const failures: string[] = [];
    for (const r of api.filter((x) => !PUBLIC.has(label(x)))) {
      const res = await request(r, clientKey);
      if (res.status !== 401) failures.push(`${label(r)} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a bogus session token on every /api route', async () => {
    const failures: string[] = [];
    for (const r of api.filter((x) => !PUBLIC.has(label(x)))) {
      const res = await request(r, `ggs_${'x'.repeat(43)}`);
      if (res.status !== 401) failures.push(`${label(r)} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets a viewer read but not write (403 on every write)', async () => {
    const failures: string[] = [];
    for (const r of api) {
      if (PUBLIC.has(label(r)) || VIEWER_WRITES.has(label(r))) continue;
      const res = await request(r, viewer);
      const isRead = r.method === 'GET';
      if (isRead && !ADMIN_ONLY_READS.has(label(r))) {
        if (res.status === 401 || res.status === 403) failures.push(`${label(r)} read refused: ${res.status}`);
      } else if (res.status !== 403) {
        failures.push(`${label(r)} → ${res.status} (expected 403)`);
      }
    }
    expect(failures).toEqual([]);
    // the viewer's session survived all of that
    expect((await call(t, 'GET', '/api/auth/me', { token: viewer })).status).toBe(200);
  });

  it('lets an admin through every route (never 401/403)', async () => {
    const failures: string[] = [];
    for (const r of api) {
      if (PUBLIC.has(label(r))) continue;
      const token = VIEWER_WRITES.has(label(r)) ? await login(t) : admin;
      const res = await request(r, token);
      if (res.status === 401 || res.status === 403) failures.push(`${label(r)} → ${res.status}`);
      if (res.status >= 500) failures.push(`${label(r)} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 404 or 400 (never 500) for malformed ids in paths', async () => {
    const failures: string[] = [];
    for (const r of api.filter((x) => x.path.includes('/:'))) {
      for (const bad of ['not-a-uuid', '1', "x'or'1'='1", '%00', 'A'.repeat(90)]) {
        const res = await call(t, r.method, concretePath(r.path, encodeURIComponent(bad)), { token: admin, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }) });
        if (res.status >= 500 || (res.status !== 400 && res.status !== 404)) failures.push(`${label(r)} with ${bad.slice(0, 20)} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
