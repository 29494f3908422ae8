import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function withYaml(body: string): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'gg-config-'));
  writeFileSync(join(dir, 'config.yaml'), body);
  return { dir, env: {} };
}

describe('config loader', () => {
  it('serves with no config file at all, on the contract defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-config-'));
    const config = loadConfig({}, dir);
    expect(config.server).toMatchObject({ port: 8080, host: '0.0.0.0', body_limit_mb: 20, cors_origins: [] });
    expect(config.sessions).toMatchObject({ ttl_hours: 24, cleanup_minutes: 15 });
    expect(config.billing.unpriced_models).toBe('reject');
    expect(config.runtime.data_dir).toBe(join(dir, 'data'));
    expect(config.runtime.drain_seconds).toBe(30);
    expect(config.providers).toEqual([]);
  });

  it('reads ./config.yaml when present and lets the environment win', () => {
    const { dir } = withYaml('server: { port: 9000, host: 127.0.0.1 }\nsessions: { ttl_hours: 2 }\n');
    const config = loadConfig({ PORT: '9100', GOPHERGATE_SESSIONS_TTL_HOURS: '3' }, dir);
    expect(config.server.port).toBe(9100);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.sessions.ttl_hours).toBe(3);
  });

  it('names the key of a value with the wrong type', () => {
    const { dir } = withYaml('server: { port: "eighty" }\n');
    expect(problemsOf(() => loadConfig({}, dir))).toEqual([expect.stringMatching(/^server\.port must be an integer/)]);
  });

  it('names the key of a value from the environment with the wrong type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-config-'));
    expect(problemsOf(() => loadConfig({ PORT: 'abc' }, dir))).toEqual([expect.stringMatching(/^server\.port must be an integer/)]);
  });

  it('names the key of a value out of range', () => {
    const { dir } = withYaml('server: { port: 70000 }\nsessions: { ttl_hours: 0 }\n');
    const problems = problemsOf(() => loadConfig({}, dir));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^server\.port must not be greater than 65535/), expect.stringMatching(/^sessions\.ttl_hours must not be less than/)]));
  });

  it('names the key of an unknown provider kind', () => {
    const { dir } = withYaml('providers:\n  - { name: foo, kind: carrier-pigeon, base_url: "http://127.0.0.1:1" }\n');
    expect(problemsOf(() => loadConfig({}, dir))).toEqual([expect.stringMatching(/^providers\.0\.kind must be one of the following values: openai, anthropic, gemini, ollama, openai-compatible/)]);
  });

  it('refuses unknown keys, non-http base URLs and duplicate provider names', () => {
    const { dir } = withYaml('server: { prot: 1 }\n');
    expect(problemsOf(() => loadConfig({}, dir))).toEqual(['server.prot is not a known key']);
    const second = withYaml('providers:\n  - { name: a, kind: openai, base_url: "file:///etc/passwd" }\n  - { name: a, kind: openai }\n');
    expect(problemsOf(() => loadConfig({}, second.dir))).toEqual([expect.stringMatching(/^providers\.0\.base_url must be an http\(s\) URL/)]);
    const third = withYaml('providers:\n  - { name: a, kind: openai }\n  - { name: a, kind: anthropic }\n');
    expect(problemsOf(() => loadConfig({}, third.dir))).toEqual([expect.stringContaining('providers.1.name "a" is defined twice')]);
  });

  it('reports YAML syntax errors and a missing explicit config file', () => {
    const { dir } = withYaml('server: [unclosed\n');
    expect(problemsOf(() => loadConfig({}, dir))[0]).toMatch(/not valid YAML/);
    expect(problemsOf(() => loadConfig({ GOPHERGATE_CONFIG: '/nonexistent/gg.yaml' }, dir))[0]).toMatch(/GOPHERGATE_CONFIG: file .* does not exist/);
  });

  it('enables providers from their API key variables (the base URL left to the adapter or preset), keeping the key out of api_key_env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-config-'));
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant', OLLAMA_BASE_URL: 'http://10.0.0.5:11434', DEEPSEEK_API_KEY: 'ds' }, dir);
    const byName = Object.fromEntries(config.providers.map((p) => [p.name, p]));
    expect(byName.openai).toMatchObject({ kind: 'openai', api_key: 'sk-test', api_key_env: 'OPENAI_API_KEY' });
    expect([byName.openai.base_url, byName.anthropic.base_url, byName.deepseek.base_url]).toEqual([undefined, undefined, undefined]);
    expect(byName.anthropic).toMatchObject({ kind: 'anthropic', api_key: 'sk-ant' });
    expect(byName.ollama).toMatchObject({ kind: 'ollama', base_url: 'http://10.0.0.5:11434' });
    expect(byName.deepseek).toMatchObject({ kind: 'openai-compatible', preset: 'deepseek' });
    expect(byName.ollama.api_key).toBeUndefined();
  });

  it('resolves api_key_env for file-defined providers and parses JSON providers from the environment', () => {
    const { dir } = withYaml('providers:\n  - { name: main, kind: openai, base_url: "http://127.0.0.1:9", api_key_env: MY_KEY }\n');
    expect(loadConfig({ MY_KEY: 'secret-1' }, dir).providers[0].api_key).toBe('secret-1');
    const env = { GOPHERGATE_PROVIDERS: '[{"name":"x","kind":"ollama","base_url":"http://127.0.0.1:11434"}]', GOPHERGATE_ROUTING: '[{"match":"*","provider":"x"}]' };
    const config = loadConfig(env, mkdtempSync(join(tmpdir(), 'gg-config-')));
    expect(config.providers.map((p) => p.name)).toEqual(['x']);
    expect(config.routing).toEqual([expect.objectContaining({ match: '*', provider: 'x' })]);
    expect(problemsOf(() => loadConfig({ GOPHERGATE_ROUTING: '{not json' }, dir))[0]).toMatch(/routing .*must be a JSON array/);
  });

  it('applies per-provider defaults for timeouts, retries and the breaker', () => {
    const { dir } = withYaml('providers:\n  - { name: o, kind: openai, retry: { attempts: 5 } }\n');
    const [p] = loadConfig({}, dir).providers;
    expect(p.timeout_seconds).toBe(30);
    expect(p.retry).toMatchObject({ attempts: 5, backoff_ms: [1000, 2000, 4000] });
    expect(p.breaker).toMatchObject({ consecutive_failures: 3, half_open_after_seconds: 30 });
  });
});
