import type { IncomingMessage } from 'node:http';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { isOriginAllowed, offeredTokens } from '../../../../src/dashboard/live/live-handshake.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('live feed: Origin check', () => {
  it('allows the request’s own host by default, whatever the scheme', () => {
    expect(isOriginAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', [])).toBe(true);
    expect(isOriginAllowed('https://gw.example.com', 'gw.example.com', [])).toBe(true);
    expect(isOriginAllowed('http://GW.example.com:9000', 'gw.example.com:9000', [])).toBe(true);
  });

  it('treats a default port written out and left implicit as the same', () => {
    expect(isOriginAllowed('https://gw.example.com', 'gw.example.com:443', [])).toBe(true);
    expect(isOriginAllowed('http://gw.example.com', 'gw.example.com:80', [])).toBe(true);
  });

  it('refuses another host, another port, the opaque origin and non-web schemes', () => {
    expect(isOriginAllowed('http://evil.example', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:8081', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('null', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('file://', '127.0.0.1:8080', [])).toBe(false);
    expect(isOriginAllowed('chrome-extension://abc', 'abc', [])).toBe(false);
    expect(isOriginAllowed('http://127.0.0.1:8080', undefined, [])).toBe(false);
  });

  it('uses only the configured list when there is one (full origins or bare hosts)', () => {
    const allowed = ['https://dash.example.com', 'ops.example.com:8443'];
    expect(isOriginAllowed('https://dash.example.com', 'gw.internal:8080', allowed)).toBe(true);
    expect(isOriginAllowed('http://dash.example.com', 'gw.internal:8080', allowed)).toBe(false);
    expect(isOriginAllowed('https://ops.example.com:8443', 'gw.internal:8080', allowed)).toBe(true);
    expect(isOriginAllowed('http://gw.internal:8080', 'gw.internal:8080', allowed)).toBe(false);
  });

  it('leaves a handshake without Origin (not a browser) to the session check', () => {
    expect(isOriginAllowed(undefined, '127.0.0.1:8080', [])).toBe(true);
  });
});

describe('live feed: offered session tokens', () => {
  // the handshake reads cookies with @fastify/cookie's parser, which the app registers before any handshake arrives
  beforeAll(async () => {
    const fastify = Fastify();
    await fastify.register(cookie).ready();
    await fastify.close();
  });

  it('reads ?token=, a bearer header and the gg_session cookie, in that order, without duplicates', () => {
    const tokens = offeredTokens(
      req({ authorization: 'Bearer ggs_b', cookie: 'theme=dark; gg_session=ggs_c; other=1' }),
      new URL('http://x/ws?token=ggs_a'),
    );
    expect(tokens).toEqual(['ggs_a', 'ggs_b', 'ggs_c']);
    expect(offeredTokens(req({ cookie: 'gg_session=ggs_same' }), new URL('http://x/ws?token=ggs_same'))).toEqual(['ggs_same']);
  });

  it('offers nothing without any of them, and ignores absurdly long values', () => {
    expect(offeredTokens(req({ cookie: 'gg_sessionx=1' }), new URL('http://x/ws'))).toEqual([]);
    expect(offeredTokens(req({}), new URL(`http://x/ws?token=${'a'.repeat(600)}`))).toEqual([]);
  });
});
