import { ensureBuilt, startProcessApp } from '../../support/process-app.js';

const PROVIDERS = JSON.stringify([
  { name: 'east', kind: 'openai', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-east' },
  { name: 'west', kind: 'openai', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-west' },
]);

describe('routing config errors stop the real process (node dist/main.js) with the key named', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    ['an unknown provider in targets', { GOPHERGATE_ROUTING: '[{"match":"gpt-*","targets":[{"provider":"east"},{"provider":"nowhere"}]}]' }, /routing\.0\.targets\.1\.provider \\?"nowhere\\?" is not a configured provider/],
    ['a weight of zero', { GOPHERGATE_ROUTING: '[{"match":"gpt-*","targets":[{"provider":"east","weight":0},{"provider":"west"}]}]' }, /routing\.0\.targets\.0\.weight must be greater than 0/],
    ['an unknown strategy', { GOPHERGATE_ROUTING: '[{"match":"gpt-*","targets":[{"provider":"east"}],"strategy":"cheapest"}]' }, /routing\.0\.strategy must be one of the following values: ordered, weighted, least_busy, lowest_latency/],
    ['an alias cycle', { GOPHERGATE_ALIASES: '{"fast":"quick","quick":"fast"}' }, /aliases\.fast forms a cycle: fast → quick → fast/],
  ])('exits non-zero on %s', async (_label, env, message) => {
    const app = await startProcessApp({ GOPHERGATE_PROVIDERS: PROVIDERS, ...env }, { waitReady: false });
    const { code } = await app.exited;
    expect(code).not.toBe(0);
    expect(app.stderr()).toMatch(message);
  }, 30_000);
});
