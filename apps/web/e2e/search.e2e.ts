// Searching in the real app, answered by Dovecot's own SEARCH (CHARSET UTF-8): a Chinese word in the Inbox and a
// Russian one in Работа, in another case than the mail has it, list exactly the corpus messages that hold them,
// with the count; clearing gives the folder back; "All folders" finds a word in several folders and opens a
// result in its folder. The expected messages are the corpus's (packages/testbed/src/corpus): the word is in
// their subject or text.
// The suite runs on a Dovecot of its own (support/organize.ts), like the other suites that change the mailbox.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openFolder, waitForMessage } from './support/app.ts';
import { corpusCount, corpusSubject, listedUids, rowAt, useOwnMailbox } from './support/organize.ts';

describe('searching in the app', () => {
  let page: Page;

  useOwnMailbox((started) => (page = started.page));

  const searchBox = () => page.getByRole('search').getByRole('searchbox', { name: 'Search' });
  const searchStatus = () => page.getByRole('search').getByRole('status');

  async function search(words: string): Promise<void> {
    await searchBox().fill(words);
    await searchBox().press('Enter');
  }

  /** The folder's whole list is back: its first row says how many messages the folder has. */
  async function expectWholeFolder(folder: string): Promise<void> {
    await expect.poll(() => rowAt(page, 1).getAttribute('aria-setsize')).toBe(String(corpusCount(folder)));
    await expect(searchStatus().count()).resolves.toBe(0);
  }

  it('finds a Chinese word in the Inbox, lists exactly those messages, and clearing restores the folder', async () => {
    await openFolder(page, 'Inbox');
    await search('预算');
    await expect.poll(() => searchStatus().innerText()).toBe('2 messages found');
    // 2025年度预算草案 (in the subject) and 关于下周项目评审会议的安排 (预算执行情况 in the text).
    await expect.poll(async () => (await listedUids(page)).sort((a, b) => a - b)).toEqual([8, 34]);
    const subjects = await page
      .getByRole('listbox', { name: /^Messages in / })
      .locator('.subject')
      .allInnerTexts();
    expect(subjects.sort()).toEqual([corpusSubject('INBOX', 8), corpusSubject('INBOX', 34)].sort());

    await page.getByRole('search').getByRole('button', { name: 'Clear search' }).first().click();
    await expect(searchBox().inputValue()).resolves.toBe('');
    await expectWholeFolder('INBOX');
  });

  it('finds a Russian word in Работа whatever its case, and Escape restores the folder', async () => {
    await openFolder(page, 'Работа');
    // The mail writes "Отчёт"; Dovecot compares case-insensitively (i;unicode-casemap).
    await search('отчёт');
    await expect.poll(() => searchStatus().innerText()).toBe('3 messages found');
    await expect.poll(async () => (await listedUids(page)).sort((a, b) => a - b)).toEqual([1, 2, 5]);

    await searchBox().press('Escape');
    await expectWholeFolder('Работа');
  });

  it('searches all folders and opens a result in its own folder', async () => {
    await openFolder(page, 'Inbox');
    await page.getByRole('search').getByRole('button', { name: 'Search options' }).click();
    await page.getByRole('search').getByRole('radio', { name: 'All folders' }).check();
    await expect(searchBox().getAttribute('placeholder')).resolves.toBe('Search all folders');

    await search('项目');
    await expect.poll(() => searchStatus().innerText()).toBe('4 messages found');
    const results = page.getByRole('listbox', { name: 'Search results in all folders' }).getByRole('option');
    const found = async () =>
      (
        await results.evaluateAll((rows) =>
          rows.map(
            (row) =>
              `${row.querySelector('.folder')?.textContent ?? ''} | ${row.querySelector('.subject')?.textContent ?? ''}`,
          ),
        )
      ).sort();
    await expect.poll(found).toEqual(
      [
        `Inbox | ${corpusSubject('INBOX', 34)}`,
        `工作 | ${corpusSubject('工作', 3)}`,
        // A folder by its path, as notices name it: 项目 alone could be any folder's child.
        `工作/项目 | ${corpusSubject('工作/项目', 1)}`,
        `工作/项目 | ${corpusSubject('工作/项目', 2)}`,
      ].sort(),
    );

    // And a Russian word: the Inbox and Работа.
    await search('отчёт');
    await expect.poll(() => searchStatus().innerText()).toBe('4 messages found');
    await expect
      .poll(found)
      .toEqual(
        [
          `Inbox | ${corpusSubject('INBOX', 33)}`,
          `Работа | ${corpusSubject('Работа', 1)}`,
          `Работа | ${corpusSubject('Работа', 2)}`,
          `Работа | ${corpusSubject('Работа', 5)}`,
        ].sort(),
      );

    const protocol = results.filter({ hasText: corpusSubject('Работа', 5) });
    await expect(protocol.locator('.visually-hidden').innerText()).resolves.toContain('in Работа');
    await protocol.click();
    await waitForMessage(page, 5);
    await expect.poll(() => page.locator('#message-pane-heading').textContent()).toBe('Работа');
    await expect(page.locator('.message-header h2').textContent()).resolves.toBe(corpusSubject('Работа', 5));
  });
});
