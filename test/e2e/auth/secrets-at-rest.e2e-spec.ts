import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, createClient, createKey, login } from './support/admin-api.js';

/** Every regular file under `dir`, recursively (bounded). */
function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || out.length > 10_000) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, out, depth + 1);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The files whose bytes contain `secret` (UTF-8), checked while the app runs (WAL in use) and after it stops. */
function filesContaining(dir: string, secret: string): string[] {
  const needle = Buffer.from(secret, 'utf8');
  return filesUnder(dir).filter((file) => statSync(file).size > 0 && readFileSync(file).includes(needle));
}

describe.each(databaseTargets())('secrets at rest in the data folder on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps no plaintext client key, session token or provider API key in any file of the data folder', async () => {
    const session = await login(t);
    const client = await createClient(t, session, { name: 'at-rest' });
    const keys = [await createKey(t, session, client.id, { name: 'one' }), await createKey(t, session, client.id, { name: 'two' })];
    // use a key so its row is touched again (last_used_at) and lookups run
    expect((await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${keys[0].key}` } })).status).toBe(200);

    const secrets: Record<string, string> = { session, key0: keys[0].key, key1: keys[1].key, key0Body: keys[0].key.slice(3) };
    // The provider secret half: the dashboard's provider store encrypts api_key at rest.
    const providerSecret = 'sk-test-provider-secret-0123456789abcdef';
    const provider = await call(t, 'POST', '/api/providers', { token: session, body: { name: 'at-rest-openai', kind: 'openai', base_url: 'http://127.0.0.1:9/v1', api_key: providerSecret } });
    if (provider.status !== 404) {
      expect(provider.status).toBe(201);
      secrets.provider = providerSecret;
    }

    const files = filesUnder(t.dataDir);
    if (db === 'sqlite') expect(files.some((f) => f.endsWith('gophergate.db'))).toBe(true);
    for (const [name, secret] of Object.entries(secrets)) expect([name, filesContaining(t.dataDir, secret)]).toEqual([name, []]);

    // and after shutdown, when the WAL has been checkpointed into the main file
    await t.close({ keepData: true });
    for (const [name, secret] of Object.entries(secrets)) expect([name, filesContaining(t.dataDir, secret)]).toEqual([name, []]);
    // restart on the same data so afterAll can close and clean up normally
    t = await startTestApp({ db, dataDir: t.dataDir, databaseUrl: t.databaseUrl });
    expect((await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${keys[1].key}` } })).status).toBe(200);
  });

  it('the scan itself finds a secret that is there (it can fail)', () => {
    const planted = join(t.dataDir, 'nested', 'planted.bin');
    mkdirSync(join(t.dataDir, 'nested'), { recursive: true });
    writeFileSync(planted, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('gg-planted-secret'), Buffer.from([255])]));
    expect(filesContaining(t.dataDir, 'gg-planted-secret')).toEqual([planted]);
    rmSync(planted);
    if (db === 'sqlite') expect(filesContaining(t.dataDir, 'CREATE TABLE').length).toBeGreaterThan(0);
  });
});
