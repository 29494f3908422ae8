import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt with a per-password random salt: `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Verify in constant time. A malformed stored hash still does the same scrypt work, so timing says nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const ok = parts.length === 6 && parts[0] === 'scrypt';
  const salt = ok ? Buffer.from(parts[4], 'base64') : randomBytes(16);
  const expected = ok ? Buffer.from(parts[5], 'base64') : randomBytes(32);
  const params = ok ? { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]), maxmem: PARAMS.maxmem } : PARAMS;
  const actual = await scrypt(password, salt, expected.length, params);
  return ok && timingSafeEqual(actual, expected);
}

/** A dummy hash to verify against when the user does not exist (equal work for unknown users). */
export const DUMMY_PASSWORD_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
