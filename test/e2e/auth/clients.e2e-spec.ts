import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeyUsageTracker } from '../../../src/auth/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login } from './support/admin-api.js';

interface ClientBody { id: string; name: string; balance_usd: number; reserved_usd: number; allowed_models: string[] | null; rpm: number | null; tpm: number | null; created_at: string }
interface KeyItem { id: string; name: string | null; prefix: string; created_at: string; expires_at: string | null; revoked_at: string | null; last_used_at: string | null }

describe.each(databaseTargets())('clients and keys on %s', (db) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ db });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const sql = (query: string, params: unknown[] = []) => t.app.get(DataSource).query(query, params);
  const p = (i: number) => (db === 'postgres' ? `$${i}` : '?');
  const models = (key: string) => fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

  it('creates a client with limits, reads it back, and lists it', async () => {
    const created = await call<ClientBody>(t, 'POST', '/api/clients', { token: admin, body: { name: 'acme', allowed_models: ['gpt-4o*', 'claude-*'], rpm: 60, tpm: 100000 } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'acme', balance_usd: 0, balance_usd_exact: '0', reserved_usd: 0, reserved_usd_exact: '0',
      allowed_models: ['gpt-4o*', 'claude-*'], rpm: 60, tpm: 100000, created_at: expect.any(String), updated_at: expect.any(String),
    });
    expect((await call(t, 'GET', `/api/clients/${created.body.id}`, { token: admin })).body).toEqual(created.body);
    const list = await call<{ data: ClientBody[] }>(t, 'GET', '/api/clients', { token: admin });
    expect(list.body.data.map((c) => c.id)).toContain(created.body.id);
  });

  it('books credit_usd at creation as an "initial" ledger entry', async () => {
    const created = await createClient(t, admin, { name: 'funded', credit_usd: 12.5 });
    expect(created.balance_usd).toBe(12.5);
    const rows = (await sql(`SELECT amount_usd_e10, kind, note FROM ledger_entries WHERE client_id = ${p(1)}`, [created.id])) as Array<{ amount_usd_e10: string | number; kind: string; note: string }>;
    expect(rows.map((r) => ({ ...r, amount_usd_e10: Number(r.amount_usd_e10) }))).toEqual([{ amount_usd_e10: 125_000_000_000, kind: 'initial', note: 'initial credit' }]);
    const fresh = await createClient(t, admin, { name: 'unfunded', credit_usd: 0 });
    expect(fresh.balance_usd).toBe(0);
  });

  it('updates fields; null clears a limit and an empty allowlist means every model', async () => {
    const c = await createClient(t, admin, { name: 'patchy', allowed_models: ['a*'], rpm: 5, tpm: 50 });
    const res = await call<ClientBody>(t, 'PATCH', `/api/clients/${c.id}`, { token: admin, body: { name: 'patched', rpm: null, allowed_models: [] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'patched', rpm: null, tpm: 50, allowed_models: null });
    expect((await call(t, 'PATCH', `/api/clients/${randomUUID()}`, { token: admin, body: { name: 'x' } })).status).toBe(404);
  });

  it('issues a key once; lists never show it; only its hash and prefix are stored', async () => {
    const c = await createClient(t, admin, { name: 'keyed' });
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const created = await call<{ id: string; key: string; prefix: string; name: string; created_at: string; expires_at: string }>(t, 'POST', `/api/clients/${c.id}/keys`, { token: admin, body: { name: 'prod', expires_at: expires } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), key: expect.stringMatching(/^gg-[0-9A-Za-z]{43}$/), prefix: created.body.key.slice(0, 10), name: 'prod', created_at: expect.any(String), expires_at: expires });
    const list = await call<{ data: KeyItem[] }>(t, 'GET', `/api/clients/${c.id}/keys`, { token: admin });
    expect(list.body.data).toEqual([{ id: created.body.id, name: 'prod', prefix: created.body.prefix, created_at: created.body.created_at, expires_at: expires, revoked_at: null, last_used_at: null }]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    const rows = (await sql(`SELECT key_hash, prefix FROM client_keys WHERE id = ${p(1)}`, [created.body.id])) as Array<{ key_hash: string; prefix: string }>;
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].prefix).toBe(created.body.prefix);
  });

  it('refuses keys for unknown or deleted clients, and expiry in the past', async () => {
    expect((await call(t, 'POST', `/api/clients/${randomUUID()}/keys`, { token: admin, body: {} })).status).toBe(404);
    const c = await createClient(t, admin, { name: 'past' });
    const past = await call(t, 'POST', `/api/clients/${c.id}/keys`, { token: admin, body: { expires_at: new Date(Date.now() - 1000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ statusCode: 400, message: expect.arrayContaining([expect.stringMatching(/future/)]) });
  });

  it('a revoked key is refused on /v1 at once; revoking an unknown key is 404', async () => {
    const c = await createClient(t, admin, { name: 'revoker' });
    const k = await createKey(t, admin, c.id);
    const before = await models(k.key);
    expect(before.status).toBe(200);
    expect((await call(t, 'DELETE', `/api/clients/${c.id}/keys/${k.id}`, { token: admin })).status).toBe(204);
    const after = await models(k.key);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    const list = await call<{ data: KeyItem[] }>(t, 'GET', `/api/clients/${c.id}/keys`, { token: admin });
    expect(list.body.data[0].revoked_at).not.toBeNull();
    expect((await call(t, 'DELETE', `/api/clients/${c.id}/keys/${randomUUID()}`, { token: admin })).status).toBe(404);
    const other = await createClient(t, admin, { name: 'other' });
    const otherKey = await createKey(t, admin, other.id);
    expect((await call(t, 'DELETE', `/api/clients/${c.id}/keys/${otherKey.id}`, { token: admin })).status).toBe(404);
  });

  it('deleting a client hides it, revokes its keys at once and keeps its ledger', async () => {
    const c = await createClient(t, admin, { name: 'doomed', credit_usd: 3 });
    const k = await createKey(t, admin, c.id);
    expect((await models(k.key)).status).toBe(200);
    expect((await call(t, 'DELETE', `/api/clients/${c.id}`, { token: admin })).status).toBe(204);
    expect((await models(k.key)).status).toBe(401);
    expect((await call(t, 'GET', `/api/clients/${c.id}`, { token: admin })).status).toBe(404);
    expect((await call<{ data: ClientBody[] }>(t, 'GET', '/api/clients', { token: admin })).body.data.map((x) => x.id)).not.toContain(c.id);
    expect((await call(t, 'DELETE', `/api/clients/${c.id}`, { token: admin })).status).toBe(404);
    const keys = (await sql(`SELECT revoked_at FROM client_keys WHERE client_id = ${p(1)}`, [c.id])) as Array<{ revoked_at: unknown }>;
    expect(keys.every((row) => row.revoked_at !== null)).toBe(true);
    const ledger = (await sql(`SELECT COUNT(*) AS n FROM ledger_entries WHERE client_id = ${p(1)}`, [c.id])) as Array<{ n: string | number }>;
    expect(Number(ledger[0].n)).toBe(1);
  });

  it('records when a key was last used (batched, off the hot path)', async () => {
    const c = await createClient(t, admin, { name: 'used' });
    const k = await createKey(t, admin, c.id);
    const before = Date.now();
    expect((await models(k.key)).status).toBe(200);
    await t.app.get(KeyUsageTracker).flush();
    const list = await call<{ data: KeyItem[] }>(t, 'GET', `/api/clients/${c.id}/keys`, { token: admin });
    expect(Date.parse(list.body.data[0].last_used_at ?? '')).toBeGreaterThanOrEqual(before - 1000);
  });

  it('an expired key is refused on /v1', async () => {
    const c = await createClient(t, admin, { name: 'expiring' });
    const k = await createKey(t, admin, c.id, { expires_at: new Date(Date.now() + 1500).toISOString() });
    expect((await models(k.key)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await models(k.key)).status).toBe(401);
  });
});
