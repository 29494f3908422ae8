import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

type ScryptOptions = { N: number; r: number; p: number; maxmem: number };
const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** scrypt's cost: N = 2^logN, block size r, parallelism p. */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1 (128 MiB per hash). */
export const OWASP_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ logN: 17, r: 8, p: 1 });

// Stored hashes are ours, but bound what one may ask for anyway (2^20 × 16 = 2 GiB would take the process down).
const MAX_LOG_N = 20;
const MAX_R = 16;
const MAX_P = 4;

/** scrypt needs 128·N·r bytes; maxmem leaves room for that and no more than twice it. */
function options(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 2 * 128 * N * r };
}

/** At most two hashes at a time: each holds 128 MiB and a libuv thread (fs and dns share the pool). */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const logN = Math.log2(N);
  if (!Number.isInteger(logN) || logN < 1 || logN > MAX_LOG_N) return null;
  if (!Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const hash = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

/** scrypt with a per-password random salt: `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string, cost: ScryptCost = OWASP_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost.logN;
  const hash = await limited(() => scrypt(password, salt, 32, options(N, cost.r, cost.p)));
  return ['scrypt', N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Verify in constant time, at the cost the hash was made with. A malformed stored hash still does scrypt work at
 * `cost` (the current cost, as for an unknown user), so timing says nothing.
 */
export async function verifyPassword(password: string, stored: string, cost: ScryptCost = OWASP_SCRYPT_COST): Promise<boolean> {
  const parsed = parse(stored);
  const salt = parsed?.salt ?? randomBytes(16);
  const expected = parsed?.hash ?? randomBytes(32);
  const opts = parsed ? options(parsed.N, parsed.r, parsed.p) : options(2 ** cost.logN, cost.r, cost.p);
  const actual = await limited(() => scrypt(password, salt, expected.length, opts));
  return parsed !== null && timingSafeEqual(actual, expected);
}

/** Was this hash made below `cost` (so the next successful sign-in should store a new one)? */
export function needsRehash(stored: string, cost: ScryptCost = OWASP_SCRYPT_COST): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < 2 ** cost.logN || parsed.r < cost.r || parsed.p < cost.p;
}

/** A well-formed hash of no password at `cost`: what an unknown user is verified against (equal work). */
export function dummyPasswordHash(cost: ScryptCost = OWASP_SCRYPT_COST): string {
  return `scrypt$${2 ** cost.logN}$${cost.r}$${cost.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
}
