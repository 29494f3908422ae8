import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { clearSessionCookie, setSessionCookie } from '../../../../src/auth/login/session-cookie.js';

describe('gg_session cookie', () => {
  async function setCookieFor(headers: Record<string, string>, https: boolean): Promise<string> {
    const app = Fastify({ trustProxy: https });
    await app.register(cookie);
    app.get('/set', (request, reply) => {
      setSessionCookie(reply, request, 'ggs_token', Date.now() + 3_600_000);
      return reply.send('ok');
    });
    app.get('/clear', (request, reply) => {
      clearSessionCookie(reply, request);
      return reply.send('ok');
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const set = await fetch(`${base}/set`, { headers });
      const clear = await fetch(`${base}/clear`, { headers });
      return `${set.headers.get('set-cookie')}\n${clear.headers.get('set-cookie')}`;
    } finally {
      await app.close();
    }
  }

  it('is HttpOnly, SameSite=Strict, Path=/, lives as long as the session, and not Secure over http', async () => {
    const [set, clear] = (await setCookieFor({}, false)).split('\n');
    expect(set).toMatch(/^gg_session=ggs_token;/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/Max-Age=(3600|3599)/);
    expect(set).not.toMatch(/Secure/);
    expect(clear).toMatch(/^gg_session=;/);
    expect(clear).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('is Secure when the request came over https', async () => {
    const [set, clear] = (await setCookieFor({ 'x-forwarded-proto': 'https' }, true)).split('\n');
    expect(set).toMatch(/; Secure/);
    expect(clear).toMatch(/; Secure/);
  });
});
