import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { all, execForm, last, parseDockerfile, stageNamed, type Stage } from '../../unit/deploy/support/dockerfile.js';
import { REPO, readRepoFile } from '../../unit/deploy/support/repo.js';
import { freePort } from '../../support/process-app.js';
import { TEST_ADMIN, TEST_SECRET_KEY } from '../../support/test-app.js';

/**
 * No Docker engine here, so this replays the Dockerfile on the file system: the build stage's COPY
 * instructions into a folder and its `npm run build`, then the final stage's COPY instructions (including
 * `--from=build`) into another folder with production dependencies only, then the image's CMD and HEALTHCHECK.
 * It fails when the build context misses a file the build needs, when the runtime imports a dev dependency,
 * when the final layout misses a file, or when CMD does not start a server that drains and exits 0 on SIGTERM.
 */
const run = promisify(execFile);
const dockerfile = parseDockerfile(readRepoFile('docker/Dockerfile'));
const buildStage = stageNamed(dockerfile, 'build');
const finalStage = dockerfile.stages.at(-1)!;
const WORKDIR = last(dockerfile.stages[0], 'WORKDIR')!.args;

function applyCopies(stage: Stage, into: string, stages: Record<string, string>): void {
  for (const ins of all(stage, 'COPY')) {
    const from = /--from=(\S+)/.exec(ins.args)?.[1];
    const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
    const dest = parts.at(-1)!;
    const sources = parts.slice(0, -1);
    const base = from ? stages[from] : REPO;
    for (const source of sources) {
      const src = from ? join(base, source.replace(new RegExp(`^${WORKDIR}/?`), '')) : join(base, source);
      if (!existsSync(src)) throw new Error(`COPY source missing: ${source}`);
      const target = join(into, dest.replace(new RegExp(`^${WORKDIR}/?`), ''));
      const toDir = dest.endsWith('/') || sources.length > 1;
      const finalTarget = toDir ? join(target, basename(source)) : target;
      mkdirSync(dirname(finalTarget), { recursive: true });
      cpSync(src, finalTarget, { recursive: true });
    }
  }
}

/** node_modules holding only the production dependencies (what `npm ci --omit=dev` installs at the top level). */
async function productionModules(into: string): Promise<void> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--parseable', '--depth=0'], { cwd: REPO });
  const packages = stdout.split('\n').filter((p) => p.includes('/node_modules/'));
  expect(packages.length).toBeGreaterThan(10);
  for (const path of packages) {
    const name = path.slice(path.indexOf('/node_modules/') + '/node_modules/'.length);
    mkdirSync(dirname(join(into, 'node_modules', name)), { recursive: true });
    symlinkSync(path, join(into, 'node_modules', name), 'dir');
  }
}

describe('the container image, replayed without Docker', () => {
  const root = mkdtempSync(join(tmpdir(), 'gg-image-'));
  const buildDir = join(root, 'build');
  const appDir = join(root, 'app');
  const dataDir = join(root, 'data');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds dist/ and dist/web from exactly the files the build stage copies', async () => {
    mkdirSync(buildDir, { recursive: true });
    applyCopies(buildStage, buildDir, {});
    symlinkSync(join(REPO, 'node_modules'), join(buildDir, 'node_modules'), 'dir');
    const buildRun = all(buildStage, 'RUN').map((r) => r.args).find((r) => r.includes('npm run build'))!;
    expect(buildRun).toBeDefined();
    await run('npm', ['run', 'build'], { cwd: buildDir, timeout: 240_000 });
    expect(existsSync(join(buildDir, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(buildDir, 'dist/web/index.html'))).toBe(true);
    expect(existsSync(join(buildDir, 'dist/database/migrations/index.js'))).toBe(true);
  }, 300_000);

  it('starts with CMD on production dependencies only, is healthy by its HEALTHCHECK, and drains to exit 0 on SIGTERM', async () => {
    mkdirSync(appDir, { recursive: true });
    applyCopies(finalStage, appDir, { [buildStage.name!]: buildDir });
    await productionModules(appDir);
    const cmd = execForm(last(finalStage, 'CMD')!.args)!;
    const hc = execForm(last(finalStage, 'HEALTHCHECK')!.args.replace(/^(--\S+\s+)*CMD\s+/, ''))!;
    const port = String(await freePort());
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: port,
      DATA_DIR: dataDir,
      GOPHERGATE_ADMIN_USER: TEST_ADMIN.username,
      GOPHERGATE_ADMIN_PASSWORD: TEST_ADMIN.password,
      GOPHERGATE_SECRET_KEY: TEST_SECRET_KEY,
      GOPHERGATE_REGISTRY_URL: '',
      GOPHERGATE_DRAIN_SECONDS: '5',
      LOG_LEVEL: 'info',
    };
    expect(cmd[0]).toBe('node');
    const child = spawn(process.execPath, cmd.slice(1), { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const healthcheck = () =>
        new Promise<number | null>((resolve) => {
          const probe = spawn(process.execPath, [join(appDir, hc[1].replace(new RegExp(`^${WORKDIR}/`), ''))], { env, stdio: 'ignore' });
          probe.once('exit', resolve);
        });
      let healthy = false;
      const deadline = Date.now() + 30_000;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        healthy = (await healthcheck()) === 0;
        if (!healthy) await new Promise((r) => setTimeout(r, 250));
      }
      expect({ healthy, output: healthy ? '' : output }).toEqual({ healthy: true, output: '' });
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
      expect(login.status).toBeLessThan(500);
      expect(existsSync(join(dataDir, 'gophergate.db'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('shutdown complete');
  }, 60_000);
});
