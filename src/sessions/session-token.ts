import { randomToken, sha256Hex } from '../common/index.js';

/** Session tokens: `ggs_` + 256 random bits (base64url). The prefix tells them apart from client keys (`gg-`). */
export const SESSION_TOKEN_PREFIX = 'ggs_';
const FORMAT = /^ggs_[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return `${SESSION_TOKEN_PREFIX}${randomToken(32)}`;
}

export function looksLikeSessionToken(token: string): boolean {
  return FORMAT.test(token);
}

export function sessionTokenHash(token: string): string {
  return sha256Hex(token);
}
