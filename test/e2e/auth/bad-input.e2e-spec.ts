import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login, userWithRole } from './support/admin-api.js';

type Case = [string, unknown];

const HUGE = 'x'.repeat(100_000);

/** Bodies that are wrong for every write: not objects, unknown fields, huge strings. */
const COMMON: Case[] = [
  ['an array body', []],
  ['a string body', 'hello'],
  ['a number body', 42],
  ['null', null],
  ['an unknown field', { surprise: true }],
  ['a huge unknown field', { [HUGE.slice(0, 500)]: HUGE }],
];

describe.each(databaseTargets())('bad input on the auth, users, sessions and clients writes on %s', (db) => {
  let t: TestApp;
  let admin: string;
  let clientId: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ db });
    admin = await login(t);
    clientId = (await createClient(t, admin, { name: 'bad-input' })).id;
    userId = (await userWithRole(t, admin, 'viewer', 'bad-input-user')).id;
    await createKey(t, admin, clientId);
  });
  afterAll(async () => {
    await t?.close();
  });

  const writes = (): Array<{ method: string; path: string; valid: Record<string, unknown>; cases: Case[]; token: boolean }> => [
    {
      method: 'POST', path: '/api/auth/login', token: false, valid: { username: 'admin', password: 'x' },
      cases: [['missing password', { username: 'admin' }], ['missing username', { password: 'x' }], ['a numeric username', { username: 1, password: 'x' }], ['an object password', { username: 'admin', password: { $ne: '' } }], ['a huge username', { username: HUGE, password: 'x' }], ['a huge password', { username: 'admin', password: HUGE }], ['an empty username', { username: '', password: 'x' }]],
    },
    {
      method: 'POST', path: '/api/users', token: true, valid: { username: 'ok', password: 'password-123', role: 'viewer' },
      cases: [['missing role', { username: 'u1', password: 'password-123' }], ['an unknown role', { username: 'u1', password: 'password-123', role: 'root' }], ['a short password', { username: 'u1', password: 'short', role: 'viewer' }], ['a huge username', { username: HUGE, password: 'password-123', role: 'viewer' }], ['a username with spaces', { username: 'a b', password: 'password-123', role: 'viewer' }], ['a numeric password', { username: 'u1', password: 12345678, role: 'viewer' }], ['an empty body', {}]],
    },
    {
      method: 'PATCH', path: `/api/users/${userId}`, token: true, valid: { role: 'viewer' },
      cases: [['a string for disabled', { disabled: 'yes' }], ['an unknown role', { role: 'owner' }], ['a username change', { username: 'renamed' }], ['a huge password', { password: HUGE }], ['nothing to change', {}]],
    },
    {
      method: 'POST', path: '/api/clients', token: true, valid: { name: 'ok' },
      cases: [
        ['missing name', { rpm: 5 }], ['an empty name', { name: '' }], ['a 201-character name', { name: 'n'.repeat(201) }], ['a numeric name', { name: 7 }],
        ['negative credit', { name: 'c', credit_usd: -1 }], ['too much credit', { name: 'c', credit_usd: 1_000_001 }], ['string credit', { name: 'c', credit_usd: '10' }],
        ['zero rpm', { name: 'c', rpm: 0 }], ['fractional tpm', { name: 'c', tpm: 1.5 }], ['string rpm', { name: 'c', rpm: '60' }], ['huge rpm', { name: 'c', rpm: 1e12 }],
        ['allowed_models not an array', { name: 'c', allowed_models: 'gpt-*' }], ['a numeric model', { name: 'c', allowed_models: [1] }],
        ['101 models', { name: 'c', allowed_models: Array.from({ length: 101 }, (_, i) => `m${i}`) }], ['a 201-character model', { name: 'c', allowed_models: ['m'.repeat(201)] }],
        ['an empty model glob', { name: 'c', allowed_models: [''] }], ['a huge name', { name: HUGE }],
      ],
    },
    {
      method: 'PATCH', path: `/api/clients/${clientId}`, token: true, valid: { name: 'renamed' },
      cases: [['an empty name', { name: '' }], ['a negative tpm', { tpm: -5 }], ['credit through PATCH', { credit_usd: 5 }], ['balance through PATCH', { balance_usd: 100 }], ['nothing to change', {}]],
    },
    {
      method: 'POST', path: `/api/clients/${clientId}/keys`, token: true, valid: {},
      cases: [['a numeric name', { name: 5 }], ['a huge name', { name: HUGE }], ['a date that is not ISO', { expires_at: 'tomorrow' }], ['a numeric expiry', { expires_at: 1_900_000_000_000 }], ['a key supplied by the caller', { key: `gg-${'a'.repeat(43)}` }]],
    },
  ];

  it('answers 400 in Nest\'s shape for every bad body, never 500', async () => {
    const failures: string[] = [];
    for (const w of writes()) {
      // JSON null is read as "no body", which is valid where every field is optional (a new key)
      const common = Object.keys(w.valid).length === 0 ? COMMON.filter(([name]) => name !== 'null') : COMMON;
      for (const [name, body] of [...common, ...w.cases]) {
        const res = await call(t, w.method, w.path, { token: w.token ? admin : undefined, rawBody: JSON.stringify(body) });
        const shape = res.body as { statusCode?: number; message?: unknown; error?: string };
        if (res.status !== 400 || shape?.statusCode !== 400 || shape.error !== 'Bad Request' || shape.message === undefined) {
          failures.push(`${w.method} ${w.path} with ${name} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 for malformed JSON and a missing body', async () => {
    for (const w of writes()) {
      const malformed = await call(t, w.method, w.path, { token: w.token ? admin : undefined, rawBody: '{"name": ' });
      expect([w.path, malformed.status]).toEqual([w.path, 400]);
      expect(malformed.body).toMatchObject({ statusCode: 400 });
      const empty = await call(t, w.method, w.path, { token: w.token ? admin : undefined });
      if (Object.keys(w.valid).length > 0) expect([w.path, empty.status]).toEqual([w.path, 400]);
      else expect([w.path, empty.status]).toEqual([w.path, 201]);
    }
  });

  it('still accepts the valid body of each write (the cases above fail for their own reason)', async () => {
    for (const w of writes()) {
      if (w.path === '/api/auth/login') continue;
      const res = await call(t, w.method, w.path, { token: admin, body: w.valid });
      expect([w.path, res.status]).toEqual([w.path, w.method === 'POST' ? 201 : 200]);
    }
  });
});
