import { ConfigError, loadConfig } from '../../../src/config/index.js';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: '/tmp/gg-trust-proxy', ...env }, '/tmp');

describe('server.trust_proxy (issue 12, item 1)', () => {
  it('defaults to false: forwarded headers are not believed', () => {
    expect(load({}).server.trust_proxy).toBe(false);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 192.168.1.7 ,fd00::/8', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8']],
    ['["172.16.0.0/12"]', ['172.16.0.0/12']],
  ])('GOPHERGATE_SERVER_TRUST_PROXY=%s → %j', (raw, expected) => {
    expect(load({ GOPHERGATE_SERVER_TRUST_PROXY: raw }).server.trust_proxy).toEqual(expected);
  });

  it.each(['yes-please', '10.0.0.0/33', '300.1.1.1', '-1', 'fe80::/129', '10.0.0.0/8/1'])('refuses %s naming the key', (raw) => {
    let error: unknown;
    try {
      load({ GOPHERGATE_SERVER_TRUST_PROXY: raw });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('; ')).toMatch(/^server\.trust_proxy must be false, true, a hop count or a list/);
  });
});
