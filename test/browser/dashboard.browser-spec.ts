// The dashboard in a real browser (Debian Chromium via playwright-core) against the real app and a mock upstream.
import type { Browser } from 'playwright-core';
import { apiCall, apiLogin, BrowserHarness, chat, eventually, openPage, screenshot, signIn, visit, WAIT_MS, type TrackedPage } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MODEL = 'mock-openai/gpt-4o-mini';

describe('dashboard in Chromium', () => {
  let upstream: MockUpstream;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  const open = async (theme: 'dark' | 'light' = 'dark'): Promise<TrackedPage> => {
    const p = await openPage(browser, { theme });
    pages.push(p);
    return p;
  };

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    // Started together (the machine is slow); both kept even if one fails, so afterAll can stop the other.
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({
        yaml: [
          'providers:',
          '  - name: mock-openai',
          '    kind: openai',
          `    base_url: ${upstream.baseUrl}`,
          '    api_key: sk-mock-key-for-browser-tests-0000',
          '    pricing: { "gpt-4o-mini": { input: 0.15, output: 0.6 } }',
        ].join('\n'),
      }),
    ));
    admin = await apiLogin(t);
  }, 120_000);

  // Every page of the test: no console errors, no uncaught errors, no CSP violations.
  afterEach(async () => expect(await harness.pageProblems()).toEqual([]));

  afterAll(async () => {
    await harness.close();
    await upstream?.close();
  });

  it('signs in, creates a client and key, watches a /v1 request live, tops up, revokes and signs out', async () => {
    const { page } = await open('dark');
    // The dashboard is served by the gateway under a same-origin Content-Security-Policy.
    const home = await page.goto(t.url, { timeout: WAIT_MS });
    expect(home?.status()).toBe(200);
    const csp = home?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    await page.getByTestId('login-username').waitFor({ state: 'visible' });
    expect(await page.title()).toMatch(/GopherGate/i);
    await screenshot(page, 'sign-in-dark');
    await signIn(page);
    await page.locator('.live-dot.live-open').waitFor({ state: 'visible' });
    expect(await page.getByTestId('whoami').textContent()).toContain('admin');

    // A client with $5 of credit.
    await visit(page, 'clients', 'client-create-name');
    await page.getByTestId('client-create-name').fill('browser-app');
    await page.getByTestId('client-create-credit').fill('5');
    await page.getByTestId('client-create-submit').click();
    const row = page.getByTestId('client-row').filter({ hasText: 'browser-app' });
    await row.waitFor({ state: 'visible' });
    expect(await row.textContent()).toContain('$5.00');
    await screenshot(page, 'clients-dark');
    await row.getByTestId('client-open').click();
    const balance = page.getByTestId('client-balance');
    await balance.waitFor({ state: 'visible' });
    expect(Number(await balance.getAttribute('data-value'))).toBe(5);
    const clientId = decodeURIComponent(/#\/clients\/([^/?]+)/.exec(page.url())?.[1] ?? '');
    expect(clientId).not.toBe('');

    // A key, revealed exactly once.
    await page.getByTestId('key-create-submit').click();
    const secretEl = page.getByTestId('key-secret');
    await secretEl.waitFor({ state: 'visible' });
    const key = (await secretEl.textContent())?.trim() ?? '';
    expect(key).toMatch(/^gg-[0-9A-Za-z]{43}$/);
    await page.getByTestId('key-row').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('key-row').first().textContent()).toContain(key.slice(0, 10));
    await screenshot(page, 'client-detail-key-reveal-dark');
    await page.getByTestId('key-secret-done').click();
    await secretEl.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);

    // The live feed shows a /v1 request as it happens, without a reload.
    await visit(page, 'overview', 'live-feed', 'attached'); // an empty list has no height
    await page.evaluate("window.__samePage = 'still-here'");
    const answer = await chat(t, key, MODEL);
    expect(answer.status).toBe(200);
    expect(answer.body.choices?.[0]?.message?.content).toEqual(expect.any(String));
    const liveRow = page.getByTestId('live-row').filter({ hasText: 'gpt-4o-mini' });
    await liveRow.first().waitFor({ state: 'visible' });
    const liveText = (await liveRow.first().textContent()) ?? '';
    expect(liveText).toContain('200');
    expect(liveText).toContain('browser-app');
    expect(liveText).toContain('mock-openai');
    expect(await page.evaluate('window.__samePage')).toBe('still-here');
    await screenshot(page, 'overview-dark');

    // The charge lands; the client page shows the API's balance, then a top-up moves it.
    const charged = await eventually(async () => {
      const c = await apiCall<{ balance_usd: number }>(t, admin, 'GET', `/api/clients/${encodeURIComponent(clientId)}`);
      return c.status === 200 && c.body.balance_usd < 5 ? c.body.balance_usd : null;
    }, 'the request to be charged');
    await page.goBack({ timeout: WAIT_MS });
    await balance.waitFor({ state: 'visible' });
    await eventually(async () => Number(await balance.getAttribute('data-value')) === charged, `the balance to show ${charged}`);
    await page.getByTestId('credit-amount').fill('2.5');
    await page.getByTestId('credit-note').fill('browser top-up');
    await page.getByTestId('credit-submit').click();
    await eventually(async () => Math.abs(Number(await balance.getAttribute('data-value')) - (charged + 2.5)) < 1e-6, 'the balance to grow by $2.50');
    await page.getByTestId('ledger-row').filter({ hasText: 'browser top-up' }).waitFor({ state: 'visible' });
    expect(await page.getByTestId('ledger-row').count()).toBeGreaterThanOrEqual(3); // initial, charge, credit
    await screenshot(page, 'client-detail-dark');

    // Revoking the key refuses it on /v1 at once.
    await page.getByTestId('key-row').first().getByTestId('key-revoke').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('key-row').filter({ hasText: 'revoked' }).first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('key-revoke').count()).toBe(0);
    const refused = await chat(t, key, MODEL);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'invalid_api_key' });

    // Signing out returns to the sign-in page, and the session is gone for good.
    await page.getByTestId('signout').click();
    await page.getByTestId('login-submit').waitFor({ state: 'visible' });
    await page.reload({ timeout: WAIT_MS });
    await page.getByTestId('login-username').waitFor({ state: 'visible' });
    expect(await page.getByTestId('signout').count()).toBe(0);
  }, 45_000);

  it('shows an API validation error in the error banner', async () => {
    const p = await open('dark');
    p.allowFailedResource('/api/clients', 400);
    const { page } = p;
    await p.context.addCookies([{ name: 'gg_session', value: await apiLogin(t), url: t.url }]);
    await page.goto(`${t.url}/#/clients`, { timeout: WAIT_MS });
    await page.getByTestId('client-create-name').waitFor({ state: 'visible' });
    await page.getByTestId('client-create-name').fill('x'.repeat(201));
    await page.getByTestId('client-create-submit').click();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ state: 'visible' });
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/name/i);
    expect(text).toContain('400');
    await screenshot(page, 'error-banner-dark');
    // Nothing was created.
    const list = await apiCall<{ data: Array<{ name: string }> }>(t, admin, 'GET', '/api/clients');
    expect(list.body.data.some((c) => c.name.startsWith('xxxx'))).toBe(false);
  });

  it('shows every page in the light theme (screenshots), with the route tester and a log detail', async () => {
    // Something to show: a client with a key and one logged request.
    const client = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'tour-client', credit_usd: 3 });
    expect(client.status).toBe(201);
    const created = await apiCall<{ key: string }>(t, admin, 'POST', `/api/clients/${client.body.id}/keys`, { name: 'tour' });
    expect(created.status).toBe(201);
    expect((await chat(t, created.body.key, MODEL)).status).toBe(200);

    const { page } = await open('light');
    await page.goto(t.url, { timeout: WAIT_MS });
    await page.getByTestId('login-username').waitFor({ state: 'visible' });
    await screenshot(page, 'sign-in-light');
    await signIn(page);
    expect(await page.evaluate('document.documentElement.dataset.theme ?? null')).toBeNull(); // follows the system (light) until chosen
    const light = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');

    await page.getByTestId('chart-requests').waitFor({ state: 'visible' });
    await screenshot(page, 'overview-light');
    await visit(page, 'clients', 'client-row');
    await screenshot(page, 'clients-light');
    await page.getByTestId('client-row').filter({ hasText: 'tour-client' }).getByTestId('client-open').click();
    await page.getByTestId('ledger-row').first().waitFor({ state: 'visible' });
    await screenshot(page, 'client-detail-light');
    await visit(page, 'providers', 'provider-row');
    expect(await page.getByTestId('provider-row').filter({ hasText: 'mock-openai' }).count()).toBe(1);
    expect(await page.getByTestId('provider-row').first().textContent()).not.toContain('sk-mock-key-for-browser-tests-0000');
    await screenshot(page, 'providers-light');
    await visit(page, 'models', 'model-search');
    await page.getByTestId('route-model').fill(MODEL);
    await page.getByTestId('route-submit').click();
    await page.getByTestId('route-result').filter({ hasText: 'mock-openai' }).waitFor({ state: 'visible' });
    await screenshot(page, 'models-light');
    await visit(page, 'logs', 'log-row');
    await screenshot(page, 'logs-light');
    await page.getByTestId('log-open').first().click();
    await page.getByTestId('log-detail').waitFor({ state: 'visible' });
    await screenshot(page, 'log-detail-light');
    await visit(page, 'users', 'user-row');
    await screenshot(page, 'users-light');
    await visit(page, 'sessions', 'session-row');
    await screenshot(page, 'sessions-light');
    await visit(page, 'system', 'system-version');
    await screenshot(page, 'system-light');
    // The theme toggle switches to dark.
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await eventually(async () => (await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')) !== light, 'the background to change with the theme');
    await screenshot(page, 'system-dark');
  }, 45_000);

  it('blocks an injected inline script with the CSP, and the problem tracker sees it', async () => {
    const probe = await openPage(browser); // not tracked by afterEach: its problems are the point
    try {
      await probe.page.goto(t.url, { timeout: WAIT_MS });
      await probe.page.getByTestId('login-username').waitFor({ state: 'visible' });
      expect(await probe.problems()).toEqual([]);
      await probe.page.evaluate(`(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.appendChild(s);
        console.error('deliberate console error');
      })()`);
      expect(await probe.page.evaluate('window.__injected ?? false')).toBe(false);
      const problems = await eventually(async () => {
        const p = await probe.problems();
        return p.some((x) => x.startsWith('CSP violation: script-src')) && p.some((x) => x.includes('deliberate console error')) ? p : null;
      }, 'the CSP violation and the console error to be reported');
      expect(problems.length).toBeGreaterThanOrEqual(2);
    } finally {
      await probe.context.close();
    }
  });

  it('gives a viewer a read-only dashboard with no write controls', async () => {
    const made = await apiCall(t, admin, 'POST', '/api/users', { username: 'browser-viewer', password: 'viewer-password-123', role: 'viewer' });
    expect([200, 201]).toContain(made.status);
    const client = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'viewer-visible', credit_usd: 1 });
    expect(client.status).toBe(201);
    expect((await apiCall(t, admin, 'POST', `/api/clients/${client.body.id}/keys`, {})).status).toBe(201);

    const { page } = await open('dark');
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page, 'browser-viewer', 'viewer-password-123');
    expect(await page.getByTestId('whoami').textContent()).toContain('viewer');
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-sessions').count()).toBe(0);

    await visit(page, 'clients', 'client-row');
    expect(await page.getByTestId('client-create-submit').count()).toBe(0);
    await page.getByTestId('client-row').filter({ hasText: 'viewer-visible' }).getByTestId('client-open').click();
    await page.getByTestId('key-row').first().waitFor({ state: 'visible' });
    await page.getByTestId('client-balance').waitFor({ state: 'visible' });
    for (const id of ['key-create-submit', 'key-revoke', 'credit-submit', 'client-edit-submit', 'client-delete']) {
      expect([id, await page.getByTestId(id).count()]).toEqual([id, 0]);
    }
    await screenshot(page, 'client-detail-viewer-dark');
    await visit(page, 'providers', 'provider-row');
    for (const id of ['provider-add', 'provider-test', 'provider-edit', 'provider-delete']) {
      expect([id, await page.getByTestId(id).count()]).toEqual([id, 0]);
    }
    await visit(page, 'system', 'system-version');
    expect(await page.getByTestId('system-backup').count()).toBe(0);
    await page.evaluate("window.location.hash = '#/users'");
    await page.getByText('Admins only').waitFor({ state: 'visible' });
    expect(await page.getByTestId('user-create-submit').count()).toBe(0);
  });
});
