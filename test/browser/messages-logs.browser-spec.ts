// The logs view and the live feed show each request's /v1 surface, and the logs filter by it (Chromium, real app).
import type { Browser } from 'playwright-core';
import { apiCall, apiLogin, chat, ensureWebBuilt, eventually, launchBrowser, openPage, signIn, visit, WAIT_MS, type TrackedPage } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the surface in the dashboard (Chromium)', () => {
  let ant: MockUpstream;
  let oa: MockUpstream;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    ant = await startMockUpstream('anthropic');
    oa = await startMockUpstream('openai');
    const [app, chromium] = await Promise.allSettled([
      startTestApp({
        yaml: JSON.stringify({
          providers: [
            { name: 'ant', kind: 'anthropic', base_url: ant.baseUrl, api_key: 'sk-ant-browser-0000', pricing: { 'claude-sonnet-4-5': { input: 3, output: 15 } } },
            { name: 'oa', kind: 'openai', base_url: oa.baseUrl, api_key: 'sk-oa-browser-0000', pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } },
          ],
          routing: [{ match: 'claude-*', provider: 'ant' }, { match: 'gpt-*', provider: 'oa' }],
        }),
      }),
      launchBrowser(),
    ]);
    if (app.status === 'fulfilled') t = app.value;
    if (chromium.status === 'fulfilled') browser = chromium.value;
    if (app.status === 'rejected') throw app.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
    admin = await apiLogin(t);
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
