// The logs view and the live feed show each request's /v1 surface, and the logs filter by it (Chromium, real app).
import type { Browser } from 'playwright-core';
import { apiCall, apiLogin, BrowserHarness, chat, eventually, openPage, signIn, visit, WAIT_MS } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the surface in the dashboard (Chromium)', () => {
  let ant: MockUpstream;
  let oa: MockUpstream;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  beforeAll(async () => {
    ant = await startMockUpstream('anthropic');
    oa = await startMockUpstream('openai');
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({
        yaml: JSON.stringify({
          providers: [
            { name: 'ant', kind: 'anthropic', base_url: ant.baseUrl, api_key: 'sk-ant-browser-0000', pricing: { 'claude-sonnet-4-5': { input: 3, output: 15 } } },
            { name: 'oa', kind: 'openai', base_url: oa.baseUrl, api_key: 'sk-oa-browser-0000', pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } },
          ],
          routing: [{ match: 'claude-*', provider: 'ant' }, { match: 'gpt-*', provider: 'oa' }],
        }),
      }),
    ));
    admin = await apiLogin(t);
  }, 120_000);

  // Every page of the test: no console errors, no uncaught errors, no CSP violations.
  afterEach(async () => expect(await harness.pageProblems()).toEqual([]));

  afterAll(async () => {
    await harness.close();
    await ant?.close();
    await oa?.close();
  });

  it('shows a Messages request live and in the logs, and the surface filter keeps only it', async () => {
    const client = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'surface-app', credit_usd: 5 });
    const key = (await apiCall<{ key: string }>(t, admin, 'POST', `/api/clients/${client.body.id}/keys`, { name: 'k' })).body.key;
    const tracked = await openPage(browser);
    pages.push(tracked);
    const { page } = tracked;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    await page.locator('.live-dot.live-open').waitFor({ state: 'visible' });

    const res = await fetch(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(res.status).toBe(200);
    await page.getByTestId('live-surface').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await page.getByTestId('live-surface').first().textContent()).toContain('messages');
    expect((await chat(t, key, 'gpt-4o-mini')).status).toBe(200);

    await eventually(async () => (await apiCall<{ data: unknown[] }>(t, admin, 'GET', '/api/logs')).body.data.length >= 2, 'both requests to be logged');
    await visit(page, 'logs', 'log-row');
    await eventually(async () => (await page.getByTestId('log-surface').allTextContents()).sort().join(',') === 'chat,messages', 'both surfaces in the logs');
    await page.getByTestId('logs-surface').selectOption('messages');
    await page.getByTestId('logs-apply').click();
    await eventually(async () => (await page.getByTestId('log-surface').allTextContents()).join(',') === 'messages', 'only the Messages request');
  });
});
