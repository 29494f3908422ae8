import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { clientWithKey, login } from '../dashboard/support/dashboard.js';

/** Client names found in the main database file alone (a copy without its -wal: only what was checkpointed). */
function checkpointedClients(dbFile: string): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'gg-ckpt-'));
  try {
    const copy = join(folder, 'main-only.db');
    copyFileSync(dbFile, copy);
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clients'").get();
      return hasTable ? (db.prepare('SELECT name FROM clients').all() as Array<{ name: string }>).map((r) => r.name) : [];
    } finally {
      db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('SQLite checkpoints run in the background, not on the request path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db: 'sqlite' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the request connection only checkpoints as a far-off backstop, and a background connection folds new writes into the file soon after', async () => {
    const conn = (t.app.get(DataSource).driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
    expect(Number(conn.pragma('wal_autocheckpoint', { simple: true }))).toBeGreaterThanOrEqual(10_000);

    const admin = await login(t);
    await clientWithKey(t, admin, 'checkpointed-client', 1);
    const deadline = Date.now() + 10_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      names = checkpointedClients(conn.name);
      if (names.includes('checkpointed-client')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(names).toContain('checkpointed-client');
  });
});
