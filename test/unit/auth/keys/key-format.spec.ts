import { bearerToken, clientKeyHash, looksLikeClientKey, newClientKey } from '../../../../src/auth/keys/key-format.js';
import { sha256Hex } from '../../../../src/common/index.js';

describe('client key format', () => {
  it('makes gg- + 43 base62 keys, a sha-256 and a 10-character display prefix', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { key, hash, prefix } = newClientKey();
      expect(key).toMatch(/^gg-[0-9A-Za-z]{43}$/);
      expect(looksLikeClientKey(key)).toBe(true);
      expect(hash).toBe(sha256Hex(key));
      expect(clientKeyHash(key)).toBe(hash);
      expect(prefix).toBe(key.slice(0, 10));
      seen.add(key);
    }
    expect(seen.size).toBe(200);
  });

  it('parses only a single bearer token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken(['Bearer x', 'Bearer y'])).toBe('x');
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(`Bearer ${'a'.repeat(5000)}`)).toBeNull();
  });
});
