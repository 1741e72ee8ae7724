// Issue 17: with the proxy down, a reload still starts: the service worker serves the app's own files, the
// session comes back from the tab's sealed copy, and the list and the messages read before show from the
// mirror, marked offline, until the proxy is back. Chromium against the real proxy (stopped and started again
// on the same port: a refused connection, as when it is down) and a Dovecot of the suite's own.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openMessage, waitForMessage } from './support/app.ts';
import {
  ROW,
  freshProfile,
  heading,
  mirrorWritten,
  pageNow,
  signInAt,
  signInShown,
  startRememberMailbox,
  type RememberMailbox,
} from './support/remember.ts';

const STANDUP = 'Stand-up moved to 10:30 today';
const OFFLINE = '[data-offline]';

describe('a start with the proxy down', () => {
  let mailbox: RememberMailbox;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mailbox = await startRememberMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  afterEach(async () => {
    await context?.close();
    await mailbox?.proxy.start();
  });

  it('shows the kept list and a message read before, marked offline, until the proxy is back', async () => {
    context = await freshProfile(mailbox.browser);
    page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user);
    const since = await pageNow(page);
    const uid = await openMessage(page, { subject: STANDUP });
    await mirrorWritten(page, since, 'body');
    await mirrorWritten(page, since, 'list');
    // The service worker keeps the app's files and serves this page from now on.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      polling: 100,
    });
    const rows = await page.locator(ROW).count();
    expect(await page.locator(OFFLINE).count()).toBe(0);

    await mailbox.proxy.stop();
    await page.reload();
    await page.locator(OFFLINE).waitFor();
    expect(await page.locator(OFFLINE).innerText()).toContain(
      'Offline: this is the mail kept on this device.',
    );
    await page.locator(ROW).first().waitFor();
    expect(await signInShown(page)).toBe(false);
    expect(await heading(page)).toBe('Inbox');
    expect(await page.locator(ROW).count()).toBe(rows);
    // The message open at the reload is the address's, and opens from the device.
    await waitForMessage(page, uid);

    await mailbox.proxy.start();
    await page.locator(OFFLINE).waitFor({ state: 'detached' });
    await waitForMessage(page, uid);
    expect(await page.locator(ROW).count()).toBe(rows);
  });
});
