// The provider form pre-fills each kind's base URL from the API (the adapters' defaults), not from a table of its own.
import type { Browser } from 'playwright-core';
import { apiLogin, ensureWebBuilt, eventually, launchBrowser, openPage, WAIT_MS, type TrackedPage } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('provider form defaults in Chromium (issue 12, item 5)', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    const [app, chromium] = await Promise.allSettled([startTestApp({}), launchBrowser()]);
    if (app.status === 'fulfilled') t = app.value;
    if (chromium.status === 'fulfilled') browser = chromium.value;
    if (app.status === 'rejected') throw app.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
  }, 120_000);

  afterEach(async () => {
    const problems: string[] = [];
    for (const p of pages.splice(0)) {
      problems.push(...(await p.problems()));
      await p.context.close().catch(() => undefined);
    }
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('pre-fills the URL the API gives for the chosen kind (Anthropic and Gemini without their version path)', async () => {
    const p = await openPage(browser, { theme: 'dark' });
    pages.push(p);
    const { page } = p;
    await p.context.addCookies([{ name: 'gg_session', value: await apiLogin(t), url: t.url }]);
    await page.goto(`${t.url}/#/providers`, { timeout: WAIT_MS });
    await page.getByTestId('provider-add').click();
    const kind = page.getByTestId('provider-kind');
    const url = page.getByTestId('provider-base-url');
    await kind.waitFor({ state: 'visible' });
    for (const [k, expected] of [['anthropic', 'https://api.anthropic.com'], ['gemini', 'https://generativelanguage.googleapis.com'], ['ollama', 'http://127.0.0.1:11434'], ['openai', 'https://api.openai.com/v1']]) {
      await kind.selectOption(k);
      // polled from the test side: the dashboard's CSP forbids the eval a string predicate would need
      await eventually(async () => (await url.inputValue()) === expected, `base URL ${expected} for ${k}`);
      expect([k, await url.inputValue()]).toEqual([k, expected]);
    }
  });

  it('takes the defaults from GET /api/providers/kinds (no copy in the page)', async () => {
    const p = await openPage(browser, { theme: 'dark' });
    pages.push(p);
    const { page } = p;
    await page.route('**/api/providers/kinds', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: [{ kind: 'anthropic', default_base_url: 'https://anthropic.internal.example', presets: [] }] }) }),
    );
    await p.context.addCookies([{ name: 'gg_session', value: await apiLogin(t), url: t.url }]);
    await page.goto(`${t.url}/#/providers`, { timeout: WAIT_MS });
    const kindsAnswered = page.waitForResponse((r) => r.url().endsWith('/api/providers/kinds'), { timeout: WAIT_MS });
    await page.getByTestId('provider-add').click();
    await kindsAnswered;
    await page.getByTestId('provider-kind').waitFor({ state: 'visible' });
    await page.getByTestId('provider-kind').selectOption('anthropic');
    await page.waitForFunction(`document.querySelector('[data-testid="provider-base-url"]')?.value === 'https://anthropic.internal.example'`, undefined, { timeout: WAIT_MS });
    expect(await page.getByTestId('provider-base-url').inputValue()).toBe('https://anthropic.internal.example');
  });
});
