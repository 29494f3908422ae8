// The provider form pre-fills each kind's base URL from the API (the adapters' defaults), not from a table of its own.
import type { Browser } from 'playwright-core';
import { apiLogin, BrowserHarness, eventually, openPage, WAIT_MS } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('provider form defaults in Chromium (issue 12, item 5)', () => {
  let t: TestApp;
  let browser: Browser;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  beforeAll(async () => {
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({}),
    ));
  }, 120_000);

  // Every page of the test: no console errors, no uncaught errors, no CSP violations.
  afterEach(async () => expect(await harness.pageProblems()).toEqual([]));

  afterAll(async () => {
    await harness.close();
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
