import { randomBytes, scryptSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app.js';
import { call, login, userWithRole } from '../auth/support/admin-api.js';

function legacyHash(password: string): string {
  const salt = randomBytes(16);
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')].join('$');
}

describe.each(databaseTargets())('password hashes are upgraded on sign-in on %s (issue 12, item 7)', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    // production's cost: OWASP's minimum (the test helpers lower it for speed elsewhere)
    t = await startTestApp({ db, env: { GOPHERGATE_PASSWORD_SCRYPT_LOG_N: '17' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const p = (i: number) => (db === 'postgres' ? `$${i}` : '?');
  const hashOf = async (username: string): Promise<string> => {
    const rows = (await t.app.get(DataSource).query(`SELECT password_hash FROM users WHERE username = ${p(1)}`, [username])) as Array<{ password_hash: string }>;
    return rows[0].password_hash;
  };

  it('stores new passwords at N=2^17, r=8, p=1', async () => {
    expect(await hashOf(TEST_ADMIN.username)).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('rehashes an old N=2^14 hash on the next successful sign-in, not on a failed one', async () => {
    const admin = await login(t);
    const user = await userWithRole(t, admin, 'viewer', 'legacy-user');
    await t.app.get(DataSource).query(`UPDATE users SET password_hash = ${p(1)} WHERE username = ${p(2)}`, [legacyHash(user.password), 'legacy-user']);
    const old = await hashOf('legacy-user');
    expect(old).toMatch(/^scrypt\$16384\$/);

    const wrong = await call(t, 'POST', '/api/auth/login', { body: { username: 'legacy-user', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(await hashOf('legacy-user')).toBe(old);

    const ok = await call<{ token: string }>(t, 'POST', '/api/auth/login', { body: { username: 'legacy-user', password: user.password } });
    expect(ok.status).toBe(200);
    const upgraded = await hashOf('legacy-user');
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    // the same password still works, the session from before the upgrade too
    expect((await call(t, 'POST', '/api/auth/login', { body: { username: 'legacy-user', password: user.password } })).status).toBe(200);
    expect((await call(t, 'GET', '/api/auth/me', { token: ok.body.token })).status).toBe(200);
    expect(await hashOf('legacy-user')).toBe(upgraded);
  }, 60_000);
});
