import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RuntimeConfig, ServerConfig, loadConfig } from '../../../src/config/index.js';
import { all, ancestry, execForm, last, parseDockerfile, rootImage, stageNamed, type Stage } from './support/dockerfile.js';
import { REPO, dockerIgnore, readRepoFile, repoPathExists } from './support/repo.js';

const file = parseDockerfile(readRepoFile('docker/Dockerfile'));
const finalStage = file.stages.at(-1)!;
const buildStage = stageNamed(file, 'build');
const ignored = dockerIgnore(readRepoFile('.dockerignore'));

/** Instructions of the stage chain (base first), as the builder applies them. */
function chain(stage: Stage) {
  return ancestry(file, stage).reverse().flatMap((s) => s.instructions);
}

function runs(stage: Stage): string[] {
  return chain(stage).filter((i) => i.keyword === 'RUN').map((i) => i.args);
}

/** ENV instructions of a stage chain as a map (both `K=V` lists and the legacy `K V` form). */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of chain(stage).filter((i) => i.keyword === 'ENV')) {
    const pairs = [...ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)];
    if (pairs.length === 0) {
      const [key, ...rest] = ins.args.split(/\s+/);
      env[key] = rest.join(' ');
    }
    for (const [, key, value] of pairs) env[key] = value.replace(/^"|"$/g, '');
  }
  return env;
}

/** COPY instructions (not --from) as { sources, dest } relative to the build context. */
function contextCopies(stage: Stage): Array<{ sources: string[]; dest: string }> {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' && !/--from=/.test(i.args))
    .map((i) => {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      return { sources: parts.slice(0, -1), dest: parts.at(-1)! };
    });
}

describe('docker/Dockerfile', () => {
  it('builds every stage on the official Node 20 image', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of file.stages) expect(rootImage(file, stage)).toMatch(/^node:20(?:\.\d+)*-[a-z]+(?:-slim)?$/);
  });

  it('runs `npm ci` and `npm run build` in the build stage, with the npm settings copied first', () => {
    const buildRuns = runs(buildStage);
    const ci = buildRuns.findIndex((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r));
    const build = buildRuns.findIndex((r) => /\bnpm run build\b/.test(r));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(build).toBeGreaterThan(ci);
    const manifests = contextCopies(buildStage)[0].sources;
    expect(manifests).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', '.npmrc']));
    expect(JSON.parse(readRepoFile('package.json')).scripts.build).toBeDefined();
  });

  it('installs production dependencies with `npm ci --omit=dev` in the final stage itself, after copying package.json and .npmrc', () => {
    const own = all(finalStage, 'RUN').map((r) => r.args);
    expect(own.some((r) => /\bnpm ci --omit=dev\b/.test(r))).toBe(true);
    const copied = contextCopies(finalStage).flatMap((c) => c.sources);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', '.npmrc']));
    // The native module (better-sqlite3) is built for this very image, and the toolchain does not stay.
    const install = own.find((r) => /npm ci --omit=dev/.test(r))!;
    expect(install).toMatch(/apt-get install[^;]*\bg\+\+/);
    expect(install).toMatch(/apt-get purge/);
    expect(install).toMatch(/better-sqlite3/);
    // The built server and dashboard come from the build stage.
    const fromBuild = all(finalStage, 'COPY').filter((c) => c.args.includes(`--from=${buildStage.name}`)).map((c) => c.args);
    expect(fromBuild.some((c) => /\/app\/dist\s+\.\/dist$/.test(c))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const sources = file.stages.flatMap((s) => contextCopies(s).flatMap((c) => c.sources));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect({ source, exists: repoPathExists(source) }).toEqual({ source, exists: true });
      expect({ source, ignored: ignored(source) }).toEqual({ source, ignored: false });
    }
    // And what must never reach the context stays out of it.
    for (const secret of ['.env', 'data/gophergate.db', 'data/secret.key', 'node_modules/x', 'web/node_modules/x', 'dist/main.js', '.git/config']) {
      expect({ secret, ignored: ignored(secret) }).toEqual({ secret, ignored: true });
    }
  });

  it('runs as a non-root user with a numeric id, owning only the data folder', () => {
    const user = last(finalStage, 'USER');
    expect(user).toBeDefined();
    const [uid, gid] = user!.args.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    if (gid !== undefined) expect(Number(gid)).toBeGreaterThan(0);
    // USER is the last privilege change: nothing after it runs as root.
    const after = finalStage.instructions.slice(finalStage.instructions.indexOf(user!) + 1);
    expect(after.filter((i) => i.keyword === 'USER' || i.keyword === 'RUN')).toEqual([]);
    const setup = all(finalStage, 'RUN').map((r) => r.args).join('\n');
    expect(setup).toMatch(new RegExp(`--uid ${uid}\\b`));
    expect(setup).toMatch(/chown \S+ \/data/);
  });

  it('keeps data in the /data volume that DATA_DIR points at', () => {
    const env = envOf(finalStage);
    expect(env.DATA_DIR).toBe('/data');
    const volumes = all(finalStage, 'VOLUME').map((v) => execForm(v.args) ?? v.args.split(/\s+/)).flat();
    expect(volumes).toContain('/data');
  });

  it('exposes the port the app listens on (8080)', () => {
    const exposed = all(finalStage, 'EXPOSE').flatMap((e) => e.args.split(/\s+/)).map((p) => p.replace(/\/tcp$/, ''));
    expect(exposed).toEqual(['8080']);
    expect(new ServerConfig().port).toBe(8080);
    expect(envOf(finalStage).PORT ?? '8080').toBe('8080');
  });

  it('checks health with node itself on /health (no curl in slim images)', () => {
    const hc = last(finalStage, 'HEALTHCHECK')!;
    expect(hc).toBeDefined();
    const cmd = execForm(hc.args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    expect(cmd).not.toBeNull();
    expect(cmd![0]).toBe('node');
    // The script it runs is copied to exactly that path.
    const script = cmd![1];
    const workdir = last(file.stages[0], 'WORKDIR')?.args ?? '/';
    const copy = contextCopies(finalStage).find((c) => join(workdir, c.dest) === script);
    expect(copy).toBeDefined();
    expect(readRepoFile(copy!.sources[0])).toContain('/health');
    expect(hc.args).toMatch(/--timeout=\d+s/);
    expect(hc.args).toMatch(/--start-period=\d+s/);
  });

  it('starts node itself as PID 1: CMD is exactly ["node", "dist/main.js"] in exec form and no shell or entrypoint wraps it', () => {
    const cmd = last(finalStage, 'CMD')!;
    expect(execForm(cmd.args)).toEqual(['node', 'dist/main.js']);
    // The official image's docker-entrypoint.sh is cleared so nothing sits in front of node.
    const entrypoint = chain(finalStage).filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
    expect(entrypoint).toBeDefined();
    expect(execForm(entrypoint!.args)).toEqual([]);
    // SIGTERM is what reaches node; the app's handler drains (src/shutdown.ts).
    const stop = last(finalStage, 'STOPSIGNAL');
    if (stop) expect(stop.args).toBe('SIGTERM');
    expect(readRepoFile('src/shutdown.ts')).toMatch(/process\.on\('SIGTERM'/);
  });

  it('sets an environment the app accepts (the same loader the process uses)', () => {
    const env = envOf(finalStage);
    expect(Number(env.GOPHERGATE_DRAIN_SECONDS ?? new RuntimeConfig().drain_seconds)).toBe(new RuntimeConfig().drain_seconds);
    const config = loadConfig({ ...env, DATA_DIR: '/data' }, REPO);
    expect(config.server.port).toBe(8080);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.runtime.data_dir).toBe('/data');
  });
});

describe('docker/healthcheck.mjs (the HEALTHCHECK command)', () => {
  let server: Server;
  let status = 200;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(req.url === '/health' ? status : 404, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function check(env: Record<string, string>): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO, 'docker/healthcheck.mjs')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('health check hung')); }, 10_000);
      child.once('exit', (code) => { clearTimeout(timer); resolve(code); });
    });
  }

  const port = () => String((server.address() as AddressInfo).port);

  it('exits 0 when /health answers 200 on PORT (HOST 0.0.0.0 is asked on loopback)', async () => {
    status = 200;
    seen.length = 0;
    expect(await check({ PORT: port(), HOST: '0.0.0.0' })).toBe(0);
    expect(seen).toEqual(['/health']);
  });

  it('exits 1 when /health answers 503', async () => {
    status = 503;
    expect(await check({ PORT: port() })).toBe(1);
  });

  it('exits 1 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = String((closed.address() as AddressInfo).port);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await check({ PORT: freePort })).toBe(1);
  });
});
