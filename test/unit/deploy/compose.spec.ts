import { join } from 'node:path';
import { RuntimeConfig, loadConfig } from '../../../src/config/index.js';
import { parseDockerfile, last } from './support/dockerfile.js';
import { REPO, parseYamlDocuments, readRepoFile, repoPathExists } from './support/repo.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const [compose] = parseYamlDocuments('docker/compose.yaml') as Obj[];
const services = compose.services as Record<string, Obj>;
const exposed = last(parseDockerfile(readRepoFile('docker/Dockerfile')).stages.at(-1)!, 'EXPOSE')!.args;

/** Compose interpolation with no variables set: `${VAR:-default}` → default, `${VAR}` → ''. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback: string | undefined) => fallback ?? '');
}

function env(service: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment as Record<string, unknown>).map(([k, v]) => [k, interpolate(String(v ?? ''))]));
}

function seconds(duration: string): number {
  const m = /^(\d+)(s|m)$/.exec(duration);
  if (!m) throw new Error(`unexpected duration ${duration}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

function hostToContainer(ports: string[]): Array<{ host: string; container: string }> {
  return ports.map((p) => {
    const parts = interpolate(p).split(':');
    return { host: parts.at(-2)!, container: parts.at(-1)! };
  });
}

describe('docker/compose.yaml', () => {
  it('by default runs only the gateway on SQLite, in a named volume at /data, on port 8080', () => {
    const always = Object.entries(services).filter(([, s]) => !s.profiles).map(([name]) => name);
    expect(always).toEqual(['gateway']);
    const gateway = services.gateway;
    expect(env(gateway).DATABASE_URL ?? '').toBe('');
    expect(env(gateway).REDIS_URL ?? '').toBe('');
    expect(hostToContainer(gateway.ports)).toEqual([{ host: '8080', container: exposed }]);
    const [volume, target] = (gateway.volumes as string[])[0].split(':');
    expect(target).toBe('/data');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('builds the gateway from docker/Dockerfile with the repository root as context', () => {
    for (const name of ['gateway', 'gateway-pg']) {
      const build = services[name].build;
      expect(build.dockerfile).toBe('docker/Dockerfile');
      const context = join(REPO, 'docker', build.context);
      expect(context.replace(/\/$/, '')).toBe(REPO);
      expect(repoPathExists(build.dockerfile)).toBe(true);
    }
  });

  it('adds PostgreSQL, Redis and a gateway pointed at them under the `postgres` profile, started only once they are healthy', () => {
    for (const name of ['postgres', 'redis', 'gateway-pg']) expect(services[name].profiles).toEqual(['postgres']);
    const pg = services.postgres;
    const gatewayPg = services['gateway-pg'];
    expect(pg.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    expect(services.redis.healthcheck.test.join(' ')).toMatch(/redis-cli.*ping/);
    expect(gatewayPg.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });

    const pgEnv = env(pg);
    const url = new URL(env(gatewayPg).DATABASE_URL);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(pgEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
    const redis = new URL(env(gatewayPg).REDIS_URL);
    expect(redis.protocol).toBe('redis:');
    expect(redis.hostname).toBe('redis');
    // Its own host port, so both profiles can run side by side.
    expect(hostToContainer(gatewayPg.ports)).toEqual([{ host: '8081', container: exposed }]);
  });

  it('gives each gateway more time to stop than the drain, a health check on /health, and a locked-down container', () => {
    const drain = new RuntimeConfig().drain_seconds;
    for (const name of ['gateway', 'gateway-pg']) {
      const s = services[name];
      expect(Number(env(s).GOPHERGATE_DRAIN_SECONDS)).toBe(drain);
      expect(seconds(s.stop_grace_period)).toBeGreaterThan(drain);
      expect(s.healthcheck.test).toEqual(['CMD', 'node', '/app/healthcheck.mjs']);
      expect(s.read_only).toBe(true);
      expect(s.tmpfs).toContain('/tmp');
      expect(s.cap_drop).toEqual(['ALL']);
      expect(s.user ?? 'the image user').toBe('the image user');
    }
  });

  it('passes an environment the application accepts, for both gateways', () => {
    for (const name of ['gateway', 'gateway-pg']) {
      const config = loadConfig({ ...env(services[name]), DATA_DIR: '/data' }, REPO);
      expect(config.runtime.drain_seconds).toBe(30);
      expect(config.runtime.log_level).toBe('info');
      if (name === 'gateway-pg') {
        expect(config.database.url).toMatch(/^postgres:\/\//);
        expect(config.runtime.redis_url).toBe('redis://redis:6379');
      } else {
        expect(config.database.url).toBe('');
        expect(config.runtime.redis_url).toBeUndefined();
      }
    }
  });
});
