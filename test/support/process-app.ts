import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ADMIN, TEST_SECRET_KEY } from './test-app.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Build dist/ if sources are newer (server only; the SPA is not needed for process tests). */
export function ensureBuilt(): void {
  execFileSync('node', ['scripts/build.mjs', '--if-stale', '--server-only'], { cwd: ROOT, stdio: 'pipe' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ProcessApp {
  child: ChildProcess;
  url: string;
  port: number;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run `node dist/main.js` as a real process (what `npm start` runs), on a loopback port. */
export async function startProcessApp(env: Record<string, string> = {}, options: { waitReady?: boolean; dataDir?: string } = {}): Promise<ProcessApp> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gg-proc-'));
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      GOPHERGATE_ADMIN_USER: TEST_ADMIN.username,
      GOPHERGATE_ADMIN_PASSWORD: TEST_ADMIN.password,
      GOPHERGATE_SECRET_KEY: TEST_SECRET_KEY,
      GOPHERGATE_PASSWORD_SCRYPT_LOG_N: '12', // tests create many users; production keeps OWASP's 2^17
      GOPHERGATE_SERVER_MAX_EVENT_LOOP_DELAY_MS: '0', // test processes share starved CPUs; the load-shedding tests turn it on
      GOPHERGATE_REGISTRY_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const app: ProcessApp = { child, url: `http://127.0.0.1:${port}`, port, dataDir, stdout: () => out, stderr: () => err, exited };
  if (options.waitReady !== false) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited early: ${err || out}`);
      try {
        const res = await fetch(`${app.url}/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`process did not become healthy: ${err || out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return app;
}
