import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const PROVIDERS = 'providers:\n  - { name: east, kind: openai, base_url: "http://127.0.0.1:9" }\n  - { name: west, kind: openai, base_url: "http://127.0.0.1:9" }\n';

function load(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gg-config-routing-'));
  writeFileSync(join(dir, 'config.yaml'), yaml);
  return loadConfig(env, dir);
}

function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    load(yaml, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config: routing targets, strategies, provider keys and aliases', () => {
  it('reads targets with weights, a strategy, fallbacks, several keys per provider and aliases', () => {
    const config = load(
      `${PROVIDERS}  - name: keyed\n    kind: openai\n    base_url: "http://127.0.0.1:9"\n    api_keys: [{ key_env: KEY_A, weight: 2, rpm: 500, tpm: 400000 }, { key: sk-b }]\n` +
        'routing:\n  - match: "gpt-4o*"\n    targets: [{ provider: east, weight: 3 }, { provider: west, weight: 1 }]\n    strategy: weighted\n    fallback: [keyed]\n' +
        'aliases: { fast: gpt-4o-mini, quick: fast }\n',
      { KEY_A: 'sk-a-from-env' },
    );
    expect(config.routing[0]).toMatchObject({ match: 'gpt-4o*', strategy: 'weighted', fallback: ['keyed'], targets: [{ provider: 'east', weight: 3 }, { provider: 'west', weight: 1 }] });
    expect(config.providers[2].api_keys).toEqual([
      expect.objectContaining({ key: 'sk-a-from-env', weight: 2, rpm: 500, tpm: 400000 }),
      expect.objectContaining({ key: 'sk-b', weight: 1 }),
    ]);
    expect(config.aliases).toEqual({ fast: 'gpt-4o-mini', quick: 'fast' });
  });

  it('takes aliases from GOPHERGATE_ALIASES as JSON', () => {
    expect(load(PROVIDERS, { GOPHERGATE_ALIASES: '{"fast":"gpt-4o-mini"}' }).aliases).toEqual({ fast: 'gpt-4o-mini' });
    expect(problemsOf(PROVIDERS, { GOPHERGATE_ALIASES: '{nope' })).toEqual([expect.stringMatching(/^aliases .*must be a JSON object/)]);
  });

  it('refuses an unknown provider in targets, naming the key', () => {
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x", targets: [{ provider: east }, { provider: nowhere }] }\n`)).toEqual(['routing.0.targets.1.provider "nowhere" is not a configured provider']);
  });

  it('refuses weights of zero or less, naming the key', () => {
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x", targets: [{ provider: east, weight: 0 }] }\n`)).toEqual(['routing.0.targets.0.weight must be greater than 0']);
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x", targets: [{ provider: east, weight: -2 }] }\n`)).toEqual(['routing.0.targets.0.weight must be greater than 0']);
    expect(problemsOf(`${PROVIDERS.replace('name: west', 'name: west, api_keys: [{ key: k, weight: 0 }]')}`)).toEqual(['providers.1.api_keys.0.weight must be greater than 0']);
  });

  it('refuses an unknown strategy, naming the key', () => {
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x", targets: [{ provider: east }], strategy: cheapest }\n`)).toEqual([
      'routing.0.strategy must be one of the following values: ordered, weighted, least_busy, lowest_latency',
    ]);
  });

  it('refuses alias cycles, naming the alias', () => {
    const problems = problemsOf(`${PROVIDERS}aliases: { a: b, b: c, c: a, solo: solo }\n`);
    expect(problems).toEqual(expect.arrayContaining(['aliases.a forms a cycle: a → b → c → a', 'aliases.solo forms a cycle: solo → solo']));
  });

  it('refuses a rule with neither provider nor targets, or both', () => {
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x" }\n`)).toEqual(['routing.0 needs provider or targets']);
    expect(problemsOf(`${PROVIDERS}routing:\n  - { match: "x", provider: east, targets: [{ provider: west }] }\n`)).toEqual(['routing.0 names both provider and targets; use targets']);
  });

  it('refuses api_keys without a key, with an unset key_env, or mixed with api_key', () => {
    const base = 'providers:\n  - { name: p, kind: openai, base_url: "http://127.0.0.1:9", api_keys: KEYS }\n';
    expect(problemsOf(base.replace('KEYS', '[{ weight: 1 }]'))).toEqual(['providers.0.api_keys.0 needs key or key_env']);
    expect(problemsOf(base.replace('KEYS', '[{ key_env: MISSING_KEY }]'))).toEqual(['providers.0.api_keys.0.key_env: the variable MISSING_KEY is not set']);
    expect(problemsOf(base.replace('KEYS', '[{ key: a }], api_key: b'))).toEqual(['providers.0.api_keys cannot be combined with api_key or api_key_env']);
  });
});
