// Swagger UI at /docs in a real browser (Debian Chromium via playwright-core): "Authorize" with a client key, then
// "Try it out" on POST /v1/chat/completions sends the prefilled example through the gateway to a mock upstream.
import type { Browser } from 'playwright-core';
import { apiCall, apiLogin, BrowserHarness, openPage } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UPSTREAM_KEY = 'sk-swagger-upstream-key-0123456789';
const SWAGGER_WAIT_MS = 20_000;

describe('Swagger UI in Chromium', () => {
  let upstream: MockUpstream;
  let t: TestApp;
  let browser: Browser;
  let key: string;
  let clientId: string;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai', { apiKey: UPSTREAM_KEY });
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({
        yaml: JSON.stringify({
          providers: [{ name: 'mock', kind: 'openai', base_url: upstream.baseUrl, api_key: UPSTREAM_KEY, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } }],
          routing: [{ match: '*', provider: 'mock' }],
        }),
      }),
    ));
    const admin = await apiLogin(t);
    const created = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'swagger-user', credit_usd: 2 });
    clientId = created.body.id;
    key = (await apiCall<{ key: string }>(t, admin, 'POST', `/api/clients/${clientId}/keys`, { name: 'swagger' })).body.key;
  }, 120_000);

  // Every page of the test: no console errors, no uncaught errors, no CSP violations.
  afterEach(async () => expect(await harness.pageProblems()).toEqual([]));

  afterAll(async () => {
    await harness.close();
    await upstream?.close();
  });

  it('authorizes with a client key and sends a chat completion with "Try it out"', async () => {
    const tracked = await openPage(browser);
    pages.push(tracked);
    const { page } = tracked;
    // Swagger UI is a 1.5 MB script rendering a large document: a busy machine needs more than the usual wait.
    tracked.context.setDefaultTimeout(SWAGGER_WAIT_MS);
    const res = await page.goto(`${t.url}/docs`, { timeout: SWAGGER_WAIT_MS });
    expect(res?.status()).toBe(200);

    // Authorize: the client-key bearer scheme.
    await page.locator('button.authorize').first().click();
    const scheme = page.locator('.auth-container').filter({ hasText: 'client-key (http, Bearer)' });
    await scheme.locator('input').fill(key);
    await scheme.getByRole('button', { name: 'Apply credentials' }).click();
    await scheme.getByRole('button', { name: 'Remove authorization' }).waitFor({ state: 'visible' });
    await page.locator('.modal-ux button.btn-done').first().click();

    // The operation, "Try it out" with the first example as it is, "Execute".
    const op = page.locator('#operations-v1-ChatController_create');
    await op.locator('.opblock-summary').click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    const body = op.locator('textarea.body-param__text');
    await body.waitFor({ state: 'visible' });
    expect(JSON.parse(await body.inputValue())).toMatchObject({ model: 'gpt-4o-mini', messages: [expect.objectContaining({ role: 'system' }), expect.objectContaining({ role: 'user' })] });
    await op.getByRole('button', { name: 'Execute' }).click();

    const live = op.locator('.live-responses-table tr.response');
    await live.locator('.response-col_status').first().waitFor({ state: 'visible' });
    expect((await live.locator('.response-col_status').first().textContent())?.trim()).toBe('200');
    const answer = await live.locator('.response-col_description .microlight').first().textContent();
    expect(JSON.parse(answer ?? '{}')).toMatchObject({ object: 'chat.completion', usage: { cost: expect.any(Number) } });
    // the response headers Swagger UI lists under the body
    expect((await live.locator('.response-col_description').first().textContent()) ?? '').toContain('x-gophergate-overhead-ms');

    // It went through the gateway with the key: the upstream got it, with the provider's key, not the client's.
    expect(upstream.requests.map((r) => [r.path, r.headers.authorization])).toEqual([['/v1/chat/completions', `Bearer ${UPSTREAM_KEY}`]]);
    const logs = await apiCall<{ data: Array<{ client_id: string; status: number }> }>(t, await apiLogin(t), 'GET', `/api/logs?client_id=${clientId}`);
    expect(logs.body.data.map((l) => l.status)).toEqual([200]);
  }, 90_000);
});
