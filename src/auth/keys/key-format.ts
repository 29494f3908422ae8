import { randomBase62, sha256Hex } from '../../common/index.js';

/** Client keys: `gg-` + 43 base62 characters (about 256 random bits). */
export const KEY_PREFIX = 'gg-';
const BODY_LENGTH = 43;
const FORMAT = /^gg-[0-9A-Za-z]{43}$/;
/** How many leading characters are kept for display (`gg-` + 7). */
export const DISPLAY_PREFIX_LENGTH = 10;

export function newClientKey(): { key: string; hash: string; prefix: string } {
  const key = `${KEY_PREFIX}${randomBase62(BODY_LENGTH)}`;
  return { key, hash: sha256Hex(key), prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export function looksLikeClientKey(value: string): boolean {
  return FORMAT.test(value);
}

export function clientKeyHash(key: string): string {
  return sha256Hex(key);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
/** The client key of a /v1 request: `Authorization: Bearer <key>`, else `x-api-key: <key>` (what Anthropic clients send). */
export function clientKeyToken(headers: Record<string, string | string[] | undefined>): string | null {
  const bearer = bearerToken(headers['authorization']);
  if (bearer) return bearer;
  const raw = headers['x-api-key'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value && value.length <= 4096 && !/\s/.test(value) ? value : null;
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || value.length > 4096) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value);
  return m ? m[1] : null;
}
