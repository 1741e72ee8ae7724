// The message list against the real Dovecot: every INBOX subject decoded as the corpus says (RFC 2047 in many
// charsets, and a raw 8-bit GBK subject), row marks, recipients in Sent, and the 10,000-message Big folder:
// first rows, End to its oldest message, Home back to the newest.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { bigFolderMessage, buildCorpus } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { signIn } from './support/app.ts';

const BIG_FOLDER_SIZE = 10_000; // global-setup.ts seeds Big with this many

/** The subject of Big's message i, decoded here independently of the app (UTF-8 B words only). */
function bigSubject(i: number): string {
  const raw = bigFolderMessage(i, new Date(0)).toString('utf8');
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\?=\r\n[ \t]+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_m, b64: string) => `\u0000${b64}`)
    .split('\u0000')
    .map((part, index) => (index === 0 ? part : Buffer.from(part, 'base64').toString('utf8')))
    .join('');
}

interface Row {
  uid: number;
  subject: string;
  who: string;
  marks: string;
  posinset: string | null;
}

const rows = (page: Page): Promise<Row[]> =>
  page.locator('[role="option"][data-uid]').evaluateAll((nodes) =>
    nodes.map((node) => ({
      uid: Number(node.getAttribute('data-uid')),
      subject: node.querySelector('.subject')?.textContent ?? '',
      who: node.querySelector('.who')?.textContent ?? '',
      marks: node.querySelector('.visually-hidden')?.textContent ?? '',
      posinset: node.getAttribute('aria-posinset'),
    })),
  );

describe('the message list', () => {
  let browser: Browser;
  let page: Page;
  const corpus = buildCorpus();

  beforeAll(async () => {
    browser = await launchChromium();
    // Tall enough for all of INBOX to be rendered at once.
    page = await browser.newPage({ viewport: { width: 1280, height: 2800 } });
    await signIn(page, inject('appUrl'), inject('user'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every INBOX subject decoded, including the raw 8-bit GBK one, newest first', async () => {
    const inbox = corpus.filter((m) => m.folder === 'INBOX');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="option"][data-uid]').length === n,
      inbox.length,
    );
    const shown = await rows(page);
    const byUid = new Map(shown.map((row) => [row.uid, row]));
    for (const message of inbox) {
      expect.soft(byUid.get(message.uid)?.subject, message.id).toBe(message.expect.subject || '(no subject)');
    }
    const gbk = inbox.find((m) => m.id === 'gbk-raw-8bit-subject');
    expect(byUid.get(gbk?.uid ?? -1)?.subject).toBe('第三季度财务报表（请查收）');
    // Newest first: the two messages of "today" lead the list.
    expect(
      shown
        .slice(0, 2)
        .map((row) => row.uid)
        .sort(),
    ).toEqual(
      inbox
        .filter((m) => m.id.startsWith('today-'))
        .map((m) => m.uid)
        .sort(),
    );
  });

  it('marks unread, flagged, answered and attachments', async () => {
    const inbox = corpus.filter((m) => m.folder === 'INBOX');
    const byUid = new Map((await rows(page)).map((row) => [row.uid, row]));
    const uidOf = (id: string) => inbox.find((m) => m.id === id)?.uid ?? -1;
    expect(byUid.get(uidOf('gb18030-q-subject'))?.marks).toBe('Flagged');
    expect(byUid.get(uidOf('thread-01'))?.marks).toBe('Answered');
    expect(byUid.get(uidOf('attachment-pdf-invoice'))?.marks).toBe('Has attachments');
    expect(byUid.get(uidOf('calendar-invite'))?.marks).toBe('Unread, Has attachments');
    const unreadRow = page.locator(`[role="option"][data-uid="${uidOf('today-standup')}"] .subject`);
    await expect(unreadRow.evaluate((node) => getComputedStyle(node).fontWeight)).resolves.toBe('700');
  });

  it('shows recipients instead of the sender in Sent', async () => {
    await page.getByRole('treeitem', { name: /^Sent/ }).click();
    await page.waitForFunction(() => document.querySelector('#message-pane-heading')?.textContent === 'Sent');
    await page.locator('[role="option"][data-uid]').first().waitFor();
    const who = (await rows(page)).map((row) => row.who);
    expect(who.length).toBeGreaterThan(0);
    for (const text of who) expect(text).toMatch(/^To: /);
  });

  it('opens the 10,000-message Big folder and jumps to its oldest message with End, and back with Home', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('treeitem', { name: /^Big/ }).click();
    await page.waitForFunction(() => document.querySelector('#message-pane-heading')?.textContent === 'Big');
    const listbox = page.getByRole('listbox');
    await page.locator('[role="option"][data-uid]').first().waitFor();
    await page.waitForFunction(
      () => document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'false',
    );
    await expect(page.locator('[role="progressbar"]').count()).resolves.toBe(0);

    const first = (await rows(page))[0];
    expect(first).toMatchObject({
      uid: BIG_FOLDER_SIZE,
      posinset: '1',
      subject: bigSubject(BIG_FOLDER_SIZE - 1),
    });

    await listbox.focus();
    await page.keyboard.press('End');
    const active = async () => {
      const id = await listbox.getAttribute('aria-activedescendant');
      return page.locator(`[id="${id}"]`);
    };
    await page.waitForFunction(() => {
      const id = document.querySelector('[role="listbox"]')?.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.hasAttribute('data-uid') : false;
    });
    const oldest = await active();
    await expect(oldest.getAttribute('aria-posinset')).resolves.toBe(String(BIG_FOLDER_SIZE));
    await expect(oldest.getAttribute('data-uid')).resolves.toBe('1');
    await expect(oldest.locator('.subject').textContent()).resolves.toBe(bigSubject(0));

    await page.keyboard.press('Home');
    await expect((await active()).getAttribute('aria-posinset')).resolves.toBe('1');
  });
});
