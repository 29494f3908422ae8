import { randomBytes } from 'node:crypto';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app.js';
import { call, login, userWithRole } from '../auth/support/admin-api.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const describeWithRedis = TEST_REDIS_URL ? describe : describe.skip;

/** A documentation-range address unique to this run (shared Redis counters must not see other runs). */
const address = (): string => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`;
const v4 = (): string => `203.0.113.${1 + (randomBytes(1)[0] % 254)}`;

function signIn(t: TestApp, username: string, password: string, headers: Record<string, string> = {}) {
  return call<{ token: string }>(t, 'POST', '/api/auth/login', { body: { username, password }, headers });
}

describe.each(databaseTargets())('sign-in throttling behind a reverse proxy on %s (issue 12, item 1)', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    // the Kubernetes manifests' setting: one proxy (the Ingress) in front
    t = await startTestApp({ db, env: { GOPHERGATE_SERVER_TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('20 failed sign-ins from one client do not lock the admin out from another (the reported lockout)', async () => {
    const attacker = v4();
    for (let i = 0; i < 20; i++) {
      const res = await signIn(t, `guess-${i}`, 'wrong-password', { 'x-forwarded-for': attacker });
      expect(res.status).toBe(401);
    }
    // the attacker's address is throttled now, whatever the username
    const again = await signIn(t, 'anyone', 'wrong-password', { 'x-forwarded-for': attacker });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // the admin, elsewhere, signs in
    expect((await signIn(t, TEST_ADMIN.username, TEST_ADMIN.password, { 'x-forwarded-for': address() })).status).toBe(200);
  });

  it('failures against one username from one address lock that pair only, not the user everywhere', async () => {
    const admin = await login(t, TEST_ADMIN.username, TEST_ADMIN.password);
    const user = await userWithRole(t, admin, 'viewer', `target-${randomBytes(3).toString('hex')}`);
    const attacker = address();
    for (let i = 0; i < 5; i++) expect((await signIn(t, user.username, `wrong-${i}`, { 'x-forwarded-for': attacker })).status).toBe(401);
    expect((await signIn(t, user.username, user.password, { 'x-forwarded-for': attacker })).status).toBe(429);
    // a neighbour in the attacker's /64 counts as the attacker
    expect((await signIn(t, user.username, user.password, { 'x-forwarded-for': attacker.replace(/::[0-9a-f]+$/, '::beef') })).status).toBe(429);
    expect((await signIn(t, user.username, user.password, { 'x-forwarded-for': address() })).status).toBe(200);
  });

  it('believes only the hop the proxy appended: a forged left part of X-Forwarded-For buys nothing', async () => {
    const attacker = v4();
    for (let i = 0; i < 20; i++) {
      const forged = `${address()}, ${attacker}`; // client-written entry, then what the proxy appended
      expect((await signIn(t, `forge-${i}`, 'wrong', { 'x-forwarded-for': forged })).status).toBe(401);
    }
    expect((await signIn(t, 'forge-x', 'wrong', { 'x-forwarded-for': `${address()}, ${attacker}` })).status).toBe(429);
  });

  it('sets Secure on the session cookie when the proxy says the client used https', async () => {
    const https = await signIn(t, TEST_ADMIN.username, TEST_ADMIN.password, { 'x-forwarded-for': address(), 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
    const plain = await signIn(t, TEST_ADMIN.username, TEST_ADMIN.password, { 'x-forwarded-for': address() });
    expect(plain.headers.get('set-cookie') ?? '').not.toMatch(/;\s*Secure/i);
  });
});

describe('without trust_proxy (the default) forwarded headers are not believed (issue 12, item 1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a client cannot escape its throttle or claim https by writing X-Forwarded-* itself', async () => {
    const username = `spoofer-${randomBytes(3).toString('hex')}`;
    for (let i = 0; i < 5; i++) expect((await signIn(t, username, 'wrong', { 'x-forwarded-for': address() })).status).toBe(401);
    expect((await signIn(t, username, 'wrong', { 'x-forwarded-for': address() })).status).toBe(429);
    const res = await signIn(t, TEST_ADMIN.username, TEST_ADMIN.password, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/;\s*Secure/i);
  });
});

describeWithRedis('sign-in failures are shared by replicas through Redis (issue 12, item 1)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL!, GOPHERGATE_SERVER_TRUST_PROXY: 'true' } });
    b = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL!, GOPHERGATE_SERVER_TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('failures counted on one replica throttle the same client on another', async () => {
    const attacker = address();
    const username = `shared-${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? a : b, username, 'wrong', { 'x-forwarded-for': attacker })).status).toBe(401);
    expect((await signIn(a, username, 'wrong', { 'x-forwarded-for': attacker })).status).toBe(429);
    expect((await signIn(b, username, 'wrong', { 'x-forwarded-for': attacker })).status).toBe(429);
    expect((await signIn(b, username, 'wrong', { 'x-forwarded-for': address() })).status).toBe(401);
  });
});
