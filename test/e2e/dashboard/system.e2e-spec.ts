import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, clientWithKey, login, viewerToken } from './support/dashboard.js';

describe.each(databaseTargets())('system API on %s', (db) => {
  let t: TestApp;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp({
      db,
      yaml: ['providers:', '  - name: local-llama', '    kind: ollama', '    base_url: http://127.0.0.1:9'].join('\n'),
    });
    admin = await login(t);
    viewer = await viewerToken(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs a session for both routes (401)', async () => {
    expect((await call(t, 'GET', '/api/system')).status).toBe(401);
    expect((await call(t, 'GET', '/api/system/backup')).status).toBe(401);
  });

  it('describes the running system to any signed-in user', async () => {
    const res = await call(t, 'GET', '/api/system', { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptime_seconds: expect.any(Number),
      pid: process.pid,
      node_version: process.version,
      database: { kind: db, size_bytes: expect.any(Number) },
      registry: { source: expect.any(String), loaded_at: expect.any(String), models: expect.any(Number) },
    });
    expect(res.body.database.size_bytes).toBeGreaterThan(0);
    expect(res.body.registry.models).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(res.body.registry.loaded_at))).toBe(false);
    expect(res.body.providers).toEqual(expect.arrayContaining([{ name: 'local-llama', kind: 'ollama', state: 'closed' }]));
  });

  it('keeps the backup for admins (viewer 403)', async () => {
    expect((await call(t, 'GET', '/api/system/backup', { token: viewer })).status).toBe(403);
  });

  if (db === 'postgres') {
    it('answers 400 pointing to pg_dump on PostgreSQL', async () => {
      const res = await call(t, 'GET', '/api/system/backup', { token: admin });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(res.body.message)).toContain('pg_dump');
    });
  }

  if (db === 'sqlite') {
    it('downloads a consistent snapshot that opens as SQLite and holds the clients, leaving no file behind', async () => {
      await clientWithKey(t, admin, 'backup-client-one', 3);
      await clientWithKey(t, admin, 'backup-client-two', 4);
      const res = await fetch(`${t.url}/api/system/backup`, { headers: { authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(15_000) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="gophergate-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);

      const folder = mkdtempSync(join(tmpdir(), 'gg-backup-'));
      try {
        const file = join(folder, 'copy.db');
        writeFileSync(file, bytes);
        const copy = new Database(file, { readonly: true, fileMustExist: true });
        try {
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
          const names = (copy.prepare('SELECT name FROM clients ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
          expect(names).toEqual(expect.arrayContaining(['backup-client-one', 'backup-client-two']));
          const users = copy.prepare('SELECT username FROM users').all() as Array<{ username: string }>;
          expect(users.map((u) => u.username)).toContain('admin');
        } finally {
          copy.close();
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
      const backups = join(t.dataDir, 'backups');
      expect(readdirSync(backups)).toEqual([]);
    });

    it('keeps serving writes while snapshots are taken', async () => {
      const results = await Promise.all([
        fetch(`${t.url}/api/system/backup`, { headers: { authorization: `Bearer ${admin}` } }).then(async (r) => ({ status: r.status, size: (await r.arrayBuffer()).byteLength })),
        clientWithKey(t, admin, 'during-backup', 1),
        fetch(`${t.url}/api/system/backup`, { headers: { authorization: `Bearer ${admin}` } }).then(async (r) => ({ status: r.status, size: (await r.arrayBuffer()).byteLength })),
      ]);
      expect(results[0]).toMatchObject({ status: 200 });
      expect(results[2]).toMatchObject({ status: 200 });
      expect(readdirSync(join(t.dataDir, 'backups'))).toEqual([]);
    });
  }
});
