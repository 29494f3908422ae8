import { randomBytes, scryptSync } from 'node:crypto';
import { OWASP_SCRYPT_COST, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../../../src/common/crypto/password.js';

/** A hash in the stored format at an older, weaker cost (what databases written before this change hold). */
function legacyHash(password: string, N = 16384): string {
  const salt = randomBytes(16);
  return ['scrypt', N, 8, 1, salt.toString('base64'), scryptSync(password, salt, 32, { N, r: 8, p: 1 }).toString('base64')].join('$');
}

describe('password hashing at OWASP\'s minimum (issue 12, item 7)', () => {
  it('hashes with scrypt N=2^17, r=8, p=1 by default and verifies it', async () => {
    expect(OWASP_SCRYPT_COST).toEqual({ logN: 17, r: 8, p: 1 });
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  }, 20_000);

  it('still verifies hashes made at the old cost, and marks them for a rehash', async () => {
    const old = legacyHash('hunter2-hunter2');
    await expect(verifyPassword('hunter2-hunter2', old)).resolves.toBe(true);
    await expect(verifyPassword('hunter3-hunter3', old)).resolves.toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash('not-a-hash')).toBe(true);
    expect(needsRehash(old, { logN: 14, r: 8, p: 1 })).toBe(false);
  });

  it('refuses malformed or absurd stored hashes without throwing (no 2 GiB scrypt from a bad row)', async () => {
    const cheap = { logN: 10, r: 8, p: 1 };
    for (const stored of ['', 'scrypt$$$$$', 'scrypt$1048577$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'bcrypt$x']) {
      await expect(verifyPassword('x', stored, cheap)).resolves.toBe(false);
    }
  });

  it('the dummy hash for unknown users is at the current cost (equal work)', () => {
    expect(dummyPasswordHash()).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(dummyPasswordHash({ logN: 12, r: 8, p: 1 })).toMatch(/^scrypt\$4096\$8\$1\$/);
  });
});
