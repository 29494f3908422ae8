import { startTestApp, type TestApp } from '../../support/test-app.js';
import { call, login, openLive } from '../dashboard/support/dashboard.js';

describe('one cookie parser for HTTP and the /ws handshake (issue 12, extra)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Is the cookie header a session on /api and on /ws? The two must always agree. */
  async function verdicts(cookie: string): Promise<{ http: boolean; ws: boolean }> {
    const http = (await call(t, 'GET', '/api/auth/me', { headers: { cookie } })).status === 200;
    const h = await openLive(t, { cookie });
    if (h.kind === 'open') h.ws.close();
    return { http, ws: h.kind === 'open' };
  }

  it('a plain, a percent-encoded and a quoted gg_session cookie are read the same way on both', async () => {
    const token = await login(t);
    const shapes = [
      `gg_session=${token}`,
      `theme=dark; gg_session=${token}; other=1`,
      `gg_session=${encodeURIComponent(token)}`,
      `gg_session="${token}"`,
      `gg_session=${token}; gg_session=ggs_${'x'.repeat(43)}`,
      `gg_session=ggs_${'x'.repeat(43)}; gg_session=${token}`,
      ` gg_session = ${token} `,
    ];
    for (const cookie of shapes) {
      const v = await verdicts(cookie);
      expect({ cookie, ...v }).toEqual({ cookie, http: v.ws, ws: v.http });
    }
    expect(await verdicts(`gg_session=${token}`)).toEqual({ http: true, ws: true });
  });
});
