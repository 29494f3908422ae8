// Budgets, webhooks and alert notices in the dashboard (Debian Chromium via playwright-core) against the real app.
import type { Browser } from 'playwright-core';
import { apiCall, apiLogin, BrowserHarness, chat, eventually, openPage, signIn, visit, WAIT_MS } from '../support/browser.js';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startReceiver, type Receiver } from '../e2e/billing/support/webhook-receiver.js';

const MODEL = 'mock-openai/gpt-4o-mini';

describe('budgets and webhooks in Chromium', () => {
  let upstream: MockUpstream;
  let receiver: Receiver;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  const harness = new BrowserHarness();
  const pages = harness.pages;

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    receiver = await startReceiver();
    ({ app: t, browser } = await harness.start(() =>
      startTestApp({
        yaml: [
          'providers:',
          '  - name: mock-openai',
          '    kind: openai',
          `    base_url: ${upstream.baseUrl}`,
          '    api_key: sk-mock-key-for-browser-tests-0000',
          '    pricing: { "gpt-4o-mini": { input: 0.15, output: 0.6 } }',
          'alerts: { retry_backoff_seconds: [1], poll_ms: 100 }',
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
    await receiver?.close();
  });

  it('shows budget bars for a client and its key (spend against the limit, reset time) and edits the client budget', async () => {
    const client = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'budgeted-co', credit_usd: 5, budget: { limit_usd: 1, period: 'day' } });
    const key = await apiCall<{ key: string }>(t, admin, 'POST', `/api/clients/${client.body.id}/keys`, { name: 'limited', budget: { limit_usd: 0.5, period: 'month' } });
    expect((await chat(t, key.body.key, MODEL)).status).toBe(200);

    const p = await openPage(browser);
    pages.push(p);
    const { page } = p;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    await page.goto(`${t.url}/#/clients/${client.body.id}`, { timeout: WAIT_MS });
    const bar = page.getByTestId('client-budget-bar');
    await bar.waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await bar.getAttribute('data-limit')).toBe('1');
    expect(Number(await bar.getAttribute('data-spend'))).toBeGreaterThan(0);
    expect(await bar.textContent()).toMatch(/of \$1(\.00)? per day.*resets/);
    const keyBar = page.getByTestId('key-budget-bar');
    await keyBar.waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await keyBar.getAttribute('data-limit')).toBe('0.5');
    expect(await keyBar.textContent()).toMatch(/per month/);

    await page.getByTestId('budget-limit').fill('2');
    await page.getByTestId('budget-period').selectOption('week');
    await page.getByTestId('budget-save').click();
    await eventually(async () => (await bar.getAttribute('data-limit')) === '2', 'the saved limit on the bar');
    expect(await bar.textContent()).toMatch(/per week/);
    const stored = await apiCall<{ budget: { limit_usd: number; period: string } }>(t, admin, 'GET', `/api/clients/${client.body.id}`);
    expect(stored.body.budget).toMatchObject({ limit_usd: 2, period: 'week' });
  });

  it('adds a webhook, sends a test event, lists its delivery and shows the alert as a notice', async () => {
    const p = await openPage(browser);
    pages.push(p);
    const { page } = p;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    await visit(page, 'webhooks', 'webhook-url');
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-secret').fill('browser-test-secret-123');
    await page.getByTestId('webhook-create').click();
    const card = page.getByTestId('webhook-card').filter({ hasText: receiver.url });
    await card.waitFor({ state: 'visible', timeout: WAIT_MS });
    await card.getByTestId('webhook-test').click();
    await page.getByTestId('alert-notice').filter({ hasText: 'Test event' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await receiver.waitFor((r) => r.some((x) => x.body.type === 'webhook.test'), WAIT_MS, 'the test event at the receiver');
    await eventually(async () => {
      await card.getByTestId('webhook-refresh').click();
      const row = card.getByTestId('delivery-row').first();
      return (await row.count()) > 0 && /delivered/.test((await row.textContent()) ?? '');
    }, 'a delivered row in the deliveries list');
    const hooks = await apiCall<{ data: Array<{ url: string; secret_set: boolean }> }>(t, admin, 'GET', '/api/webhooks');
    expect(hooks.text).not.toContain('browser-test-secret-123');
    expect(hooks.body.data.find((h) => h.url === receiver.url)?.secret_set).toBe(true);
  });

  it('filters the logs by tag and breaks usage down by tag', async () => {
    const client = await apiCall<{ id: string }>(t, admin, 'POST', '/api/clients', { name: 'tagged-co', credit_usd: 5 });
    const key = await apiCall<{ key: string }>(t, admin, 'POST', `/api/clients/${client.body.id}/keys`, { name: 'k' });
    const send = async (tags?: string) => {
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.body.key}`, 'content-type': 'application/json', ...(tags ? { 'x-gophergate-tags': tags } : {}) },
        body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
        signal: AbortSignal.timeout(WAIT_MS),
      });
      await res.text();
      return res.headers.get('x-request-id');
    };
    const tagged = await send('team-blue,checkout');
    await send();
    const p = await openPage(browser);
    pages.push(p);
    const { page } = p;
    await page.goto(t.url, { timeout: WAIT_MS });
    await signIn(page);
    await visit(page, 'logs', 'logs-tag');
    await page.getByTestId('logs-tag').fill('team-blue');
    await page.getByTestId('logs-apply').click();
    await eventually(async () => {
      const rows = page.getByTestId('log-open');
      if ((await rows.count()) !== 1) return false;
      return (await page.getByText('team-blue, checkout').count()) === 1;
    }, 'one log row with the tag');
    expect(tagged).toBeTruthy();
    await visit(page, 'overview', 'usage-group', 'attached');
    await page.getByTestId('usage-group').selectOption('tag');
    await eventually(async () => (await page.getByText('team-blue', { exact: true }).count()) > 0, 'the tag in the usage breakdown');
  });
});
