import { jest } from '@jest/globals';
import type { Type } from '@nestjs/common';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { DocServer, makeDoc, respond } from '../../unit/registry/support/registry-fixtures.js';

// Sessions and roles guard /api once the auth modules are in the app; include them here whether or not
// src/feature-modules.ts lists them yet (Nest ignores a module imported twice).
const { AuthModule, UsersService } = await import('../../../src/auth/index.js');
const { AuthApiModule } = await import('../../../src/dashboard/auth/auth-api.module.js');
const real = await import('../../../src/feature-modules.js');
jest.unstable_mockModule('../../../src/feature-modules.js', () => ({ FEATURE_MODULES: [AuthModule, AuthApiModule, ...real.FEATURE_MODULES] as Type[] }));
const { startTestApp, TEST_ADMIN } = await import('../../support/test-app.js');

async function login(t: TestApp, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect([200, 201]).toContain(res.status);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

describe.each(databaseTargets())('registry admin API access on %s', (db) => {
  let t: TestApp;
  let server: DocServer;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    server = await DocServer.start(respond.json(makeDoc('remote', 2, { input: 1, output: 2 })));
    t = await startTestApp({ db, env: { GOPHERGATE_REGISTRY_URL: server.url, GOPHERGATE_REGISTRY_REFRESH_MINUTES: '0' } });
    await t.app.get(UsersService, { strict: false }).create({ username: 'viewer1', password: 'viewer-password-1', role: 'viewer' });
    admin = await login(t, TEST_ADMIN.username, TEST_ADMIN.password);
    viewer = await login(t, 'viewer1', 'viewer-password-1');
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('needs a session for every registry endpoint', async () => {
    expect((await fetch(`${t.url}/api/models`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/models/route?model=gpt-4o`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/registry/refresh`, { method: 'POST' })).status).toBe(401);
    expect(server.hits).toBe(0);
  });

  it('lets a viewer read the catalog but not refresh it', async () => {
    expect((await fetch(`${t.url}/api/models`, { headers: viewer })).status).toBe(200);
    const refused = await fetch(`${t.url}/api/registry/refresh`, { method: 'POST', headers: viewer });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(server.hits).toBe(0);
  });

  it('lets an admin refresh', async () => {
    const res = await fetch(`${t.url}/api/registry/refresh`, { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: 'remote', models: 2 });
    expect(server.hits).toBe(1);
  });
});
