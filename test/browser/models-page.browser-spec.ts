// The dashboard's models page with the full bundled catalog (526 models + config-only ones) in Chromium.
import type { Browser } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, openPage, screenshot, signIn, visit, WAIT_MS, type TrackedPage } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PAGE_ROWS = 50;

describe('the models page with 500+ models, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let tracked: TrackedPage | undefined;

  beforeAll(async () => {
    ensureWebBuilt();
    const [app, chromium] = await Promise.allSettled([
      startTestApp({ yaml: ['providers:', '  - { name: google, kind: gemini, base_url: "http://127.0.0.1:9/v1beta", api_key: test-key }'].join('\n') }),
      launchBrowser(),
    ]);
    if (app.status === 'fulfilled') t = app.value;
    if (chromium.status === 'fulfilled') browser = chromium.value;
    if (app.status === 'rejected') throw app.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
  }, 120_000);

  afterAll(async () => {
    if (tracked) {
      const problems = await tracked.problems();
      await tracked.context.close().catch(() => undefined);
      expect(problems).toEqual([]);
    }
    await browser?.close();
    await t?.close();
  });

  it('pages, searches and filters the whole catalog while keeping the table to one page of rows', async () => {
    tracked = await openPage(browser, { theme: 'light' });
    const { page } = tracked;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    const started = Date.now();
    await visit(page, 'models', 'model-row');
    const firstPaintMs = Date.now() - started;
    const rows = page.getByTestId('model-row');
    const title = page.getByTestId('model-catalog').locator('h2');
    const info = page.getByTestId('model-page-info');

    // everything is there, one page at a time
    expect(await title.textContent()).toMatch(/Catalog \((52\d) of \1\)/);
    expect(await rows.count()).toBe(PAGE_ROWS);
    expect(await info.textContent()).toMatch(/^Page 1 of 11$/);
    const firstOfPage1 = await rows.first().textContent();
    await page.getByTestId('model-page-next').click();
    await page.waitForFunction("document.querySelector('[data-testid=model-page-info]')?.textContent === 'Page 2 of 11'", undefined, { timeout: WAIT_MS });
    expect(await rows.count()).toBe(PAGE_ROWS);
    expect(await rows.first().textContent()).not.toBe(firstOfPage1);
    await page.getByTestId('model-page-prev').click();
    await page.waitForFunction("document.querySelector('[data-testid=model-page-info]')?.textContent === 'Page 1 of 11'", undefined, { timeout: WAIT_MS });

    // search narrows at once (timed in the page: from the input event to the table showing the match)
    const searchMs = await page.evaluate<number>(`(async () => {
      const input = document.querySelector('[data-testid=model-search]');
      const t0 = performance.now();
      input.value = 'gemini-2.5-pro';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      for (let i = 0; i < 200; i++) {
        const all = [...document.querySelectorAll('[data-testid=model-row]')];
        if (all.length > 0 && all.every((r) => r.textContent.includes('gemini-2.5-pro'))) return performance.now() - t0;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      throw new Error('the search did not narrow the table');
    })()`);
    expect(searchMs).toBeLessThan(500);
    const pro = rows.filter({ has: page.locator('td:first-child', { hasText: /^gemini-2\.5-pro$/ }) }).filter({ has: page.locator('td:nth-child(2)', { hasText: /^google$/ }) });
    await pro.waitFor({ state: 'visible' });
    // its long-context tier shows under the base price: 1.25 / 10, and 2.50 / 15 above 200K prompt tokens
    expect(await pro.getByTestId('model-tier').allTextContents()).toEqual([expect.stringMatching(/2\.50?\D.*200(\.0)?k/i), expect.stringMatching(/15(\.00?)?\D.*200(\.0)?k/i)]);
    expect(await page.getByTestId('model-page-info').count()).toBe(0); // one page: no pager
    await screenshot(page, 'models-search-light');

    // provider filter: only what google lists or serves
    await page.getByTestId('model-search').fill('');
    await page.getByTestId('model-provider').selectOption('google');
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=model-row]')].every((r) => r.textContent.includes('google'))", undefined, { timeout: WAIT_MS });
    const googleRows = await rows.allTextContents();
    expect(googleRows.length).toBeGreaterThan(10);
    expect(googleRows.every((r) => r.includes('google'))).toBe(true);

    // free vs unknown: an explicit zero price is free; no price at all is unknown
    await page.getByTestId('model-provider').selectOption('');
    await page.getByTestId('model-price').selectOption('free');
    await rows.filter({ hasText: 'qwen/qwen3-coder:free' }).first().waitFor({ state: 'visible' });
    expect((await rows.allTextContents()).every((r) => r.includes('free'))).toBe(true);
    await page.getByTestId('model-price').selectOption('unknown');
    await rows.filter({ hasText: 'gpt-image-1' }).first().waitFor({ state: 'visible' });
    expect((await rows.allTextContents()).every((r) => r.includes('unknown'))).toBe(true);

    // the page never renders more than one page of rows, and came up promptly
    expect(await page.evaluate<number>("document.querySelectorAll('tr').length")).toBeLessThanOrEqual(PAGE_ROWS + 10);
    expect(firstPaintMs).toBeLessThan(WAIT_MS);
  });
});
