// Layout in Chromium: three panes side by side on a desktop; one pane at a time on a phone, with the Folders and
// Back buttons and the browser's Back button moving between them; the dark theme follows prefers-color-scheme.
// The message opened here is one already read, so the shared Dovecot's flags stay as the corpus has them.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { buildCorpus } from '@webmail/testbed';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { signIn } from './support/app.ts';

const visible = (page: Page, selector: string): Promise<boolean> => page.locator(selector).isVisible();

describe('the layout', () => {
  let browser: Browser;
  let context: BrowserContext;
  const readMessage = buildCorpus().find((m) => m.id === 'gbk-b-subject');

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows folders, messages and the reading pane side by side on a desktop', async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, inject('appUrl'), inject('user'));
    const boxes = await Promise.all(
      ['nav[aria-label="Folders"]', '[role="listbox"]', 'section[aria-label="Message"]'].map((s) =>
        page.locator(s).boundingBox(),
      ),
    );
    const [folders, list, reader] = boxes;
    expect(folders && list && reader).toBeTruthy();
    expect(folders!.x + folders!.width).toBeLessThanOrEqual(list!.x + 1);
    expect(list!.x + list!.width).toBeLessThanOrEqual(reader!.x + 1);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await context.close();
  });

  it('shows one pane at a time on a phone, with Back and Folders buttons and the browser Back button', async () => {
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, inject('appUrl'), inject('user'));
    expect(await visible(page, '[role="listbox"]')).toBe(true);
    expect(await visible(page, 'nav[aria-label="Folders"]')).toBe(false);
    expect(await visible(page, 'section[aria-label="Message"]')).toBe(false);

    await page.getByRole('button', { name: 'Folders' }).click();
    await page.locator('[role="tree"]').waitFor();
    expect(await visible(page, '[role="listbox"]')).toBe(false);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('treeitem');
    await page.getByRole('treeitem', { name: /^Sent/ }).click();
    await page.waitForFunction(() => document.querySelector('#message-pane-heading')?.textContent === 'Sent');
    expect(await visible(page, 'nav[aria-label="Folders"]')).toBe(false);

    await page.getByRole('button', { name: 'Folders' }).click();
    await page.getByRole('treeitem', { name: /^Inbox/ }).click();
    await page.waitForFunction(
      () => document.querySelector('#message-pane-heading')?.textContent === 'Inbox',
    );
    const row = page.locator(`[role="option"][data-uid="${readMessage?.uid}"]`);
    await row.scrollIntoViewIfNeeded();
    await row.click();
    await page.locator('section[aria-label="Message"]').waitFor();
    expect(await visible(page, '[role="listbox"]')).toBe(false);
    await expect(page.getByRole('button', { name: 'Back to Inbox' }).isVisible()).resolves.toBe(true);

    await page.goBack();
    await page.locator('[role="listbox"]').waitFor();
    expect(await visible(page, 'section[aria-label="Message"]')).toBe(false);

    await row.click();
    await page.getByRole('button', { name: 'Back to Inbox' }).click();
    await page.locator('[role="listbox"]').waitFor();
    expect(await visible(page, 'section[aria-label="Message"]')).toBe(false);
    await context.close();
  });

  it('follows a dark color scheme', async () => {
    context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await signIn(page, inject('appUrl'), inject('user'));
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeLessThan(150);
    await context.close();
  });
});
