// The routing views of the dashboard in Chromium: deployments and keys on the providers page, the route explainer.
import type { Browser } from 'playwright-core';
import { apiLogin, BrowserHarness, eventually, openPage, signIn, visit, WAIT_MS } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('dashboard routing views in Chromium', () => {
  let east: MockUpstream;
  let west: MockUpstream;
  let t: TestApp;
  let browser: Browser;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  beforeAll(async () => {
    east = await startMockUpstream('openai');
    west = await startMockUpstream('openai');
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({
        yaml: JSON.stringify({
          billing: { unpriced_models: 'free' },
          providers: [
            { name: 'east', kind: 'openai', base_url: east.baseUrl, api_keys: [{ key: 'sk-east-key-one-000000' }, { key: 'sk-east-key-two-000000', rpm: 100 }] },
            { name: 'west', kind: 'openai', base_url: west.baseUrl, api_key: 'sk-west-key-0000000000' },
          ],
          routing: [{ match: 'gpt-4o*', targets: [{ provider: 'east', weight: 3 }, { provider: 'west', weight: 1 }], strategy: 'weighted' }],
          aliases: { fast: 'gpt-4o-mini' },
        }),
      }),
    ));
    await apiLogin(t);
  }, 120_000);

  // Every page of the test: no console errors, no uncaught errors, no CSP violations.
  afterEach(async () => expect(await harness.pageProblems()).toEqual([]));

  afterAll(async () => {
    await harness.close();
    await east?.close();
    await west?.close();
  });

  it('shows each deployment and key with its state, and explains an alias route with its targets and strategy', async () => {
    const tracked = await openPage(browser);
    pages.push(tracked);
    const { page } = tracked;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    await visit(page, 'providers', 'routing-row');
    const rows = page.getByTestId('routing-row');
    await eventually(async () => (await rows.count()) >= 4, 'deployment and key rows');
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toContain('east');
    expect(text).toContain('key2 ••••0000');
    expect(text).toContain('0/100 rpm');
    expect(text).not.toContain('sk-east-key');
    expect(await page.getByTestId('routing-aliases').textContent()).toContain('fast → gpt-4o-mini');

    await visit(page, 'models', 'model-search');
    await page.getByTestId('route-model').fill('fast');
    await page.getByTestId('route-submit').click();
    await page.getByTestId('route-result').waitFor();
    expect(await page.getByTestId('route-strategy').textContent()).toMatch(/alias of gpt-4o-mini · strategy weighted/);
    const candidates = await page.getByTestId('route-candidate').allTextContents();
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toMatch(/1 \(target\)east3gpt-4o-mini/);
    expect(candidates[1]).toMatch(/2 \(target\)west1gpt-4o-mini/);
  }, 90_000);
});
