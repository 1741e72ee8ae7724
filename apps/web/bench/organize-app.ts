// The app as the organize bench drives it from Node: a signed-in tab with the WebSocket tap and the page
// helpers installed, folders opened from the tree, and the page's clock for times taken in Node.

import type { Browser, Page } from 'playwright-core';
import { ORGANIZE_HELPERS, type OrganizePage } from './organize-page.ts';
import { WS_TAP } from './ws-tap.ts';

export const log = (text: string) => process.stderr.write(`${text}\n`);
export const ms = (n: number) => n.toFixed(1);

/** Quiet time before each action: the app back in IDLE, its recounts done. */
export const SETTLE_MS = 400;

/** Signs in through the form; resolves once INBOX's rows are shown and the list is quiet. */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  user: { name: string; password: string },
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  // Before the app's code, so that its WebSocket is the tapped one.
  await page.addInitScript(WS_TAP);
  await page.goto(appUrl);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(
    () =>
      document.querySelector('#message-pane-heading')?.textContent === 'Inbox' &&
      document.querySelector('[role="listbox"] [role="option"][data-uid]') !== null,
  );
  // CDP evaluation, which the app's CSP (script-src 'self') does not govern
  await page.evaluate(ORGANIZE_HELPERS);
  await settled(page);
  return page;
}

/** Resolves once the list has its order and no progress bar shows, after SETTLE_MS more. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') !== 'true' &&
      document.querySelector('.progress-slot [role="progressbar"]') === null,
    undefined,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(SETTLE_MS);
}

/** Clicks the folder in the tree; resolves once its rows (or its empty state) are shown and it is quiet. */
export async function openFolder(page: Page, path: string): Promise<void> {
  await page.locator(`[role="treeitem"][data-path="${path}"]`).click();
  await page.waitForFunction(
    (folder) =>
      document.querySelector('#message-pane-heading')?.textContent === folder &&
      (document.querySelector('[role="listbox"] [role="option"][data-uid]') !== null ||
        document.querySelector('.state.empty') !== null),
    path,
    { timeout: 120_000 },
  );
  await settled(page);
}

/** Node's performance.now() -> the page's, from a page read bracketed by two of Node's. */
export async function pageClock(
  page: Page,
): Promise<{ toPage: (nodeTime: number) => number; error: number }> {
  const before = performance.now();
  const pageNow = await page.evaluate(() => performance.now());
  const after = performance.now();
  const delta = pageNow - (before + after) / 2;
  return { toPage: (nodeTime) => nodeTime + delta, error: (after - before) / 2 };
}

/** The page helpers (organize-page.ts), called from Node. */
export function inPage(page: Page) {
  return {
    flag: (uid: number, want: boolean) =>
      page.evaluate((a) => (window as unknown as Helpers).__organize.flag(a.uid, a.want), { uid, want }),
    search: (word: string, trigger: 'enter' | 'input', timeoutMs: number) =>
      page.evaluate((a) => (window as unknown as Helpers).__organize.search(a.word, a.trigger, a.timeoutMs), {
        word,
        trigger,
        timeoutMs,
      }),
    clearSearch: (count: number) =>
      page.evaluate((n) => (window as unknown as Helpers).__organize.clearSearch(n), count),
    watchArrival: (subject: string, timeoutMs: number) =>
      page.evaluate((a) => (window as unknown as Helpers).__organize.watchArrival(a.subject, a.timeoutMs), {
        subject,
        timeoutMs,
      }),
    arrived: () => page.evaluate(() => (window as unknown as Helpers).__organize.arrived()),
    move: (folder: string, timeoutMs: number) =>
      page.evaluate((a) => (window as unknown as Helpers).__organize.move(a.folder, a.timeoutMs), {
        folder,
        timeoutMs,
      }),
  };
}

interface Helpers {
  __organize: OrganizePage;
}
