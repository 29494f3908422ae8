import { ProviderRegistry } from '../../../src/providers/index.js';
import { ProviderStore } from '../../../src/providers/store/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, login } from './support/dashboard.js';

/** Two app instances on one database, as two replicas would run: one writes, the other catches up with sync(). */
describe.each(databaseTargets())('stored providers shared by two instances on %s', (db) => {
  let writer: TestApp;
  let reader: TestApp;
  let admin: string;

  beforeAll(async () => {
    writer = await startTestApp({ db });
    reader = await startTestApp({ db, dataDir: writer.dataDir, databaseUrl: writer.databaseUrl });
    admin = await login(writer);
  });

  afterAll(async () => {
    await reader?.close({ keepData: true });
    await writer?.close();
  });

  const servedBy = (t: TestApp) => new Map(t.app.get(ProviderRegistry).list().map((p) => [p.name, p]));

  it('picks up another instance’s additions, renames, key changes and deletions', async () => {
    const created = await call<{ id: string }>(writer, 'POST', '/api/providers', { token: admin, body: { name: 'shared-one', kind: 'ollama', base_url: 'http://127.0.0.1:9' } });
    expect(created.status).toBe(201);
    expect(servedBy(writer).has('shared-one')).toBe(true);
    // (on PostgreSQL the scale-out NOTIFY listener may already have synced the reader: only SQLite is sure to lag)
    if (db === 'sqlite') expect(servedBy(reader).has('shared-one')).toBe(false);

    await reader.app.get(ProviderStore).sync();
    expect(servedBy(reader).get('shared-one')).toMatchObject({ source: 'database', enabled: true, baseUrl: 'http://127.0.0.1:9' });

    await new Promise((r) => setTimeout(r, 5)); // a later updated_at
    expect((await call(writer, 'PATCH', `/api/providers/${created.body.id}`, { token: admin, body: { name: 'shared-two', api_key: 'sk-rotated-key-000000000001' } })).status).toBe(200);
    await reader.app.get(ProviderStore).sync();
    expect(servedBy(reader).has('shared-one')).toBe(false);
    expect(servedBy(reader).has('shared-two')).toBe(true);
    expect(reader.app.get(ProviderRegistry).get('shared-two')?.api_key).toBe('sk-rotated-key-000000000001');

    expect((await call(writer, 'DELETE', `/api/providers/${created.body.id}`, { token: admin })).status).toBe(204);
    await reader.app.get(ProviderStore).sync();
    expect(servedBy(reader).has('shared-two')).toBe(false);
  });

  it('never lets a stored provider replace or remove a configured one of the same name', async () => {
    // a row written behind the API's back (an older version, or a config file changed later)
    const yamlApp = await startTestApp({
      db,
      dataDir: writer.dataDir,
      databaseUrl: writer.databaseUrl,
      yaml: ['providers:', '  - name: clash', '    kind: ollama', '    base_url: http://127.0.0.1:7'].join('\n'),
    });
    try {
      const created = await call<{ id: string }>(writer, 'POST', '/api/providers', { token: admin, body: { name: 'clash', kind: 'ollama', base_url: 'http://127.0.0.1:8' } });
      expect(created.status).toBe(201);
      await yamlApp.app.get(ProviderStore).sync();
      expect(servedBy(yamlApp).get('clash')).toMatchObject({ source: 'config', baseUrl: 'http://127.0.0.1:7' });
      expect((await call(writer, 'DELETE', `/api/providers/${created.body.id}`, { token: admin })).status).toBe(204);
      await yamlApp.app.get(ProviderStore).sync();
      expect(servedBy(yamlApp).get('clash')).toMatchObject({ source: 'config' });
    } finally {
      await yamlApp.close({ keepData: true });
    }
  });
});
