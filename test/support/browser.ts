// Browser-test support: the dashboard build, Debian's Chromium driven by playwright-core, and page problem tracking.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TEST_ADMIN, jsonOrText, type TestApp } from './test-app.js';

const root = new URL('../..', import.meta.url).pathname;
export const SCREENSHOT_DIR = join(root, 'test-artifacts', 'screenshots');
/** Every wait in a browser test is bounded by this (ms). */
export const WAIT_MS = 5000;

function newest(dir: string, depth = 0): number {
  if (!existsSync(dir) || depth > 8) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path, depth + 1) : statSync(path).mtimeMs);
  }
  return latest;
}

const mtime = (path: string): number => (existsSync(path) ? statSync(path).mtimeMs : 0);

/**
 * Builds the dashboard (vite → dist/web) when it is missing or older than web/ — the web half of
 * `node scripts/build.mjs --if-stale`, without rebuilding the server's dist/ that other test runs may be using.
 */
export function ensureWebBuilt(): void {
  const stamp = join(root, 'dist', 'web', 'index.html');
  const inputs = ['package.json', 'package-lock.json'].map((f) => mtime(join(root, f)));
  if (mtime(stamp) >= Math.max(newest(join(root, 'web')), ...inputs)) return;
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    timeout: 120_000,
  });
}

/** Headless Debian Chromium with a fresh temporary profile (playwright creates and removes it). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and CSP violations seen so far (minus the allowed ones). */
  problems(): Promise<string[]>;
  /** Accept `Failed to load resource` console errors for this status on URLs containing `path` (an API error the test provokes). */
  allowFailedResource(path: string, status: number): void;
}

/**
 * A new browser context (own cookies and storage) and page, recording every console error, page error and
 * Content-Security-Policy violation. Chrome logs every non-2xx fetch as a console error, so those are only
 * accepted when allowed: the signed-out `/api/auth/me` probe (401) always, others per test.
 */
export async function openPage(browser: Browser, options: { theme?: 'dark' | 'light' } = {}): Promise<TrackedPage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, colorScheme: options.theme ?? 'dark', bypassCSP: false });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  // Runs before the app's scripts (through the debugger protocol, so the CSP does not block it).
  await page.addInitScript({
    content:
      'window.__cspViolations = [];' +
      "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)')));",
  });
  const allowed: Array<{ path: string; status: number }> = [{ path: '/api/auth/me', status: 401 }];
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = msg.location().url ?? '';
    const failed = /^Failed to load resource: the server responded with a status of (\d+)/.exec(text);
    if (failed && allowed.some((a) => a.status === Number(failed[1]) && url.includes(a.path))) return;
    seen.push(`console.error: ${text}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => seen.push(`pageerror: ${err.message}`));
  return {
    context,
    page,
    allowFailedResource: (path, status) => allowed.push({ path, status }),
    async problems() {
      let csp: string[] = [];
      if (!page.isClosed()) {
        csp = await page.evaluate<string[]>('window.__cspViolations ?? []').catch(() => []);
      }
      return [...seen, ...csp.map((v) => `CSP violation: ${v}`)];
    },
  };
}

/**
 * One browser suite's app and Chromium, started together (both kept even if one fails, so close() stops the other),
 * and the pages its tests track: after each test, pageProblems() collects what they saw and closes them.
 */
export class BrowserHarness {
  app: TestApp | undefined;
  browser: Browser | undefined;
  readonly pages: TrackedPage[] = [];

  async start(startApp: () => Promise<TestApp>): Promise<{ app: TestApp; browser: Browser }> {
    ensureWebBuilt();
    const [app, chromium] = await Promise.allSettled([startApp(), launchBrowser()]);
    if (app.status === 'fulfilled') this.app = app.value;
    if (chromium.status === 'fulfilled') this.browser = chromium.value;
    if (app.status === 'rejected') throw app.reason;
    if (chromium.status === 'rejected') throw chromium.reason;
    return { app: app.value, browser: chromium.value };
  }

  /** Every tracked page's console errors, page errors and CSP violations; the pages are closed. */
  async pageProblems(): Promise<string[]> {
    const problems: string[] = [];
    for (const p of this.pages.splice(0)) {
      problems.push(...(await p.problems()));
      await p.context.close().catch(() => undefined);
    }
    return problems;
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.app?.close();
  }
}

/** Fills the sign-in form and waits for the signed-in shell. */
export async function signIn(page: Page, username = TEST_ADMIN.username, password = TEST_ADMIN.password): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('signout').waitFor({ state: 'visible' });
}

/** Goes to a page through the sidebar and waits for `ready` (a test id on that page) to be visible (or only attached). */
export async function visit(page: Page, nav: string, ready: string, state: 'visible' | 'attached' = 'visible'): Promise<void> {
  await page.getByTestId(`nav-${nav}`).click();
  await page.waitForFunction(`window.location.hash === '#/${nav}'`, undefined, { timeout: WAIT_MS });
  await page.getByTestId(ready).first().waitFor({ state });
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', timeout: WAIT_MS });
  return path;
}

/** Polls `probe` until it returns a truthy value, at most `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A session token for API calls the test makes itself (e.g. creating users). */
export async function apiLogin(t: TestApp, username = TEST_ADMIN.username, password = TEST_ADMIN.password): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}

/** One admin-API call with a bearer session token; returns status and parsed body. */
export async function apiCall<T = unknown>(t: TestApp, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: jsonOrText(text) as T, text };
}

/** A /v1/chat/completions call with a client key, as an SDK would make it. */
export async function chat(t: TestApp, key: string, model: string): Promise<{ status: number; body: any; requestId: string | null }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${t.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello from the browser test.' }], max_tokens: 32 }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: jsonOrText(await res.text()), requestId: res.headers.get('x-request-id') };
}

