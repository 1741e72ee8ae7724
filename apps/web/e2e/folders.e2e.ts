// The folder tree from the real Dovecot: special-use folders first with localized names, the rest sorted,
// non-ASCII names decoded from modified UTF-7 (Работа, 工作/项目), \Noselect parents not selectable,
// unread counts, and a folder opening on click and from the keyboard.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { buildCorpus } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { signIn } from './support/app.ts';

interface TreeItem {
  name: string;
  level: string | null;
  disabled: string | null;
  text: string;
}

describe('the folder tree', () => {
  let browser: Browser;
  let page: Page;
  const corpus = buildCorpus();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, inject('appUrl'), inject('user'));
    // The folders are listed once the first rows are in.
    await page.locator('[role="tree"] [role="treeitem"]').first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const items = (): Promise<TreeItem[]> =>
    page.locator('[role="treeitem"]').evaluateAll((nodes) =>
      nodes.map((node) => ({
        name: node.querySelector('.name')?.textContent ?? '',
        level: node.getAttribute('aria-level'),
        disabled: node.getAttribute('aria-disabled'),
        text: node.textContent ?? '',
      })),
    );

  it('lists special-use folders first, then the rest sorted, with the hierarchy and decoded names', async () => {
    const tree = await items();
    expect(tree.map((item) => `${item.level}:${item.name}`)).toEqual([
      '1:Inbox',
      '1:Drafts',
      '1:Sent',
      '1:Junk',
      '1:Trash',
      '1:Archive',
      '1:Big',
      '1:Lists',
      '2:announce',
      '2:dovecot',
      '1:Работа',
      '1:工作',
      '2:项目',
    ]);
    expect(tree.find((item) => item.name === 'Lists')?.disabled).toBe('true');
  });

  it('shows unread counts from the server', async () => {
    const unread = (folder: string) =>
      corpus.filter((m) => m.folder === folder && !m.flags.includes('\\Seen')).length;
    const tree = await items();
    expect(tree.find((item) => item.name === '项目')?.text).toContain(
      `${unread('工作/项目')} unread message`,
    );
    expect(tree.find((item) => item.name === 'Inbox')?.text).toContain(`${unread('INBOX')} unread messages`);
  });

  it('opens 工作/项目 on click and lists its messages', async () => {
    await page.getByRole('treeitem', { name: /^项目/ }).click();
    await page.waitForFunction(() => document.querySelector('#message-pane-heading')?.textContent === '项目');
    const rows = page.locator('[role="option"][data-uid]');
    await rows.first().waitFor();
    const subjects = await rows.locator('.subject').allTextContents();
    const expected = corpus.filter((m) => m.folder === '工作/项目').map((m) => m.expect.subject);
    expect(subjects.sort()).toEqual(expected.sort());
  });

  it('opens Работа from the keyboard; Enter on the \\Noselect parent only folds it', async () => {
    const lists = page.getByRole('treeitem', { name: /^Lists/ });
    await lists.focus();
    await page.keyboard.press('Enter');
    await expect(lists.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.locator('#message-pane-heading').textContent()).resolves.toBe('项目');
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-path'))).resolves.toBe(
      'Работа',
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('#message-pane-heading')?.textContent === 'Работа',
    );
    await expect(page.getByRole('treeitem', { name: /^Работа/ }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
  });
});
