// `npm run gen:api-types`: build the server (when stale), build its OpenAPI document in process (Fastify's inject: no
// port is opened, on a throwaway SQLite folder, with no config or provider keys of this machine), and write the web
// dashboard's API types from it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_TYPES_PATH, renderApiTypes } from './api-types.render.mjs';

const root = new URL('../..', import.meta.url).pathname;
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale', '--server-only'], { stdio: 'inherit' });
const { createApp } = await import(pathToFileURL(join(root, 'dist/app.factory.js')).href);
const { loadConfig } = await import(pathToFileURL(join(root, 'dist/config/index.js')).href);

const dataDir = mkdtempSync(join(tmpdir(), 'gg-api-types-'));
try {
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', GOPHERGATE_REGISTRY_URL: '', GOPHERGATE_SECRET_KEY: 'a'.repeat(64), GOPHERGATE_ADMIN_USER: 'gen', GOPHERGATE_ADMIN_PASSWORD: 'gen-api-types-only' };
  const app = await createApp(loadConfig(env, dataDir));
  try {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    if (res.statusCode !== 200) throw new Error(`GET /docs-json answered ${res.statusCode}`);
    writeFileSync(join(root, API_TYPES_PATH), await renderApiTypes(JSON.parse(res.body)));
    process.stdout.write(`wrote ${API_TYPES_PATH}\n`);
  } finally {
    await app.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
