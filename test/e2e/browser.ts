// Browser-test plumbing: Debian's Chromium driven by playwright-core (no downloaded browsers),
// and the real app listening on a random port over a private database.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { buildApp } from '../../src/server/app';
import { systemClock } from '../../src/server/platform/clock';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../harness';

export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));

if (!chromiumPath) {
  const msg = [
    '',
    '!'.repeat(78),
    '!! BROWSER TESTS NOT RUN: Chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium).',
    '!! Install it:  sudo apt-get install -y chromium fonts-noto-cjk   (or set CHROMIUM_PATH)',
    '!'.repeat(78),
    '',
  ].join('\n');
  if (process.env.E2E_REQUIRED === '1') throw new Error(`E2E_REQUIRED=1 but Chromium is missing.${msg}`);
  console.warn(msg);
}

/** describe() that runs only when a browser is available (and fails loudly under E2E_REQUIRED). */
export const describeBrowser = chromiumPath ? describe : describe.skip;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface E2eServer {
  env: TestEnv;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real app (built UI + API) on a private database, listening on 127.0.0.1. */
export async function startE2eServer(): Promise<E2eServer> {
  const webDistDir = path.resolve(import.meta.dirname, '../../dist/web');
  if (!fs.existsSync(path.join(webDistDir, 'index.html'))) throw new Error('dist/web is missing: run `npm run build` (npm test does it for you)');
  const env = await createTestEnv();
  // The browser runs in real time: use the system clock and the built UI.
  await env.app.close();
  const app = await buildApp({ config: { ...env.config, webDistDir }, db: env.db, clock: systemClock });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      env.app = app;
      await env.close();
    },
  };
}

/** A fresh context as a clerk in China has it: zh-CN, Beijing time, a desktop screen, downloads on. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Fills and submits the sign-in form; what follows (home, password change, MFA) is the test's. */
export async function submitSignIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A new page signed in as a user whose password is the harness's TEST_PASSWORD, on the home page. */
export async function openSignedIn(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  const page = await newPage(browser);
  await submitSignIn(page, baseUrl, username, TEST_PASSWORD);
  await page.getByTestId('home-greeting').waitFor();
  return page;
}

/**
 * Opens the antd Select whose input has this id (form name + field path), picks an option by title
 * and waits until the list has closed, so it cannot catch the next click while fading out. A click
 * that lands while the list is still opening can be lost; then the list is closed and tried again.
 */
export async function choose(page: Page, id: string, option: string | RegExp): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    await page.locator(`.ant-select:has(#${id})`).click();
    await open.getByTitle(option, { exact: true }).click();
    try {
      await open.first().waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await open.first().waitFor({ state: 'hidden' });
    }
  }
}
