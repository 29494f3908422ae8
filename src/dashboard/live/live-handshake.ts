import type { IncomingMessage } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { SESSION_COOKIE } from '../../auth/index.js';

const MAX_TOKEN_LENGTH = 512;

/** Parse a host[:port] as seen from `scheme`, so a default port written out and one left implicit compare equal. */
function hostAs(scheme: string, host: string): string | null {
  try {
    return new URL(`${scheme}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * Is a WebSocket handshake's `Origin` acceptable? With no list configured only the request's own host is
 * (scheme-agnostic host:port). List entries are full origins (`https://dash.example.com`) or bare host[:port].
 * A handshake without any Origin is not from a browser (browsers always send one) and cannot be a cross-site
 * hijack, so it is left to the session check.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
  if (allowed.length > 0) {
    return allowed.some((entry) => {
      const e = entry.trim().toLowerCase();
      if (!e) return false;
      if (e.includes('://')) {
        try {
          return new URL(e).origin === o.origin;
        } catch {
          return false;
        }
      }
      return hostAs(o.protocol, e) === o.host;
    });
  }
  if (!host) return false;
  return hostAs(o.protocol, host.trim().toLowerCase()) === o.host;
}

/**
 * The named cookie, read with @fastify/cookie's parser: the one the HTTP routes use (the app registers the plugin
 * before any handshake can arrive), so HTTP and WebSocket agree on quoting and decoding.
 */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  const value = fastifyCookie.parse(header)[name];
  return typeof value === 'string' ? value : null;
}

/** The session tokens a handshake offers, in order: `?token=`, `Authorization: Bearer`, the `gg_session` cookie. */
export function offeredTokens(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const add = (value: string | null | undefined) => {
    if (value && value.length <= MAX_TOKEN_LENGTH && !out.includes(value)) out.push(value);
  };
  add(url.searchParams.get('token'));
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) add(auth.replace(/^bearer\s+/i, '').trim());
  add(cookieValue(req.headers.cookie, SESSION_COOKIE));
  return out;
}
