// Build the server (swc → dist/) and the dashboard (vite → dist/web). With --if-stale, only when sources are newer than the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ifStale = process.argv.includes('--if-stale');
const serverOnly = process.argv.includes('--server-only');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

const serverStamp = join(root, 'dist', 'main.js');
const webStamp = join(root, 'dist', 'web', 'index.html');
const inputs = ['package.json', 'package-lock.json', '.swcrc'].map((f) => mtime(join(root, f)));
const serverStale = !ifStale || mtime(serverStamp) < Math.max(newest(join(root, 'src')), ...inputs);
const webStale = !serverOnly && existsSync(join(root, 'web', 'index.html')) && (!ifStale || mtime(webStamp) < Math.max(newest(join(root, 'web')), ...inputs));

if (serverStale) {
  for (const entry of existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : []) {
    if (entry !== 'web') rmSync(join(root, 'dist', entry), { recursive: true, force: true });
  }
  execFileSync(bin('swc'), ['src', '-d', 'dist', '--strip-leading-paths', '--copy-files', '--quiet'], { cwd: root, stdio: 'inherit' });
}
if (webStale) {
  execFileSync(bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
